/**
 * WebGPU in Chromium: the fused kernels against op by op, whole 200-step trajectories of K = 1…256
 * learning rates and one epoch of the cars network at K = 4 and 64 (bench/gpu/main.ts, built on its
 * own and served by `vite preview`).
 * Here Chromium's WebGPU runs on SwiftShader (a CPU implementation): the adapter is named in the
 * output, and a real GPU's figures need a machine with one.
 *
 * `npx tsx bench/gpuBench.ts` runs this part alone.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/chromium';
import type { GpuBench } from './gpu/main';
import { startPreview, stopPreview } from './preview';
import { metric, type Metric } from './results';
import { sig } from './stats';

const ROOT = resolve(import.meta.dirname, '..');
const OUT_DIR = join(os.tmpdir(), 'lr-lab-gpu-bench');
const PORT = Number(process.env.LR_LAB_GPU_PORT ?? 4178);
const CONFIG = join(ROOT, 'bench', 'gpu', 'vite.config.ts');

export interface GpuReport extends GpuBench {
  readonly metrics: Metric[];
}

function build(): void {
  const r = spawnSync('npx', ['vite', 'build', '--config', CONFIG], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LR_LAB_GPU_OUT: OUT_DIR },
  });
  if (r.status !== 0) throw new Error(`gpu bench build failed:\n${r.stdout}\n${r.stderr}`);
}

/** The page's server. Generous: on a busy shared machine vite's start alone has taken over a minute. */
function serve(): Promise<ChildProcess> {
  return startPreview(PORT, ['--config', CONFIG, '--outDir', OUT_DIR], {
    cwd: ROOT,
    env: { ...process.env, LR_LAB_GPU_OUT: OUT_DIR },
    waitMs: 180_000,
  });
}

export async function gpuBench(log: (line: string) => void): Promise<GpuReport> {
  build();
  const server = await serve();
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${PORT}/`);
      await page.waitForFunction(() => window.__gpuBench !== undefined, undefined, {
        timeout: 600_000,
        polling: 500,
      });
      const r = (await page.evaluate(() => window.__gpuBench))!;
      if (r.error) throw new Error(`gpu bench page: ${r.error}`);
      for (const x of r.rows) {
        log(
          `  chromium webgpu (${r.adapter}) ${x.scene} K=${x.K}: op by op ${x.unfusedMs.toFixed(1)} ms, fused ${x.fusedMs.toFixed(2)} ms, ${x.ratio.toFixed(1)}×`,
        );
      }
      const mlp = r.mlp ?? [];
      for (const x of mlp) {
        log(
          `  chromium webgpu (${r.adapter}) cars ${x.width}×${x.depth} K=${x.K}, ${x.steps} steps: op by op ${x.unfusedMs.toFixed(1)} ms, ` +
            (x.fused ? `fused ${x.fusedMs!.toFixed(2)} ms, ${x.ratio!.toFixed(1)}×` : 'not fused'),
        );
      }
      const k64 = r.rows.filter((x) => x.K === 64);
      const mlp64 = mlp.find((x) => x.K === 64);
      const metrics = [
        ...(k64.length
          ? [
              metric(
                'webgpu_fused_over_unfused_k64',
                sig(Math.min(...k64.map((x) => x.ratio))),
                'x',
                {
                  target: { op: '>=', value: 10 },
                  note: `Chromium webgpu on ${r.adapter}: op-by-op ms ÷ fused ms for a 200-step trajectory of 64 rates, the worst of ${k64.map((x) => x.scene).join('/')}`,
                },
              ),
            ]
          : []),
        ...(mlp64
          ? [
              metric('webgpu_mlp_fused_over_unfused_k64', sig(mlp64.ratio ?? 0), 'x', {
                target: { op: '>=', value: 10 },
                note: `Chromium webgpu on ${r.adapter}: op-by-op ms ÷ fused ms for the cars network (${mlp64.width}×${mlp64.depth} tanh, minibatches of 32), 64 runs × ${mlp64.steps} steps${mlp64.fused ? '' : '; NOT fused: no webgpu body'}`,
              }),
            ]
          : []),
      ];
      return { ...r, metrics };
    } finally {
      await browser.close();
    }
  } finally {
    stopPreview(server);
  }
}

/** The BENCHMARKS.md section. */
export function gpuMarkdown(r: GpuReport): string[] {
  return [
    '## Chromium WebGPU: fused kernel vs op by op',
    '',
    `Adapter: **${r.adapter}**${/swiftshader/i.test(r.adapter) ? ' (SwiftShader: WebGPU on the CPU, no real GPU on this machine)' : ''}.`,
    "bench/gpu/main.ts on the main thread of a page, through the app's own browser tfjs; 200-step",
    'trajectories (the network: one epoch, 8 steps of 32 rows), medians of 3 after a warm-up (which',
    'compiles the shaders), both paths alternating.',
    '',
    '| scene | K | op by op (ms) | fused (ms) | op by op ÷ fused |',
    '|---|---:|---:|---:|---:|',
    ...r.rows.map(
      (x) =>
        `| ${x.scene} | ${x.K} | ${x.unfusedMs.toFixed(1)} | ${x.fusedMs.toFixed(2)} | ${x.ratio.toFixed(1)} |`,
    ),
    ...(r.mlp ?? []).map(
      (x) =>
        `| cars ${x.width}×${x.depth} tanh, ${x.steps} steps | ${x.K} | ${x.unfusedMs.toFixed(1)} | ${x.fusedMs === null ? 'n/a' : x.fusedMs.toFixed(2)} | ${x.ratio === null ? 'n/a' : x.ratio.toFixed(1)} |`,
    ),
    '',
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  gpuBench(console.log)
    .then((r) => console.log(gpuMarkdown(r).join('\n')))
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
