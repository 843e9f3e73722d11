import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import type { Experiment } from '../../src/core/experiment';
import type { TF } from '../../src/train/tf';
import type { FromWorker, ToWorker } from '../../src/protocol/messages';
import { pickAfterProbe } from '../../src/train/backend';
import { createTrainService, type ServiceOptions } from '../../src/worker/trainService';
import { lecture } from '../helpers/experiments';

const valley: Experiment = lecture({ seed: 1 });

function collect(
  t: TF = tf as unknown as TF,
  {
    idleMs = 20,
    now = () => performance.now(),
    emulated,
  }: Pick<ServiceOptions, 'idleMs' | 'emulated'> & { now?: () => number } = {},
) {
  const out: FromWorker[] = [];
  const service = createTrainService(t, (m) => out.push(m), now, { idleMs, emulated });
  const results = () => out.filter((m) => m.type === 'result');
  /** Polls every 10 ms, `tries` times at most, until a message `done` accepts has come out. */
  const until = async (done: (m: FromWorker) => boolean, tries = 500) => {
    for (let i = 0; i < tries && !out.some(done); i++) await new Promise((r) => setTimeout(r, 10));
  };
  // The service chains requests on a promise; poll until it has answered the latest one.
  const idle = () =>
    until((m) => (m.type === 'result' || m.type === 'error') && m.gen === latestGen);
  let latestGen = 0;
  const send = (msg: Omit<ToWorker & { type: 'train' }, 'type'>) => {
    latestGen = msg.gen;
    service.receive({ type: 'train', ...msg });
  };
  /** Asks for analysis `gen` of the valley on cpu (every analysis here is of that figure). */
  const analyse = (gen: number, request: (ToWorker & { type: 'analyse' })['request']) =>
    service.receive({ type: 'analyse', gen, experiment: valley, backend: 'cpu', request });
  /** Waits until the analysis numbered `gen` (or its failure) has come back. */
  const analysed = async (gen: number) => {
    const done = (m: FromWorker) =>
      (m.type === 'analysis' || m.type === 'analysis-error') && m.gen === gen;
    await until(done);
    return out.filter(done);
  };
  /**
   * Waits for auto's idle-time probe to report: a `probe` message (the backend kept) or a result
   * carrying the probe's numbers (trained again on a faster pair).
   */
  const probed = async () => {
    const told = (m: FromWorker) =>
      m.type === 'probe' || (m.type === 'result' && m.backend.pairs !== undefined);
    await until(told, 1000);
    const m = out.find(told);
    if (!m || (m.type !== 'probe' && m.type !== 'result')) throw new Error('no probe came');
    return m;
  };
  /** Sends the valley as request 1 on `backend`, waits for the answer and returns the first result. */
  const firstResult = async (backend: ToWorker['backend']) => {
    send({ gen: 1, experiment: valley, backend });
    await idle();
    const r = results()[0];
    if (r?.type !== 'result') throw new Error('no result');
    return r;
  };
  return { out, results, idle, until, send, firstResult, analyse, analysed, probed, service };
}

/** The probe's report: a `probe` message or a result trained again. */
type Told = Awaited<ReturnType<ReturnType<typeof collect>['probed']>>;

/** What the page sends along after a probe: the backend it remembered from `told`. */
function rememberedFrom(
  told: Told,
): Pick<ToWorker & { type: 'train' }, 'remembered' | 'rememberedFused'> {
  return { remembered: told.backend.name, rememberedFused: told.backend.fused };
}

/**
 * A reload of the link: a new worker, the page's remembered choice from `told`, and the first
 * result it answers with.
 */
async function reload(told: Told) {
  const again = collect();
  again.send({ gen: 1, experiment: valley, backend: 'auto', ...rememberedFrom(told) });
  await again.idle();
  const r = again.results()[0];
  if (r?.type !== 'result') throw new Error('no result');
  return r;
}

