import type { TF } from '../tf';
import { FUSED_ANALYTIC_KERNEL } from './analyticKernel';
import { HOST_KERNELS } from './cpuAnalytic';
import { WEBGPU_KERNELS } from './webgpuAnalytic';

/**
 * Backends with a fused analytic kernel. WebGL stays unfused: a fragment shader writes one texel per
 * invocation, so a whole run's loss trace and path in one pass would need a program per output
 * texel re-running the trajectory, which is no faster than the ops it replaces.
 */
export const FUSED_BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;

/**
 * Registers the fused kernels with tfjs' global kernel registry, once (registering twice would
 * warn). Registering for a backend that never starts costs nothing: the registry is keyed by name.
 */
export function registerFusedKernels(tf: TF): void {
  for (const config of [...HOST_KERNELS, ...WEBGPU_KERNELS]) {
    if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
  }
}

/** Whether the active backend can run the fused analytic kernel. */
export function fusedOnActiveBackend(tf: TF): boolean {
  registerFusedKernels(tf);
  return tf.getKernel(FUSED_ANALYTIC_KERNEL, tf.getBackend()) !== undefined;
}
