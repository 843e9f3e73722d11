/**
 * In Chromium: the WebGPU benchmark (bench/gpu/measure.ts, CHROMIUM_PLAN) on the main thread of a
 * page, through the app's own browser tfjs. Results go to `window.__gpuBench` for
 * bench/gpuBench.ts.
 */
import { browserTf as tf, loadBackend } from '../../src/worker/tfBrowser';
import { adapterInfo, adapterLabel, CHROMIUM_PLAN, measureGpu, type GpuBench } from './measure';

export type { GpuBench, GpuRow } from './measure';

async function run(): Promise<GpuBench> {
  const gpu = (navigator as unknown as { gpu?: Parameters<typeof adapterInfo>[0] }).gpu;
  const info = await adapterInfo(gpu);
  const adapter = adapterLabel(info);
  // The app loads each backend's chunk when asked for (src/worker/tfBrowser.ts); so does this page.
  await loadBackend('webgpu');
  if (!(await tf.setBackend('webgpu'))) return { adapter, backend: tf.getBackend(), rows: [] };
  const status = document.getElementById('status')!;
  const { rows, mlp } = await measureGpu(tf, CHROMIUM_PLAN, (line) => (status.textContent = line));
  return { adapter, ...(info ? { adapterInfo: info } : {}), backend: 'webgpu', rows, mlp };
}

declare global {
  interface Window {
    __gpuBench?: GpuBench;
  }
}

run()
  .then((r) => (window.__gpuBench = r))
  .catch((err: unknown) => {
    window.__gpuBench = { adapter: '?', backend: tf.getBackend(), rows: [], error: String(err) };
  });
