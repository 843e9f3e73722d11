import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GPU_DEVICE_HEADING,
  gpuDeviceMarkdown,
  readDeviceResult,
  type DeviceGpuResult,
} from '../../bench/gpuDevice';

/** A small result as bench/gpuNode.ts writes it: one analytic row, two network rows. */
const fixture: DeviceGpuResult = {
  kind: 'lr-lab-gpu-device',
  date: '2026-11-28T05:00:00.000Z',
  machine: 'gpu-host',
  gpu: 'NVIDIA H100 80GB HBM3 (driver 580.159.04)',
  commit: 'abc1234',
  cpu: 'AMD EPYC',
  runtime: 'Node v20.20.2 + Dawn (npm webgpu 0.6.2), toggles: backend=vulkan',
  vulkanIcd: '/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json',
  adapter: 'nvidia / hopper / NVIDIA H100 80GB HBM3',
  onCpu: false,
  backend: 'webgpu',
  plan: {
    scenes: ['valley'],
    ks: [64],
    steps: 200,
    warmup: 1,
    reps: 3,
    mlpKs: [4, 64],
    mlpEpochs: 20,
  },
  rows: [
    {
      scene: 'valley',
      K: 64,
      unfusedMs: 123.456,
      fusedMs: 1.234,
      ratio: 100.04,
      agreement: { maxDiff: 3.14e-6, finiteOnOneSide: 0 },
    },
  ],
  mlp: [
    // No fused body: only op by op was timed.
    {
      scene: 'cars',
      width: 16,
      depth: 1,
      K: 4,
      steps: 160,
      epochs: 20,
      fused: false,
      unfusedMs: 987.64,
      fusedMs: null,
      ratio: null,
      agreement: null,
    },
    {
      scene: 'cars',
      width: 16,
      depth: 1,
      K: 64,
      steps: 160,
      epochs: 20,
      fused: true,
      unfusedMs: 1000,
      fusedMs: 40,
      ratio: 25,
      agreement: { maxDiff: 0.000126, finiteOnOneSide: 2 },
    },
  ],
  seconds: 61.2,
};

describe('gpuDeviceMarkdown', () => {
  it('names the GPU, the date and the machine, and renders the rows', () => {
    const md = gpuDeviceMarkdown(fixture).join('\n');
    expect(md).toContain(GPU_DEVICE_HEADING);
    expect(md).toContain('GPU: **NVIDIA H100 80GB HBM3 (driver 580.159.04)**');
    expect(md).toContain('adapter: nvidia / hopper / NVIDIA H100 80GB HBM3');
    expect(md).toContain('Measured 2026-11-28 (2026-11-28T05:00:00.000Z)');
    expect(md).toContain('on gpu-host (a lent GPU machine) by bench/gpuNode.ts');
    expect(md).toContain('Dawn (npm webgpu 0.6.2)');
    expect(md).toContain('medians of 3 after 1 warm-up');
    expect(md).toContain('code at abc1234');
    expect(md).not.toContain('not a GPU');
    // ms to 1 and 2 decimals, the ratio to 1: 123.456 → 123.5, 1.234 → 1.23, 100.04 → 100.0.
    // Agreement in exponent form to 2 digits: 3.14e-6 → 3.1e-6, 0.000126 → 1.3e-4.
    expect(md).toContain('| valley | 64 | 123.5 | 1.23 | 100.0 | 3.1e-6 |');
    expect(md).toContain('| 16×1 tanh | 4 | 160 | 987.6 | n/a | n/a | n/a |');
    expect(md).toContain(
      '| 16×1 tanh | 64 | 160 | 1000.0 | 40.00 | 25.0 | 1.3e-4 (2 diverged on one path) |',
    );
    expect(md).toContain('no WebGPU body for the fused network step');
  });

  it('says so when the adapter was SwiftShader, not a GPU', () => {
    const md = gpuDeviceMarkdown({
      ...fixture,
      gpu: undefined,
      machine: 'vm',
      adapter: 'google / swiftshader / SwiftShader driver 5.0.0',
      onCpu: true,
      mlp: [fixture.mlp[1]!],
    }).join('\n');
    expect(md).toContain('**not a GPU**');
    expect(md).toContain('SwiftShader driver 5.0.0');
    expect(md).not.toContain('a lent GPU machine');
    // Every network row was fused: no n/a note.
    expect(md).not.toContain('n/a');
  });

  it('says no real GPU result is recorded when there is none', () => {
    const md = gpuDeviceMarkdown(undefined).join('\n');
    expect(md).toContain(GPU_DEVICE_HEADING);
    expect(md).toContain('No real GPU result is recorded');
    expect(md).not.toContain('|');
  });

  it('reports a run that stopped early', () => {
    const md = gpuDeviceMarkdown({ ...fixture, error: 'Error: device lost\n    at x' }).join('\n');
    expect(md).toContain('The run stopped early: `Error: device lost`.');
  });
});

describe('readDeviceResult', () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'lr-lab-gpu-device-'));

  it('reads back what was written, and nothing where there is no file', () => {
    const path = join(dir, 'ok.json');
    writeFileSync(path, JSON.stringify(fixture));
    expect(readDeviceResult(path)).toEqual(fixture);
    expect(readDeviceResult(join(dir, 'absent.json'))).toBeUndefined();
  });

  it('refuses a file that is not a result, with a clear message', () => {
    const path = join(dir, 'other.json');
    writeFileSync(path, JSON.stringify({ results: [] }));
    expect(() => readDeviceResult(path)).toThrow(/is not a result of bench\/gpuNode\.ts/);
  });
});
