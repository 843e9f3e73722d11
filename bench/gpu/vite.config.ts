import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The WebGPU throughput page (bench/gpu/main.ts), built on its own: it trains through the app's own
 * browser tfjs (src/worker/tfBrowser.ts) on the main thread, so the bench can read its numbers.
 * Output folder from LR_LAB_GPU_OUT (bench/gpuBench.ts sets it).
 */
const root = dirname(fileURLToPath(import.meta.url));
export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  build: { target: 'es2022', outDir: process.env.LR_LAB_GPU_OUT ?? 'dist', emptyOutDir: true },
});