describe('training service (the worker logic)', () => {
  it('after its probe, auto keeps the measured backend and its numbers for later requests', async () => {
    // The page remembers the probe's choice and sends it along from then on; this worker already
    // knows better (it measured), so the panel keeps showing the probe's numbers and nothing is
    // re-probed.
    const s = collect();
    s.send({ gen: 1, experiment: valley, backend: 'auto' });
    await s.idle();
    const told = await s.probed();
    s.send({
      gen: 2,
      experiment: { ...valley, lrs: [0.2] },
      backend: 'auto',
      ...rememberedFrom(told),
    });
    await s.idle();
    const second = s.results().filter((m) => m.gen === 2);
    expect(second).toHaveLength(1);
    expect(second[0]?.type === 'result' && second[0].backend).toEqual(told.backend);
    expect(
      s.out.filter((m) => m.type === 'probe' || m.type === 'result').length,
    ).toBeLessThanOrEqual(3);
  });

  it('auto with a remembered backend trains on it directly, without a provisional result', async () => {
    const s = collect();
    s.send({ gen: 1, experiment: valley, backend: 'auto', remembered: 'wasm' });
    await s.idle();
    const results = s.results();
    expect(results).toHaveLength(1);
    expect(results[0]?.type === 'result' && results[0].backend.name).toBe('wasm');
  });

  it('answers only the latest of several quick requests, so stale results never leave', async () => {
    const s = collect();
    s.send({ gen: 1, experiment: valley, backend: 'cpu' });
    s.send({ gen: 2, experiment: { ...valley, lrs: [0.1] }, backend: 'cpu' });
    s.send({ gen: 3, experiment: { ...valley, lrs: [0.2, 0.3] }, backend: 'cpu' });
    await s.idle();
    const results = s.results();
    expect(results.map((m) => m.gen)).toEqual([3]);
    const last = results[0];
    expect(last?.type === 'result' && last.result.runs.map((r) => r.lr)).toEqual([0.2, 0.3]);
  });

  it('trains on the forced backend and reports it', async () => {
    const s = collect();
    const r = await s.firstResult('wasm');
    expect(r.backend.name).toBe('wasm');
  });

  it('falls back in the order webgpu → webgl → wasm → cpu, with a notice, when a forced backend cannot start', async () => {
    // Node registers neither webgpu nor webgl, so a forced webgpu must land on wasm and say so.
    const s = collect();
    const r = await s.firstResult('webgpu');
    expect(r.backend.name).toBe('wasm');
    expect(r.notices).toContainEqual({ code: 'noStart', backend: 'webgpu' });
  });

  it('says, as a code, that no backend could start, naming each one tried in fallback order', async () => {
    // A tf on which every backend's start-up fails (tf.setBackend resolves false): forced webgpu
    // tries webgpu, webgl, wasm and cpu in BACKEND_ORDER, and none is left.
    const dead = new Proxy(tf, {
      get(target, prop, receiver) {
        if (prop === 'setBackend') return () => Promise.resolve(false);
        return Reflect.get(target, prop, receiver) as unknown;
      },
    }) as unknown as TF;
    const s = collect(dead);
    s.send({ gen: 1, experiment: valley, backend: 'webgpu' });
    await s.idle();
    expect(s.results()).toEqual([]);
    expect(s.out.filter((m) => m.type === 'error')).toEqual([
      {
        type: 'error',
        gen: 1,
        error: {
          code: 'noBackend',
          notices: (['webgpu', 'webgl', 'wasm', 'cpu'] as const).map((backend) => ({
            code: 'noStart',
            backend,
          })),
        },
      },
    ]);
  });

  it('retrains on the next backend when training fails mid-way, and says so', async () => {
    // A tf whose ops throw on wasm stands in for a backend that starts but breaks (a lost device):
    // tanh for the op-by-op path, and the engine's kernel calls for the fused one.
    const lost =
      (target: typeof tf, value: unknown) =>
      (...args: unknown[]) => {
        if (target.getBackend() === 'wasm') throw new Error('device lost');
        return (value as (...a: unknown[]) => unknown)(...args);
      };
    const broken = new Proxy(tf, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop === 'tanh' && typeof value === 'function') return lost(target, value);
        if (prop === 'engine') {
          const engine = target.engine();
          return () =>
            new Proxy(engine, {
              get: (e, p) =>
                p === 'runKernel' ? lost(target, e.runKernel.bind(e)) : Reflect.get(e, p),
            });
        }
        return value;
      },
    }) as unknown as TF;
    const s = collect(broken);
    const r = await s.firstResult('wasm');
    expect(r.backend.name).toBe('cpu');
    expect(r.notices).toContainEqual({
      code: 'trainingFailed',
      backend: 'wasm',
      error: { code: 'thrown', message: 'device lost' },
    });
    expect(r.result.runs.map((x) => x.verdict.kind)).toEqual([
      'too-small',
      'just-right',
      'too-large',
      'diverged',
    ]);
  });

  it('auto trains its first choice at once, then probes every pair when idle and keeps the figure unless one was measured faster', async () => {
    const s = collect(tf as unknown as TF, { idleMs: 300 });
    s.send({ gen: 1, experiment: valley, backend: 'auto' });
    await s.idle();
    // The first answer is the result itself (no first look to replace): cpu, fused, with no probe
    // before it (the probe is off the critical path), and it says the others come later.
    const [first] = s.results();
    if (first?.type !== 'result') throw new Error('no result');
    expect([first.backend.name, first.backend.fused, first.result.fused]).toEqual([
      'cpu',
      true,
      true,
    ]);
    expect(first.backend.reason).toEqual({ code: 'first' });
    expect(first.backend.probeLater).toBe(true);
    expect(first.backend.pairs).toBeUndefined();
    expect(s.out.some((m) => m.type === 'probe')).toBe(false);
    const told = await s.probed();
    // The valley has the fused kernel on both Node backends: four pairs timed, the pair in use
    // first (its time bounds how long a slower pair is timed), then the others in BACKEND_ORDER.
    const pairs = told.backend.pairs ?? [];
    expect(pairs.map((p) => `${p.backend}/${p.fused}`)).toEqual([
      'cpu/true',
      'cpu/false',
      'wasm/false',
      'wasm/true',
    ]);
    const probe = told.backend.probe ?? {};
    expect(Object.keys(probe).sort()).toEqual(['cpu', 'wasm']);
    for (const p of pairs) expect(probe[p.backend]).toBeLessThanOrEqual(p.ms);
    // Whatever the timings, the outcome is the rule's: kept (a probe message, same figure) or
    // trained again on the faster pair, with the notice.
    const rule = pickAfterProbe(pairs, { backend: 'cpu', fused: true }, valley.steps);
    if (!rule) throw new Error('nothing measured');
    expect(told.backend.name).toBe(rule.pick.backend);
    expect(told.backend.probeLater).toBeUndefined();
    if (rule.kept) {
      expect(told.type).toBe('probe');
      expect(told.backend.reason).toEqual({ code: 'kept' });
      expect(s.results()).toHaveLength(1);
    } else {
      if (told.type !== 'result') throw new Error('a switch retrains');
      expect(told.notices).toContainEqual({ code: 'switched', to: rule.pick.backend, from: 'cpu' });
      expect(told.result.fused).toBe(rule.pick.fused);
    }
  });

  it('the idle probe does not time a backend whose GPU is emulated, and the report names it', async () => {
    // Node has no GPU backend: wasm stands in for one the browser reports as emulated. Asked once
    // per backend, the probe times cpu's two pairs only and lists wasm as not timed.
    const asked: string[] = [];
    const s = collect(tf as unknown as TF, {
      emulated: async (name) => {
        asked.push(name);
        return name === 'wasm';
      },
    });
    s.send({ gen: 1, experiment: valley, backend: 'auto' });
    await s.idle();
    const told = await s.probed();
    expect(told.backend.pairs?.map((p) => `${p.backend}/${p.fused}`)).toEqual([
      'cpu/true',
      'cpu/false',
    ]);
    expect(told.backend.emulated).toEqual(['wasm']);
    expect(asked.filter((n) => n === 'wasm')).toHaveLength(1);
    // Only cpu was timed, so it stays (cpu is the first choice): no training again.
    expect(told.type).toBe('probe');
  });

  it('a backend the idle probe measured faster trains the runs again, saying so; a reload with the remembered choice gives that fingerprint', async () => {
    // A clock that runs 1000 ms for every reading on cpu makes cpu measure ~10⁵ times slower than
    // wasm (the probe reads the clock twice per 30-step run), so the rule must switch to wasm.
    let skew = 0;
    const now = () => performance.now() + (tf.getBackend() === 'cpu' ? (skew += 1000) : skew);
    const s = collect(tf as unknown as TF, { now });
    s.send({ gen: 1, experiment: valley, backend: 'auto' });
    await s.idle();
    const told = await s.probed();
    if (told.type !== 'result') throw new Error('expected the runs trained again');
    expect(told.gen).toBe(1);
    expect(told.backend.name).toBe('wasm');
    expect(told.notices).toContainEqual({ code: 'switched', to: 'wasm', from: 'cpu' });
    // Same runs, same verdicts as the first figure.
    const [first] = s.results();
    if (first?.type !== 'result') throw new Error('no first result');
    expect(told.result.runs.map((r) => r.verdict.kind)).toEqual(
      first.result.runs.map((r) => r.verdict.kind),
    );
    // The reload: a new worker, the page's remembered choice, no probe, the same fingerprint.
    const r = await reload(told);
    expect(r.result.fingerprint).toBe(told.result.fingerprint);
    expect(r.backend.probeLater).toBeUndefined();
  });

  it('the idle probe waits for the worker to be idle and gives way to a new request', async () => {
    const s = collect(tf as unknown as TF, { idleMs: 400 });
    s.send({ gen: 1, experiment: valley, backend: 'auto' });
    await s.idle();
    // A move within the idle delay: trained at once on the same first choice, no probe before it.
    s.send({ gen: 2, experiment: { ...valley, lrs: [0.1] }, backend: 'auto' });
    await s.idle();
    const second = s.results().find((m) => m.gen === 2);
    if (second?.type !== 'result') throw new Error('no result');
    expect(second.backend.pairs).toBeUndefined();
    expect(s.out.some((m) => m.type === 'probe')).toBe(false);
    // Then, idle, the probe runs for the latest request.
    const told = await s.probed();
    expect(told.gen).toBe(2);
  });

  it('a reload of the same link with the remembered choice gives the same fingerprint as the first visit', async () => {
    // First visit: the first choice, then the probe (kept or trained again). The page remembers
    // the backend of the final figure; the second visit (a new worker) trains on it directly.
    const s = collect();
    s.send({ gen: 1, experiment: valley, backend: 'auto' });
    await s.idle();
    const told = await s.probed();
    const final = s.results().at(-1);
    if (final?.type !== 'result') throw new Error('no result');
    const r = await reload(told);
    expect(r.backend.name).toBe(final.backend.name);
    expect(r.result.fingerprint).toBe(final.result.fingerprint);
  });

  it('auto on a data scene starts on wasm and times op by op only (no fused kernel for minibatches)', async () => {
    const s = collect();
    s.send({ gen: 1, experiment: { ...valley, scene: 'linreg', lrs: [0.1] }, backend: 'auto' });
    await s.idle();
    const first = s.results()[0];
    expect(first?.type === 'result' && first.backend.name).toBe('wasm');
    const told = await s.probed();
    expect(told.backend.pairs?.length).toBeGreaterThan(0);
    expect(told.backend.pairs?.every((p) => !p.fused)).toBe(true);
    const r = s.results().at(-1);
    expect(r?.type === 'result' && r.result.fused).toBe(false);
  });

  it('a remembered op-by-op choice trains op by op; a forced backend trains fused', async () => {
    const s = collect();
    s.send({
      gen: 1,
      experiment: valley,
      backend: 'auto',
      remembered: 'cpu',
      rememberedFused: false,
    });
    await s.idle();
    s.send({ gen: 2, experiment: valley, backend: 'wasm' });
    await s.idle();
    const [a, b] = s.results();
    if (a?.type !== 'result' || b?.type !== 'result') throw new Error('no results');
    expect([a.backend.fused, a.result.fused]).toEqual([false, false]);
    expect([b.backend.fused, b.result.fused]).toEqual([true, true]);
    // cpu op by op and wasm fused are not the same bits (wasm's own tanh), but the same verdicts.
    expect(a.result.runs.map((x) => x.verdict.kind)).toEqual(
      b.result.runs.map((x) => x.verdict.kind),
    );
  });

  it('leaks no tensors across requests', async () => {
    await tf.setBackend('cpu');
    const s = collect();
    s.send({ gen: 1, experiment: valley, backend: 'cpu' });
    await s.idle();
    const before = tf.memory().numTensors;
    s.send({
      gen: 2,
      experiment: { ...valley, scene: 'quadratic', lrs: [0.5, 2.5] },
      backend: 'cpu',
    });
    await s.idle();
    s.send({ gen: 3, experiment: valley, backend: 'cpu' });
    await s.idle();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('answers the latest analysis only, after the training queued before it', async () => {
    const s = collect();
    s.send({ gen: 1, experiment: valley, backend: 'cpu' });
    s.analyse(1, { kind: 'sweep', lrs: [0.1] });
    s.analyse(2, { kind: 'sweep', lrs: [0.05, 0.5, 3, 8] });
    const [answer] = await s.analysed(2);
    expect(s.out.filter((m) => m.type === 'analysis').map((m) => m.gen)).toEqual([2]);
    if (answer?.type !== 'analysis' || answer.result.kind !== 'sweep') throw new Error('no sweep');
    // The sweep trains the same runs the figure does: the lecture's four regimes, in order.
    expect(answer.result.points.map((p) => p.verdict.kind)).toEqual([
      'too-small',
      'just-right',
      'too-large',
      'diverged',
    ]);
    expect(answer.backend).toBe('cpu');
    // The training asked for first was answered first.
    const order = s.out.map((m) => m.type).filter((t) => t === 'result' || t === 'analysis');
    expect(order).toEqual(['result', 'analysis']);
  });

  it('computes sharpness on the paths of the result it just trained, and the range test', async () => {
    await tf.setBackend('cpu');
    const s = collect();
    s.send({ gen: 1, experiment: valley, backend: 'cpu' });
    s.analyse(1, { kind: 'sharpness' });
    const [sharp] = await s.analysed(1);
    if (sharp?.type !== 'analysis' || sharp.result.kind !== 'sharpness') throw new Error('none');
    const result = s.results().at(-1);
    if (result?.type !== 'result') throw new Error('no result');
    // One value per step of each run's finite path; at w₀ = −4, L'' = 1 − tanh²4 + 12·0.002·16.
    result.result.runs.forEach((r, k) => {
      expect(sharp.result.kind === 'sharpness' && sharp.result.series[k]!.length).toBe(
        r.losses.length,
      );
    });
    const first = sharp.result.series[0]![0]!;
    expect(first).toBeCloseTo(1 - Math.tanh(4) ** 2 + 12 * 0.002 * 16, 4);
    // SGD's edge is 2/η at every step of a constant schedule.
    expect(sharp.result.edge?.[1]?.[0]).toBeCloseTo(2 / 0.5, 10);

    s.analyse(2, { kind: 'range', min: 1e-3, max: 30 });
    const [range] = await s.analysed(2);
    if (range?.type !== 'analysis' || range.result.kind !== 'range') throw new Error('none');
    expect(range.result.runs).toHaveLength(8);
    // No noise and a fixed start: every seed runs the same numbers, so the suggestions agree.
    const spread = range.result.spread.steepest;
    expect(spread && spread.min).toBe(spread?.max);
  });

  it('reports a failed analysis without touching the training', async () => {
    const s = collect();
    s.send({ gen: 1, experiment: valley, backend: 'cpu' });
    // A range starting at a negative learning rate is not something the page sends; the worker must
    // say so and go on.
    s.analyse(1, { kind: 'range', min: -1, max: 1 });
    const [answer] = await s.analysed(1);
    expect(answer?.type).toBe('analysis-error');
    s.send({ gen: 2, experiment: valley, backend: 'cpu' });
    await s.idle();
    expect(s.results().map((m) => m.gen)).toContain(2);
  });

  it('trains an experiment again on request (repeat): bit for bit the same losses on cpu and wasm', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      const s = collect();
      s.send({ gen: 1, experiment: valley, backend });
      await s.idle();
      const result = s.results().at(-1);
      if (result?.type !== 'result') throw new Error('no result');
      s.service.receive({
        type: 'repeat',
        gen: 1,
        experiment: valley,
        backend,
        fused: result.result.fused,
      });
      const repeated = (m: FromWorker) => m.type === 'repeat' || m.type === 'repeat-error';
      await s.until(repeated);
      const again = s.out.find(repeated);
      if (again?.type !== 'repeat') throw new Error(`no repeat: ${JSON.stringify(again)}`);
      expect(again.backend).toBe(backend);
      expect(again.fingerprint).toBe(result.result.fingerprint);
      expect(again.losses).toEqual(result.result.runs.map((r) => r.losses));
      // Fresh arrays, not the first result's: the second run really trained.
      expect(again.losses[0]).not.toBe(result.result.runs[0]!.losses);
    }
  });
});
