import type { FromWorker } from '../../src/protocol/messages';

type ResultMessage = FromWorker & { type: 'result' };

/**
 * A result message with what may differ (the stages' times, the training's and a network's
 * surface's durations) left out.
 */
export function comparable(m: ResultMessage) {
  const { timing: _timing, result, ...rest } = m;
  const { trainMs: _trainMs, surfaceMs: _surfaceMs, ...numbers } = result;
  return { ...rest, result: numbers };
}

/**
 * `comparable` as text, every typed array written as its bytes: equal texts are the same message
 * bit for bit (toEqual does not tell -0 from 0, nor one NaN from another, in a typed array).
 */
export const resultBits = (m: ResultMessage): string =>
  JSON.stringify(comparable(m), (_key, v: unknown) =>
    ArrayBuffer.isView(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') : v,
  );
