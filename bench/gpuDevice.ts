/**
 * The WebGPU benchmark measured on a lent GPU machine (bench/gpuNode.ts through Node + Dawn on the
 * machine's Vulkan driver): its result file, read back and rendered as a BENCHMARKS.md section.
 * `npm run bench` cannot measure it itself (this machine has no GPU), so the figures come from the
 * committed file bench/gpu-device.json, with the date and machine they were measured on.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AdapterInfo, Agreement, GpuPlan, GpuRow, MlpGpuRow } from './gpu/measure';

/** What bench/gpuNode.ts writes. */
export interface DeviceGpuResult {
  kind: 'lr-lab-gpu-device';
  /** ISO time the run started. */
  date: string;
  machine: string;
  /** The GPU as the system names it (`nvidia-smi -L`), where the run could ask. */
  gpu?: string | undefined;
  /** The commit bench/device/pack.sh bundled. */
  commit?: string | undefined;
  cpu: string;
  runtime: string;
  vulkanIcd?: string | undefined;
  adapter: string;
  adapterInfo?: AdapterInfo;
  /** Whether the adapter was SwiftShader / a CPU implementation rather than a GPU. */
  onCpu: boolean;
  backend: string;
  plan: GpuPlan;
  rows: GpuRow[];
  mlp: MlpGpuRow[];
  seconds: number;
  error?: string;
}

export const GPU_DEVICE_HEADING = '## WebGPU on a real GPU (Node + Dawn, lent machine)';

/** Reads a result file; undefined when there is none, a clear error when it is not one. */
export function readDeviceResult(path: string): DeviceGpuResult | undefined {
  if (!existsSync(path)) return undefined;
  const r = JSON.parse(readFileSync(path, 'utf8')) as Partial<DeviceGpuResult>;
  if (r.kind !== 'lr-lab-gpu-device' || !Array.isArray(r.rows) || typeof r.adapter !== 'string') {
    throw new Error(`${path} is not a result of bench/gpuNode.ts`);
  }
  return { ...r, mlp: r.mlp ?? [] } as DeviceGpuResult;
}

const ms = (x: number | null, digits: number) => (x === null ? 'n/a' : x.toFixed(digits));
const agree = (a: Agreement | null | undefined) =>
  a
    ? `${a.maxDiff.toExponential(1)}${a.finiteOnOneSide ? ` (${a.finiteOnOneSide} diverged on one path)` : ''}`
    : 'n/a';

/** The BENCHMARKS.md section: the recorded result, or a line saying there is none. */
export function gpuDeviceMarkdown(r: DeviceGpuResult | undefined): string[] {
  if (!r) {
    return [
      GPU_DEVICE_HEADING,
      '',
      'No real GPU result is recorded: bench/gpu-device.json is absent. On a machine with a GPU, build',
      'the folder with `bash bench/device/pack.sh` and run `.gpu-bench/run.sh OUTDIR` there; commit',
      'OUTDIR/gpu-device.json as bench/gpu-device.json.',
      '',
    ];
  }
  const gpu = r.gpu ?? r.adapter;
  const day = r.date.slice(0, 10);
  const lines = [
    GPU_DEVICE_HEADING,
    '',
    r.onCpu
      ? `Adapter: **${r.adapter}**: SwiftShader / a CPU implementation, **not a GPU**: these are WebGPU-on-CPU figures.`
      : `GPU: **${gpu}**; WebGPU adapter: ${r.adapter}.`,
    `Measured ${day} (${r.date}) on ${r.machine}${r.onCpu ? '' : ' (a lent GPU machine)'} by bench/gpuNode.ts: ${r.runtime},`,
    `on the machine's Vulkan driver${r.vulkanIcd ? ` (ICD ${r.vulkanIcd})` : ''}; CPU ${r.cpu}; ${r.seconds} s in all${
      r.commit ? `; code at ${r.commit}` : ''
    }.`,
    `Not re-measured by \`npm run bench\` (this machine has no GPU): the figures come from bench/gpu-device.json.`,
    `Same code as the Chromium page (bench/gpu/measure.ts), timed to the last read-back, both paths`,
    `alternating, medians of ${r.plan.reps} after ${r.plan.warmup} warm-up (which compiles the shaders).`,
    'Agreement: the largest |fused − op by op| / (1 + |op by op|) of a final training loss over the K runs.',
    '',
  ];
  if (r.error) lines.push(`The run stopped early: \`${r.error.split('\n')[0]}\`.`, '');
  if (r.rows.length) {
    lines.push(
      `Analytic scenes, ${r.plan.steps}-step trajectories of K learning rates:`,
      '',
      '| scene | K | op by op (ms) | fused (ms) | op by op ÷ fused | final losses agree to |',
      '|---|---:|---:|---:|---:|---:|',
      ...r.rows.map(
        (x) =>
          `| ${x.scene} | ${x.K} | ${x.unfusedMs.toFixed(1)} | ${x.fusedMs.toFixed(2)} | ${x.ratio.toFixed(1)} | ${agree(x.agreement)} |`,
      ),
      '',
    );
  }
  if (r.mlp.length) {
    const noFused = r.mlp.some((x) => !x.fused);
    lines.push(
      'The network scene (cars, minibatches of 32), K networks trained together for the whole run:',
      '',
      '| network | K | steps | op by op (ms) | fused (ms) | op by op ÷ fused | final losses agree to |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...r.mlp.map(
        (x) =>
          `| ${x.width}×${x.depth} tanh | ${x.K} | ${x.steps} | ${x.unfusedMs.toFixed(1)} | ${ms(x.fusedMs, 2)} | ${
            x.ratio === null ? 'n/a' : x.ratio.toFixed(1)
          } | ${agree(x.agreement)} |`,
      ),
      '',
      ...(noFused
        ? [
            'n/a: this build had no WebGPU body for the fused network step, so `fused: true` trained op',
            'by op and only op by op was timed.',
            '',
          ]
        : []),
    );
  }
  return lines;
}
