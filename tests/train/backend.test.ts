import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  FIRST_CHOICE,
  pickAfterProbe,
  PROBE_TIE_MS,
  PROBE_TIE_RATIO,
  SCENE_KIND,
  setBackendLoader,
  startBackend,
  startFastest,
  startForced,
  type ProbePair,
} from '../../src/train/backend';
import { tf } from '../helpers/tfjs';

// In Node only cpu and wasm are registered: webgpu needs navigator.gpu at import and the umbrella
// package registers webgl only in a browser. A backend that is registered but fails to start (a
// WebGPU adapter that is missing, say) is simulated by registering a factory that throws: tfjs then
// resolves setBackend to false instead of throwing.
describe('backend selection in Node', () => {
  // tfjs logs each backend that fails to initialise; keep the output readable.
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  afterAll(() => warn.mockRestore());
  afterEach(() => {
    if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  });
  // A "webgpu" that is tfjs' own cpu backend under another name: registered and working.
  const registerWorkingWebgpu = () =>
    tf.registerBackend('webgpu', () => {
      const factory = tf.findBackendFactory('cpu');
      if (!factory) throw new Error('no cpu backend');
      return factory();
    });
  const registerBrokenWebgpu = () =>
    tf.registerBackend('webgpu', () => {
      throw new Error('no adapter');
    });

  it('startBackend says whether the backend really started', async () => {
    expect(await startBackend(tf, 'cpu')).toBe(true);
    expect(tf.getBackend()).toBe('cpu');
    expect(await startBackend(tf, 'wasm')).toBe(true);
    expect(tf.getBackend()).toBe('wasm');
    // Not registered: setBackend would throw.
    expect(await startBackend(tf, 'webgpu')).toBe(false);
    expect(await startBackend(tf, 'webgl')).toBe(false);
  });

  it('a backend kept in its own chunk is loaded before it starts; one that fails to load did not start', async () => {
    // The browser worker registers webgpu only when its chunk is imported: the loader stands for it.
    const loaded: string[] = [];
    setBackendLoader((name) => {
      loaded.push(name);
      if (name === 'webgpu') registerWorkingWebgpu();
      if (name === 'webgl') return Promise.reject(new Error('chunk failed to load'));
      return Promise.resolve();
    });
    try {
      expect(await startBackend(tf, 'webgpu')).toBe(true);
      expect(tf.getBackend()).toBe('webgpu');
      expect(await startBackend(tf, 'webgl')).toBe(false);
      expect(await startBackend(tf, 'cpu')).toBe(true);
      expect(loaded).toEqual(['webgpu', 'webgl', 'cpu']);
    } finally {
      setBackendLoader(() => Promise.resolve());
    }
  });

  it('startBackend reports false for a registered backend whose start-up fails', async () => {
    registerBrokenWebgpu();
    expect(await startBackend(tf, 'webgpu')).toBe(false);
  });

  it('a forced backend that starts is used, with no notice', async () => {
    expect(await startForced(tf, 'cpu')).toEqual({
      name: 'cpu',
      reason: { code: 'link' },
      notices: [],
    });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('a forced backend that cannot start falls to the next in order, naming each failure', async () => {
    registerBrokenWebgpu();
    const result = await startForced(tf, 'webgpu');
    expect(result.name).toBe('wasm');
    expect(result.reason).toEqual({ code: 'fallback', forced: 'webgpu' });
    expect(result.notices).toHaveLength(2);
    expect(result.notices[0]).toEqual({ code: 'noStart', backend: 'webgpu' });
    expect(result.notices[1]).toEqual({ code: 'noStart', backend: 'webgl' });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('skipped backends are not tried, and no backend at all is an error', async () => {
    expect((await startForced(tf, 'wasm', new Set(['wasm']))).name).toBe('cpu');
    await expect(startForced(tf, 'cpu', new Set(['cpu']))).rejects.toThrow(
      /No TensorFlow.js backend/,
    );
  });

  it('auto keeps the backend the probe measured fastest, and leaves it active', async () => {
    for (const [fast, slow] of [
      ['wasm', 'cpu'],
      ['cpu', 'wasm'],
    ] as const) {
      const times = { [fast]: 1, [slow]: 5 } as Record<string, number>;
      const result = await startFastest(tf, async () => times[tf.getBackend()] ?? NaN);
      expect(result.name).toBe(fast);
      expect(result.probe).toEqual({ [fast]: 1, [slow]: 5 });
      expect(tf.getBackend()).toBe(fast);
    }
  });

  it('auto skips a backend that fails to start', async () => {
    registerBrokenWebgpu();
    const result = await startFastest(tf, async () => (tf.getBackend() === 'cpu' ? 1 : 2));
    expect(result.name).toBe('cpu');
    expect(result.probe).toEqual({ cpu: 1, wasm: 2 });
  });

  it('auto times op by op and fused where fusable, and keeps the fastest pair', async () => {
    // Fused is faster on wasm (2 vs 3 ms), op by op on cpu (1.5 vs 4): cpu op by op wins, and each
    // backend's entry in `probe` is its better path. Then wasm fused at 1 ms, fusable on wasm only.
    const times: Record<string, number> = {
      'wasm/false': 3,
      'wasm/true': 2,
      'cpu/false': 1.5,
      'cpu/true': 4,
    };
    const result = await startFastest(
      tf,
      async (fused) => times[`${tf.getBackend()}/${fused}`] ?? NaN,
      new Set(),
      () => true,
    );
    expect([result.name, result.fused]).toEqual(['cpu', false]);
    expect(result.probe).toEqual({ wasm: 2, cpu: 1.5 });
    expect(result.pairs).toEqual([
      { backend: 'wasm', fused: false, ms: 3 },
      { backend: 'wasm', fused: true, ms: 2 },
      { backend: 'cpu', fused: false, ms: 1.5 },
      { backend: 'cpu', fused: true, ms: 4 },
    ]);
    times['wasm/true'] = 1;
    const again = await startFastest(
      tf,
      async (fused) => times[`${tf.getBackend()}/${fused}`] ?? NaN,
      new Set(),
      () => tf.getBackend() === 'wasm',
    );
    expect([again.name, again.fused]).toEqual(['wasm', true]);
    expect(again.pairs?.map((p) => `${p.backend}/${p.fused}`)).toEqual([
      'wasm/false',
      'wasm/true',
      'cpu/false',
    ]);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('auto drops a backend whose workload throws', async () => {
    const result = await startFastest(tf, async () => {
      if (tf.getBackend() === 'wasm') throw new Error('kernel missing');
      return 3;
    });
    expect(result.name).toBe('cpu');
    expect(result.probe).toEqual({ cpu: 3 });
  });
});

describe("auto's choice after an idle-time probe", () => {
  const pair = (backend: ProbePair['backend'], fused: boolean, ms: number): ProbePair => ({
    backend,
    fused,
    ms,
  });
  const cpuFused = { backend: 'cpu', fused: true } as const;

  it('keeps the pair in use when the fastest is within the tie ratio', () => {
    // 1.0 vs 1.05 ms/step: 1.05 ≤ 1.0 × 1.1, a tie however long the run.
    expect(PROBE_TIE_RATIO).toBe(1.1);
    const pairs = [pair('wasm', true, 1), pair('cpu', true, 1.05)];
    expect(pickAfterProbe(pairs, cpuFused, 1e6)).toEqual({ pick: pairs[1], kept: true });
  });

  it('keeps it when the lead saves less than a frame over the whole training', () => {
    // 0.003 vs 0.006 ms/step over 60 steps saves 0.18 ms < 16 ms.
    expect(PROBE_TIE_MS).toBe(16);
    const pairs = [pair('wasm', true, 0.003), pair('cpu', true, 0.006)];
    expect(pickAfterProbe(pairs, cpuFused, 60)?.kept).toBe(true);
  });

  it('switches to a pair measured faster beyond both', () => {
    // 1 vs 2 ms/step (ratio 2 > 1.1) over 1500 steps saves 1500 ms > 16 ms.
    const pairs = [pair('cpu', true, 2), pair('wasm', false, 1.5), pair('wasm', true, 1)];
    expect(pickAfterProbe(pairs, cpuFused, 1500)).toEqual({ pick: pairs[2], kept: false });
  });

  it('ranks a failed (NaN) timing last and switches away from it', () => {
    const pairs = [pair('cpu', true, NaN), pair('wasm', true, 5)];
    expect(pickAfterProbe(pairs, cpuFused, 10)).toEqual({ pick: pairs[1], kept: false });
    expect(pickAfterProbe([pair('cpu', true, NaN)], cpuFused, 10)).toBeUndefined();
    expect(pickAfterProbe([], cpuFused, 10)).toBeUndefined();
  });

  it('a backend timed op by op only (no fused kernel there) is the pair a fused choice trains on', () => {
    const pairs = [pair('wasm', false, 1), pair('cpu', false, 1.02)];
    expect(pickAfterProbe(pairs, { backend: 'wasm', fused: true }, 100)).toEqual({
      pick: pairs[0],
      kept: true,
    });
  });

  it('first choices need no GPU: cpu fused for the analytic scenes, wasm for data and the network', () => {
    expect(FIRST_CHOICE[SCENE_KIND.valley]).toEqual({ backend: 'cpu', fused: true });
    expect(FIRST_CHOICE[SCENE_KIND.cars]).toEqual({ backend: 'wasm', fused: true });
    expect(FIRST_CHOICE[SCENE_KIND.linreg].backend).toBe('wasm');
  });
});
