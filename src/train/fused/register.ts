import type { TF } from '../tf';
import { FUSED_ANALYTIC_KERNEL, isFusedScene } from './analyticKernel';
import { fusedMlpSupported } from './mlpKernel';
import { HOST_KERNELS } from './cpuAnalytic';
import { WEBGPU_KERNELS } from './webgpuAnalytic';

/** The tfjs instances whose registry has the fused kernels (nothing here ever unregisters them). */
const registered = new WeakSet<TF>();

/**
 * Registers the fused kernels (cpu, wasm, webgpu) with tfjs' global kernel registry, once
 * (registering twice would warn). Registering for a backend that never starts costs nothing: the
 * registry is keyed by name. WebGL stays op by op: a fragment shader writes one texel per
 * invocation, so one pass writing a run's whole loss trace and path would re-run the trajectory for
 * every texel it writes.
 */
export function registerFusedKernels(tf: TF): void {
  // Checked on every fused request; looking up each kernel again costs a few µs of a call that
  // takes tens of them at small K (bench/throughput.ts), so each tfjs instance is done once.
  if (registered.has(tf)) return;
  registered.add(tf);
  for (const config of [...HOST_KERNELS, ...WEBGPU_KERNELS]) {
    if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
  }
}

/** Whether the active backend can run the fused analytic kernel. */
export function fusedOnActiveBackend(tf: TF): boolean {
  registerFusedKernels(tf);
  return tf.getKernel(FUSED_ANALYTIC_KERNEL, tf.getBackend()) !== undefined;
}

/** Whether a scene has a fused kernel on the active backend: the analytic one, or the network step. */
export function fusedApplies(tf: TF, scene: string): boolean {
  if (scene === 'cars' || scene === 'csv') return fusedMlpSupported(tf);
  return isFusedScene(scene) && fusedOnActiveBackend(tf);
}
