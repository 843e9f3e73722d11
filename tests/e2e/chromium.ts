/**
 * Debian's Chromium as the end-to-end tests and the browser benchmark launch it. WebGPU runs here
 * through SwiftShader with --enable-unsafe-webgpu; the other flags keep a root, offline Chromium
 * quiet (docs/ARCHITECTURE.md, Facts about the stack). A test tool's own browser download does not
 * work on these machines.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
