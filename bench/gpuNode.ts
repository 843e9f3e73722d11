/**
 * The WebGPU benchmark in Node, through Dawn (the `webgpu` package's dawn.node) and the machine's
 * Vulkan driver: for a lent GPU machine that has Python but no browser and no Node (the folder
 * bench/device/pack.sh builds carries this file bundled, dawn.node and a Node binary). It times the
 * same plan as the Chromium page (bench/gpu/measure.ts) plus the network scene, names the adapter,
 * prints a readable log and writes the result as JSON (bench/gpuDevice.ts renders it for
 * BENCHMARKS.md). On a machine without a GPU, Dawn finds SwiftShader (a CPU Vulkan) where its ICD is
 * given, and the output says so.
 *
 *   npx tsx bench/gpuNode.ts [out.json]          (or GPU_BENCH_OUT=out.json)
 *
 * Environment (all optional; the defaults are the full plan for a real GPU):
 *   GPU_BENCH_DAWN        Dawn toggles for create(), whitespace-separated (default: backend=vulkan)
 *   GPU_BENCH_SCENES      analytic scenes, comma-separated (default: valley,rosenbrock)
 *   GPU_BENCH_KS          analytic Ks (default: 1,16,64,256)
 *   GPU_BENCH_REPS        timed repetitions per row, after one warm-up (default: 3)
 *   GPU_BENCH_MLP_KS      network Ks, empty for none (default: 4,64)
 *   GPU_BENCH_MLP_EPOCHS  epochs of one network run (default: 20)
 *   GPU_BENCH_MACHINE     how the machine is named in the report (default: the host name)
 *   GPU_BENCH_GPU         the GPU as the system names it (run.sh passes nvidia-smi's name)
 *   GPU_BENCH_COMMIT      the commit the bundle was built from (run.sh passes pack.sh's)
 *   GPU_BENCH_REQUIRE_GPU 1: a CPU adapter (SwiftShader, lavapipe) counts as no adapter
 *
 * Exit status: 0 measured, 3 no (GPU) adapter (run.sh then retries with the NVIDIA ICD),
 * 1 anything else. The JSON is written in every case, with `error` set when it failed.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { registerFusedKernels } from '../src/train/fused/register';
import type { TF } from '../src/train/tf';
import pkg from '../package.json';
import { adapterInfo, adapterLabel, measureGpu, onCpu } from './gpu/measure';
import { planFromEnv } from './gpu/plan';
import type { DeviceGpuResult } from './gpuDevice';

const NO_ADAPTER_EXIT = 3;

function outPath(): string {
  const p = resolve(process.argv[2] ?? process.env.GPU_BENCH_OUT ?? 'gpu-device.json');
  try {
    if (statSync(p).isDirectory()) return join(p, 'gpu-device.json');
  } catch {
    // not there yet: a file path
  }
  return p;
}

/**
 * Makes Dawn's WebGPU look like a browser's to tfjs: the GPU* classes and constants as globals
 * (tfjs uses GPUBufferUsage, GPUMapMode … by name), and `navigator.gpu`, which is all that
 * tfjs-backend-webgpu checks (webgpu_util.isWebGPUSupported) before it registers the backend.
 * Node 20 has no `navigator`; Node 21+ has one without `gpu`. No window, document or canvas: the
 * compute path touches none of them.
 */
async function installDawn(toggles: string[]): Promise<unknown> {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create(toggles);
  const g = globalThis as { navigator?: object };
  if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  return gpu;
}

async function main(): Promise<number> {
  const t0 = performance.now();
  const out = outPath();
  const toggles = (process.env.GPU_BENCH_DAWN ?? 'backend=vulkan').split(/\s+/).filter(Boolean);
  const plan = planFromEnv(process.env);
  const result: DeviceGpuResult = {
    kind: 'lr-lab-gpu-device',
    date: new Date().toISOString(),
    machine: process.env.GPU_BENCH_MACHINE || os.hostname(),
    gpu: process.env.GPU_BENCH_GPU?.trim() || undefined,
    commit: process.env.GPU_BENCH_COMMIT?.trim() || undefined,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    runtime: `Node ${process.version} + Dawn (npm webgpu ${pkg.devDependencies.webgpu}), toggles: ${toggles.join(' ') || 'none'}`,
    vulkanIcd: process.env.VK_DRIVER_FILES || process.env.VK_ICD_FILENAMES || undefined,
    adapter: 'none',
    onCpu: false,
    backend: 'none',
    plan,
    rows: [],
    mlp: [],
    seconds: 0,
  };
  const save = () => {
    result.seconds = Math.round((performance.now() - t0) / 100) / 10;
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  };
  const finish = (code: number): number => {
    save();
    console.log(`wrote ${out} (${result.seconds} s)`);
    return code;
  };

  const gpu = await installDawn(toggles);
  const info = await adapterInfo(gpu as Parameters<typeof adapterInfo>[0]);
  result.adapter = adapterLabel(info);
  if (info) result.adapterInfo = info;
  result.onCpu = onCpu(result.adapter, info);
  console.log(`adapter: ${result.adapter}${info?.isFallbackAdapter ? ' (fallback adapter)' : ''}`);
  if (!info) {
    result.error = 'Dawn found no WebGPU adapter (no Vulkan driver for a GPU, or no ICD given)';
    console.log(result.error);
    return finish(NO_ADAPTER_EXIT);
  }
  if (result.onCpu && process.env.GPU_BENCH_REQUIRE_GPU === '1') {
    result.error = `the adapter is a CPU implementation (${result.adapter}), and a GPU was required`;
    console.log(result.error);
    return finish(NO_ADAPTER_EXIT);
  }
  console.log(
    result.onCpu
      ? 'NOTE: this adapter is SwiftShader / a CPU implementation, NOT a GPU: the figures are WebGPU on the CPU.'
      : 'a hardware GPU adapter',
  );

  // tfjs after navigator.gpu exists: the webgpu backend registers itself on import only then.
  const tf = (await import('@tensorflow/tfjs')) as unknown as TF;
  await import('@tensorflow/tfjs-backend-webgpu');
  registerFusedKernels(tf);
  if (!(await tf.setBackend('webgpu'))) {
    result.error = `tfjs did not start its webgpu backend on ${result.adapter}`;
    console.log(result.error);
    return finish(1);
  }
  await tf.ready();
  result.backend = tf.getBackend();
  console.log(
    `plan: ${plan.scenes.join(',')} K=${plan.ks.join(',')} × ${plan.steps} steps; cars K=${
      plan.mlpKs.join(',') || 'none'
    } × ${plan.mlpEpochs} epochs; ${plan.warmup} warm-up + ${plan.reps} reps`,
  );
  try {
    const m = await measureGpu(tf, plan, (line, sofar) => {
      console.log(`  ${line}`);
      // The rows so far reach the file too, should the machine's time run out mid-way.
      result.rows = sofar.rows;
      result.mlp = sofar.mlp;
      save();
    });
    result.rows = m.rows;
    result.mlp = m.mlp;
  } catch (err) {
    result.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    console.log(`failed: ${result.error}`);
    return finish(1);
  }
  return finish(0);
}

main().then(
  // Exit explicitly: a live Dawn device can keep the event loop alive.
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
