import { describe, expect, it } from 'vitest';
import type { FromWorker, RequestKind, RequestOf, ToWorker } from '../../src/protocol/messages';
import type { TF } from '../../src/train/tf';
import { HANDLERS } from '../../src/worker/handlers';
import type { Handler, Handlers } from '../../src/worker/serviceContext';
import { createTrainService } from '../../src/worker/trainService';
import { LECTURE } from '../helpers/experiments';

/** Each kind of request with the page's own way to read its failure (src/ui/hooks/useTraining.ts). */
const FAILURE_REPLY = {
  train: 'error',
  analyse: 'analysis-error',
  repeat: 'repeat-error',
} as const satisfies Record<RequestKind, FromWorker['type']>;

const KINDS = Object.keys(FAILURE_REPLY) as RequestKind[];

/** A request of each kind, numbered `gen`. */
function requestOf(kind: RequestKind, gen: number): ToWorker {
  const base = { gen, experiment: LECTURE, backend: 'cpu' } as const;
  const byKind: { [K in RequestKind]: RequestOf<K> } = {
    train: { ...base, type: 'train' },
    analyse: { ...base, type: 'analyse', request: { kind: 'sharpness' } },
    repeat: { ...base, type: 'repeat', fused: true },
  };
  return byKind[kind];
}

/** Lets the service's queue run what it has (each task is a few promise turns). */
const settle = () => new Promise((r) => setTimeout(r, 0));

/**
 * A service whose handlers only record what they were given; `hold` makes a kind's handler wait
 * until released, so a test can send more while it runs.
 */
function recording(fail?: RequestKind) {
  const ran: { kind: RequestKind; gen: number; stale: () => boolean }[] = [];
  const out: FromWorker[] = [];
  let release: () => void = () => undefined;
  const held = new Set<RequestKind>();
  const handler = <K extends RequestKind>(kind: K): Handler<K> => ({
    run: async (msg, _ctx, stale) => {
      ran.push({ kind, gen: msg.gen, stale });
      if (kind === fail) throw new Error(`${kind} failed`);
      if (held.has(kind)) await new Promise<void>((r) => (release = r));
    },
    failed: HANDLERS[kind].failed,
  });
  const handlers: Handlers = {
    train: handler('train'),
    analyse: handler('analyse'),
    repeat: handler('repeat'),
  };
  const service = createTrainService(
    {} as TF,
    (m) => out.push(m),
    () => 0,
    { handlers },
  );
  return { service, ran, out, hold: (k: RequestKind) => held.add(k), release: () => release() };
}

describe('the worker service dispatches each request to its kind’s handler', () => {
  it('has a handler for every kind, which answers a failure with that kind’s own reply', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual([...KINDS].sort());
    for (const kind of KINDS) {
      const reply = HANDLERS[kind].failed(7, { code: 'thrown', message: 'x' });
      expect(reply).toEqual({
        type: FAILURE_REPLY[kind],
        gen: 7,
        error: { code: 'thrown', message: 'x' },
      });
    }
  });

  it('routes every kind to its own handler, and of two quick requests of a kind runs the latest only', async () => {
    const { service, ran } = recording();
    for (const kind of KINDS) {
      service.receive(requestOf(kind, 1));
      service.receive(requestOf(kind, 2));
    }
    await settle();
    expect(ran.map(({ kind, gen }) => [kind, gen])).toEqual(KINDS.map((kind) => [kind, 2]));
  });

  it('counts generations per kind: a newer request of another kind leaves a running one current', async () => {
    for (const kind of KINDS) {
      const { service, ran, hold, release } = recording();
      hold(kind);
      service.receive(requestOf(kind, 1));
      await settle();
      const running = ran.find((r) => r.kind === kind)!;
      for (const other of KINDS.filter((k) => k !== kind)) service.receive(requestOf(other, 5));
      expect(running.stale()).toBe(false);
      service.receive(requestOf(kind, 2));
      expect(running.stale()).toBe(true);
      release();
      await settle();
      // The newer request of the kind runs after the one it made stale.
      expect(ran.filter((r) => r.kind === kind).map((r) => r.gen)).toEqual([1, 2]);
    }
  });

  it('answers a handler’s failure with its kind’s reply, and goes on with the next request', async () => {
    for (const kind of KINDS) {
      const { service, out, ran } = recording(kind);
      service.receive(requestOf(kind, 3));
      const other = KINDS.find((k) => k !== kind)!;
      service.receive(requestOf(other, 4));
      await settle();
      expect(out).toEqual([
        { type: FAILURE_REPLY[kind], gen: 3, error: { code: 'thrown', message: `${kind} failed` } },
      ]);
      expect(ran.map((r) => r.kind)).toEqual([kind, other]);
    }
  });
});
