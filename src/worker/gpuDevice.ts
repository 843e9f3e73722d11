/// <reference types="@webgpu/types" />
import type { KernelBackend } from '@tensorflow/tfjs-core';
import type { TF } from '../train/tf';

/** A WebGPU device and what its adapter said of itself (tfjs' WebGPUBackend takes both). */
export interface GpuDevice {
  readonly device: GPUDevice;
  readonly info: GPUAdapterInfo | undefined;
}

/** The adapter limits tfjs-backend-webgpu 4.22 asks for in full (its base.ts factory). */
const LIMITS = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
] as const;

let early: Promise<GpuDevice | undefined> | undefined;
let handedOver = false;
let lost = false;

/**
 * This worker's WebGPU device, asked for once: the same adapter options, features and limits as
 * tfjs-backend-webgpu's own factory, so the backend that later adopts it (`shareDevice`) behaves
 * as one it made itself. Undefined where WebGPU is missing or gives no adapter or device. Asked for
 * as soon as a request needs WebGPU, while tfjs is not loaded yet: the first figure of a WebGPU
 * link is trained on it without tfjs (src/train/fused/deviceAnalytic.ts).
 */
export function gpuDevice(): Promise<GpuDevice | undefined> {
  early ??= (async () => {
    const gpu = (globalThis.navigator as Navigator & { gpu?: GPU }).gpu;
    const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return undefined;
    const requiredFeatures: GPUFeatureName[] = adapter.features.has('timestamp-query')
      ? ['timestamp-query']
      : [];
    const requiredLimits = Object.fromEntries(LIMITS.map((k) => [k, adapter.limits[k]]));
    const device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
    void device.lost.then(() => (lost = true));
    return { device, info: adapter.info };
  })().catch(() => undefined);
  return early;
}

/**
 * The early device for tfjs' WebGPU backend, once, if one was asked for and is not lost; undefined
 * otherwise (the backend then makes its own). A backend made again after a loss never gets it.
 */
async function adoptDevice(): Promise<GpuDevice | undefined> {
  if (!early || handedOver) return undefined;
  handedOver = true;
  const got = await early;
  return lost ? undefined : got;
}

/**
 * Lets tfjs' WebGPU backend start on the early device (`gpuDevice`), if one was asked for: the
 * first figure of a WebGPU link was trained on that device without tfjs, the service trains it
 * again there and gets the same bits, and a second device (a fifth of a second to start here) is
 * never asked for. Without an early device, tfjs' own factory runs as registered. Call once, right
 * after the backend's code has registered it: removing a backend disposes the one started.
 */
export function shareDevice(
  tf: TF,
  WebGPUBackend: new (device: GPUDevice, info?: GPUAdapterInfo) => KernelBackend,
): void {
  const own = tf.findBackendFactory('webgpu');
  if (!own) return;
  tf.removeBackend('webgpu');
  tf.registerBackend(
    'webgpu',
    async () => {
      const got = await adoptDevice();
      return got ? new WebGPUBackend(got.device, got.info) : own();
    },
    3, // tfjs-backend-webgpu's own priority
  );
}
