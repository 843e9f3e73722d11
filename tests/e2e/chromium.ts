/**
 * Debian's Chromium as the end-to-end tests and the browser benchmark launch it. WebGPU runs here
 * through SwiftShader with --enable-unsafe-webgpu; the other flags keep a root, offline Chromium
 * quiet (docs/ARCHITECTURE.md, Facts about the stack). A test tool's own browser download does not
 * work on these machines.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Chromium 156 opens a renderer of its own for every browser window, even headless: the address
 * bar's WebUI suggestion popup (chrome://omnibox-popup.top-chrome), preloaded. Every Playwright
 * context is a new window, so each test and each benchmark load paid for it: 1.2 s of renderer
 * CPU and 0.25 s of the browser process's per context, measured with `/proc` on this 2-core
 * machine, against 2.6 s for the lab's whole page load to `done`, so the suite ran on a third
 * less CPU than it used and every timed page load shared the cores with it. A user's Chrome loads
 * that popup once per window, not per page; Puppeteer turns the same two features off by default.
 *
 * Chromium reads only the last `--disable-features`, so this list repeats the one Playwright
 * passes (Playwright 1.65, its `chromiumSwitches`) before adding the popup's two features.
 */
const DISABLED_FEATURES = [
  // Playwright's own list.
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  // The address bar's popup.
  'WebUIOmniboxPopup',
  'WebUIOmniboxAimPopup',
];

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  `--disable-features=${DISABLED_FEATURES.join(',')}`,
];
