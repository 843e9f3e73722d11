import { describe, expect, it } from 'vitest';
import { PLAIN_GD, type Experiment } from '../../src/core/experiment';
import { DEAD_AFTER_MS, PING_AFTER_MS, TrainerClient } from '../../src/worker/client';
import type { FromWorker, Ping, Shown, ToWorker } from '../../src/protocol/messages';
import type { WorkerStop } from '../../src/protocol/notices';

/** A stand-in Worker: records what it was sent and lets the test answer or crash it. */
class FakeWorker {
  sent: (ToWorker | Ping | Shown)[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  postMessage(m: ToWorker | Ping | Shown) {
    this.sent.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  answer(m: FromWorker) {
    this.onmessage?.({ data: m } as MessageEvent<FromWorker>);
  }
  crash(message: string) {
    this.onerror?.({ message, preventDefault: () => undefined } as ErrorEvent);
  }
}

const exp: Experiment = {
  scene: 'valley',
  kappa: 10,
  seed: 1,
  lrs: [0.5],
  steps: 10,
  noise: 0,
  ...PLAIN_GD,
};

function setUp() {
  const workers: FakeWorker[] = [];
  /** The request each worker was started for (its name carries it, src/protocol/workerName.ts). */
  const startedFor: ToWorker[] = [];
  const got: FromWorker[] = [];
  const restarts: WorkerStop[] = [];
  const client = new TrainerClient(
    (m) => got.push(m),
    (why) => restarts.push(why),
    (first) => {
      const w = new FakeWorker();
      workers.push(w);
      startedFor.push(first);
      return w as unknown as Worker;
    },
  );
  return { client, workers, startedFor, got, restarts };
}

/** A client on a hand-driven clock: `advance` moves time and runs the watchdog's checks. */
function silent() {
  let t = 0;
  let check = () => undefined as void;
  const workers: FakeWorker[] = [];
  const restarts: WorkerStop[] = [];
  const client = new TrainerClient(
    () => undefined,
    (why) => restarts.push(why),
    () => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    },
    () => t,
    (_ms, c) => {
      check = c;
      return () => undefined;
    },
  );
  const advance = (ms: number) => {
    for (let i = 0; i < ms / 500; i++) {
      t += 500;
      check();
    }
  };
  return { client, workers, restarts, advance };
}

describe('TrainerClient', () => {
  it('passes on messages of the latest request only', () => {
    const { client, workers, got } = setUp();
    const g1 = client.request(exp, 'cpu');
    const g2 = client.request({ ...exp, lrs: [0.1] }, 'cpu');
    const w = workers[0]!;
    w.answer({ type: 'progress', gen: g1, stepsDone: 5 });
    w.answer({ type: 'progress', gen: g2, stepsDone: 7 });
    w.answer({ type: 'error', gen: g1, error: { code: 'thrown', message: 'stale' } });
    expect(got).toEqual([{ type: 'progress', gen: g2, stepsDone: 7 }]);
  });

  it('tells its worker once that the page is drawn, and a replacement as it starts', () => {
    const { client, workers } = setUp();
    client.shown();
    // No worker yet: the first one is told as it starts, before its first request.
    client.request(exp, 'cpu');
    client.shown();
    expect(workers[0]!.sent.map((m) => m.type)).toEqual(['shown', 'train']);
    workers[0]!.crash('lost');
    expect(workers[1]!.sent.map((m) => m.type)).toEqual(['shown', 'train']);
  });

  it('replaces a worker that dies and sends the latest request again', () => {
    const { client, workers, startedFor, restarts } = setUp();
    client.request(exp, 'cpu');
    client.request({ ...exp, lrs: [0.2] }, 'wasm');
    workers[0]!.crash('out of memory');
    expect(workers[0]!.terminated).toBe(true);
    expect(restarts).toEqual([{ code: 'crashed', message: 'out of memory' }]);
    const resent = workers[1]!.sent;
    expect(resent).toHaveLength(1);
    const [again] = resent;
    expect(again?.type === 'train' && again.experiment.lrs).toEqual([0.2]);
    expect(again?.type === 'train' && again.backend).toBe('wasm');
    // Each worker is started for the request it is first sent, which is also posted to it.
    expect(startedFor).toEqual([workers[0]!.sent[0], again]);
  });

  it('numbers analyses apart: a new training does not drop the sweep, a new sweep drops the old', () => {
    const { client, workers, got } = setUp();
    const a1 = client.analyse(exp, 'cpu', { kind: 'sweep', lrs: [0.1, 1] });
    const g1 = client.request(exp, 'cpu');
    const w = workers[0]!;
    const sweep = { kind: 'sweep', experiment: exp, points: [] } as const;
    w.answer({ type: 'analysis', gen: a1, backend: 'cpu', result: sweep });
    w.answer({ type: 'progress', gen: g1, stepsDone: 3 });
    const a2 = client.analyse(exp, 'cpu', { kind: 'range', min: 1e-3, max: 10 });
    w.answer({ type: 'analysis', gen: a1, backend: 'cpu', result: sweep });
    w.answer({ type: 'analysis-error', gen: a1, error: { code: 'thrown', message: 'stale' } });
    w.answer({ type: 'analysis-error', gen: a2, error: { code: 'thrown', message: 'fresh' } });
    expect(got).toEqual([
      { type: 'analysis', gen: a1, backend: 'cpu', result: sweep },
      { type: 'progress', gen: g1, stepsDone: 3 },
      { type: 'analysis-error', gen: a2, error: { code: 'thrown', message: 'fresh' } },
    ]);
  });

  it('sends the latest analysis again to a replacement worker', () => {
    const { client, workers } = setUp();
    client.request(exp, 'cpu');
    client.analyse(exp, 'cpu', { kind: 'sharpness' });
    workers[0]!.crash('lost');
    const resent = workers[1]!.sent;
    expect(resent.map((m) => m.type)).toEqual(['train', 'analyse']);
    expect(resent[1]?.type === 'analyse' && resent[1].request).toEqual({ kind: 'sharpness' });
  });

  describe('a worker that goes silent (closed or killed: no error event)', () => {
    it('is pinged after PING_AFTER_MS and replaced DEAD_AFTER_MS after an unanswered ping', () => {
      const { client, workers, restarts, advance } = silent();
      client.request(exp, 'cpu');
      advance(PING_AFTER_MS - 500);
      expect(workers[0]!.sent.map((m) => m.type)).toEqual(['train']);
      advance(500);
      expect(workers[0]!.sent.map((m) => m.type)).toEqual(['train', 'ping']);
      advance(DEAD_AFTER_MS - 500);
      expect(workers).toHaveLength(1);
      advance(500);
      expect(workers).toHaveLength(2);
      expect(workers[0]!.terminated).toBe(true);
      expect(restarts).toEqual([{ code: 'silent' }]);
      // The replacement gets the latest request.
      expect(workers[1]!.sent.map((m) => m.type)).toEqual(['train']);
    });

    it('keeps a worker that answers the ping, or that has nothing to answer', () => {
      const { client, workers, restarts, advance } = silent();
      advance(DEAD_AFTER_MS * 3);
      // No request yet: no worker is started, so none is pinged or replaced.
      expect(workers).toHaveLength(0);
      const gen = client.request(exp, 'cpu');
      advance(PING_AFTER_MS);
      workers[0]!.answer({ type: 'pong' });
      advance(DEAD_AFTER_MS);
      // Silent again after the pong: a second ping, not a restart.
      expect(workers[0]!.sent.filter((m) => m.type === 'ping')).toHaveLength(2);
      expect(restarts).toEqual([]);
      workers[0]!.answer({ type: 'error', gen, error: { code: 'thrown', message: 'answered' } });
      advance(DEAD_AFTER_MS * 3);
      expect(workers).toHaveLength(1);
      expect(restarts).toEqual([]);
    });
  });
});

describe('TrainerClient: the reproducibility check', () => {
  const repeatAnswer = (gen: number): FromWorker => ({
    type: 'repeat',
    gen,
    backend: 'cpu',
    losses: [Float32Array.from([1])],
    fingerprint: 'abc',
  });

  it('numbers repeats apart from training and passes only the latest one', () => {
    const { client, workers, got } = setUp();
    const train = client.request(exp, 'cpu');
    const first = client.repeat(exp, 'cpu', true);
    const second = client.repeat(exp, 'cpu', true);
    expect(workers[0]!.sent.map((m) => [m.type, 'gen' in m && m.gen])).toEqual([
      ['train', train],
      ['repeat', first],
      ['repeat', second],
    ]);
    expect(workers[0]!.sent[1]).toMatchObject({ backend: 'cpu', experiment: exp });
    workers[0]!.answer(repeatAnswer(first));
    workers[0]!.answer(repeatAnswer(second));
    expect(got).toEqual([repeatAnswer(second)]);
  });

  it('sends the pending repeat again to a replacement worker', () => {
    const { client, workers } = setUp();
    client.repeat(exp, 'webgpu', true);
    workers[0]!.crash('boom');
    expect(workers[1]!.sent.map((m) => [m.type, 'backend' in m && m.backend])).toEqual([
      ['repeat', 'webgpu'],
    ]);
  });
});

describe('TrainerClient: one request helper for every kind', () => {
  /** Each kind's request, and a final answer to a generation of it, as the worker sends them. */
  const KINDS = {
    train: {
      ask: (c: TrainerClient) => c.request(exp, 'cpu'),
      answer: (gen: number): FromWorker => ({
        type: 'error',
        gen,
        error: { code: 'thrown', message: `train ${gen}` },
      }),
    },
    analyse: {
      ask: (c: TrainerClient) => c.analyse(exp, 'cpu', { kind: 'sharpness' }),
      answer: (gen: number): FromWorker => ({
        type: 'analysis-error',
        gen,
        error: { code: 'thrown', message: `analyse ${gen}` },
      }),
    },
    repeat: {
      ask: (c: TrainerClient) => c.repeat(exp, 'cpu', false),
      answer: (gen: number): FromWorker => ({
        type: 'repeat-error',
        gen,
        error: { code: 'thrown', message: `repeat ${gen}` },
      }),
    },
  } satisfies Record<ToWorker['type'], unknown>;

  it('numbers each kind 1, 2, … on its own and passes only the latest answer of each', () => {
    const { client, workers, got } = setUp();
    const gens = Object.values(KINDS).map(({ ask }) => [ask(client), ask(client)]);
    expect(gens).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
    for (const { answer } of Object.values(KINDS)) {
      workers[0]!.answer(answer(1));
      workers[0]!.answer(answer(2));
    }
    expect(got).toEqual(Object.values(KINDS).map(({ answer }) => answer(2)));
  });

  it('drops the progress, partial and probe of a training already replaced by a newer one', () => {
    const { client, workers, got } = setUp();
    const old = client.request(exp, 'cpu');
    client.request({ ...exp, lrs: [0.1] }, 'cpu');
    const report = { name: 'cpu', reason: { code: 'first' }, fused: true } as const;
    workers[0]!.answer({ type: 'progress', gen: old, stepsDone: 1 });
    workers[0]!.answer({
      type: 'partial',
      gen: old,
      experiment: exp,
      choice: 'cpu',
      partial: { stepsDone: 1, steps: 10, k: 1, losses: [Float32Array.from([1])] },
    });
    workers[0]!.answer({ type: 'probe', gen: old, scene: 'valley', backend: report });
    // Not tied to a request's generation: the worker's readiness and the slider grid.
    workers[0]!.answer({ type: 'ready' });
    expect(got).toEqual([{ type: 'ready' }]);
  });

  it('the watchdog waits for the final answer of every kind', () => {
    for (const [kind, { ask, answer }] of Object.entries(KINDS)) {
      const { client, workers, advance } = silent();
      const gen = ask(client);
      advance(PING_AFTER_MS);
      expect([kind, workers[0]!.sent.map((m) => m.type).at(-1)]).toEqual([kind, 'ping']);
      workers[0]!.answer(answer(gen));
      advance(DEAD_AFTER_MS * 2);
      // Answered for good: neither pinged again nor replaced.
      expect([
        kind,
        workers.length,
        workers[0]!.sent.filter((m) => m.type === 'ping').length,
      ]).toEqual([kind, 1, 1]);
    }
  });

  it('sends a replacement worker the latest request of each kind, training first, under new generations', () => {
    const { client, workers, got } = setUp();
    for (const { ask } of Object.values(KINDS).reverse()) ask(client);
    workers[0]!.crash('gone');
    expect(workers[1]!.sent.map((m) => [m.type, 'gen' in m && m.gen])).toEqual([
      ['train', 2],
      ['analyse', 2],
      ['repeat', 2],
    ]);
    // The old worker's answers are for generations no longer asked for.
    for (const { answer } of Object.values(KINDS)) workers[0]!.answer(answer(1));
    expect(got).toEqual([]);
  });
});
