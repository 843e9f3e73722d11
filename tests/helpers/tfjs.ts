import * as tfjs from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect } from 'vitest';
import type { TF } from '../../src/train/tf';

/**
 * tfjs for Node tests: the umbrella package (importing tfjs-core's ESM build directly fails in Node)
 * with the wasm backend registered next to cpu. Typed as the TF the code under test receives.
 */
export const tf: TF = tfjs;

/**
 * The backends that run in Node; integration tests run on each (docs/ARCHITECTURE.md, Facts about
 * the stack).
 */
export const NODE_BACKENDS = ['cpu', 'wasm'] as const;
export type NodeBackend = (typeof NODE_BACKENDS)[number];

/** Switches to a backend and fails the test if it did not really start (setBackend can resolve false). */
export async function useBackend(name: NodeBackend): Promise<void> {
  const started = await tf.setBackend(name);
  expect(started, `tf.setBackend('${name}')`).toBe(true);
  expect(tf.getBackend()).toBe(name);
}
