/// <reference types="@webgpu/types" />
import type { BatchedOutput, BatchedRequest } from '../batched';
import { updateChunks } from '../chunkDriver';
import { recordWidth, type AnalyticSpec, type FusedAttrs } from './analyticKernel';
import { fusedRequest } from './analyticRequest';
import { advanceWgsl, WORKGROUP } from './webgpuAnalytic';

/**
 * The declarations `advanceWgsl` reads, as tfjs-backend-webgpu 4.22 makes them for a program with
 * inputs `carry` and `chunkInput` (webgpu_program.ts makeShader): the output `result` at binding 0,
 * the inputs after it, the uniforms last; `isnan` as tfjs defines it (WGSL has none: a NaN is an
 * all-ones exponent with a non-zero fraction, IEEE 754 §3.4). Only `carryShape` of tfjs' uniforms is
 * read, so only it is declared.
 */
const DECLARATIONS = `
fn isnan(val: f32) -> bool { return (bitcast<u32>(val) & 0x7fffffffu) > 0x7f800000u; }
struct Uniforms { carryShape: vec2<i32> };
@group(0) @binding(0) var<storage, read_write> result: array<f32>;
@group(0) @binding(1) var<storage, read> carry: array<f32>;
@group(0) @binding(2) var<storage, read> chunkInput: array<f32>;
@group(0) @binding(3) var<uniform> uniforms: Uniforms;
`;

/** tfjs' entry for a flat dispatch of one index per invocation (getGlobalIndex: globalId.x). */
const ENTRY = `
@compute @workgroup_size(${WORKGROUP}, 1, 1)
fn _start(@builtin(global_invocation_id) id: vec3<u32>) { main(i32(id.x)); }
`;

/** Compiled pipelines per device and program text: a slider drag asks for the same one again. */
const pipelines = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();

function pipelineOf(device: GPUDevice, attrs: FusedAttrs): Promise<GPUComputePipeline> {
  const code = DECLARATIONS + advanceWgsl(attrs) + ENTRY;
  let mine = pipelines.get(device);
  if (!mine) pipelines.set(device, (mine = new Map()));
  let p = mine.get(code);
  if (!p) {
    p = device.createComputePipelineAsync({
      layout: 'auto',
      compute: { module: device.createShaderModule({ code }), entryPoint: '_start' },
    });
    // A failed compile is not kept: the next call tries again.
    p.catch(() => mine.delete(code));
    mine.set(code, p);
  }
  return p;
}

const { STORAGE, COPY_DST, COPY_SRC, MAP_READ, UNIFORM } = {
  STORAGE: 0x80,
  COPY_DST: 0x8,
  COPY_SRC: 0x4,
  MAP_READ: 0x1,
  UNIFORM: 0x40,
} as const; // GPUBufferUsage's values (W3C WebGPU §5.1), which a worker without WebGPU lacks.

/** A buffer for `usage` holding `data`. */
function upload(device: GPUDevice, data: Float32Array | Int32Array, usage: number): GPUBuffer {
  const buffer = device.createBuffer({
    size: Math.max(16, data.byteLength),
    usage: usage | COPY_DST,
  });
  // Every array here is the sole view of its own ArrayBuffer (none is shared memory).
  device.queue.writeBuffer(buffer, 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
  return buffer;
}

/**
 * One kernel call: K runs from `carry` through the chunk `input` describes, `bytes` of output read
 * back. Rejects on any device error (both error scopes are popped whatever happens, so none is left
 * to swallow a later user's errors on this device).
 */
async function advance(
  device: GPUDevice,
  pipeline: GPUComputePipeline,
  K: number,
  carry: Float32Array,
  input: Float32Array,
  bytes: number,
): Promise<Float32Array> {
  const P3 = carry.length / K;
  const buffers: GPUBuffer[] = [];
  const read = device.createBuffer({ size: bytes, usage: MAP_READ | COPY_DST });
  device.pushErrorScope('validation');
  device.pushErrorScope('out-of-memory');
  let faults: Promise<(GPUError | null)[]>;
  try {
    buffers.push(
      device.createBuffer({ size: bytes, usage: STORAGE | COPY_SRC }),
      upload(device, carry, STORAGE),
      upload(device, input, STORAGE),
      upload(device, new Int32Array([K, P3, 0, 0]), UNIFORM),
    );
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(
      0,
      device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
      }),
    );
    pass.dispatchWorkgroups(Math.ceil(K / WORKGROUP));
    pass.end();
    encoder.copyBufferToBuffer(buffers[0]!, 0, read, 0, bytes);
    device.queue.submit([encoder.finish()]);
  } finally {
    faults = Promise.all([device.popErrorScope(), device.popErrorScope()]);
  }
  try {
    const fault = (await faults).find((f) => f !== null);
    if (fault) throw new Error(fault.message);
    await read.mapAsync(1); // GPUMapMode.READ
    return new Float32Array(read.getMappedRange().slice(0));
  } finally {
    for (const b of [...buffers, read]) b.destroy();
  }
}

/**
 * `trainFused` on the WebGPU backend, without tfjs: the same chunks and `chunkInput` vectors
 * (fusedRequest), the same WGSL (`advanceWgsl`), dispatched on `device` directly. tfjs and its
 * WebGPU backend take most of a second to load in a worker, and the device alone answers sooner,
 * so the worker entry draws a WebGPU link's first figure with this while tfjs waits
 * (src/worker/firstResult.ts); the service then trains the request again on the same device, and
 * its copy is dropped when it is the same (tests/worker/firstResultWebgpu.test.ts holds the two
 * to the same bits). Rejects on any device error, and the service trains the request as usual.
 */
export async function trainOnDevice(
  spec: AnalyticSpec,
  req: BatchedRequest,
  device: GPUDevice,
): Promise<BatchedOutput> {
  const { K, T, P, chunk, attrs, losses, paths, ...set } = fusedRequest(spec, req);
  const pipeline = await pipelineOf(device, attrs);
  let carry = set.carry;
  for (const { t0, t1 } of updateChunks(T, chunk)) {
    const n = t1 - t0;
    const bytes = K * recordWidth(n, P) * 4;
    const out = await advance(device, pipeline, K, carry, set.chunkInput(t0, n), bytes);
    set.store(t0, n, out);
    carry = set.nextCarry(n, out);
  }
  return { losses, paths, fused: true };
}
