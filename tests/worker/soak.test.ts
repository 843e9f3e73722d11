import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SCENE_IDS } from '../../src/core/scenes';
import type { TF } from '../../src/train/tf';
import type { FromWorker } from '../../src/protocol/messages';
import { createTrainService } from '../../src/worker/trainService';
import { lecture } from '../helpers/experiments';
import { loadFixtureTable } from '../helpers/userTable';

// A real collection before each heap reading: without it the numbers are whatever the last
// scavenge left, and the 10 MB bound below would measure the collector, not us.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Steps per request (the URL's limit) and requests after the warm-up: 5 × 2000 = 10,000 steps. */
const STEPS = 2000;
const ROUNDS = 5;
const HEAP_GROWTH_LIMIT = 10 * 1024 * 1024;

/**
 * Soak: the worker's whole logic (training, surfaces, contours, slider grids, backend memory) for
 * 10,000 steps of every scene, each request a new seed as a class trying seeds would send. The
 * warm-up request fills the caches that are meant to stay (compiled kernels, one surface); after
 * it, the tensors held between requests must not change and the heap must not grow by 10 MB.
 */
describe.each(['cpu', 'wasm'] as const)('soak on %s', (backend) => {
  it.each(SCENE_IDS)(
    '%s: 10,000 steps in 5 requests, tensors flat and the heap within 10 MB',
    async (scene) => {
      await tf.setBackend(backend);
      const out: FromWorker[] = [];
      const service = createTrainService(
        tf as unknown as TF,
        (m) => out.push(m),
        () => performance.now(),
      );
      let gen = 0;
      const train = async (seed: number) => {
        gen += 1;
        const at = gen;
        service.receive({
          type: 'train',
          gen: at,
          backend,
          // The scene's own learning rates, short data runs for the network (its steps cost most).
          experiment: lecture({
            scene,
            seed,
            steps: STEPS,
            lrs: [0.001, 0.01],
            // A user's table: the fixture, as the page would have sent it to the worker.
            ...(scene === 'csv' ? loadFixtureTable() : {}),
          }),
        });
        for (let i = 0; i < 12_000; i++) {
          const m = out.find((o) => (o.type === 'result' || o.type === 'error') && o.gen === at);
          if (m?.type === 'error') throw new Error(JSON.stringify(m.error));
          if (m?.type === 'result') return m.memory!;
          await new Promise((r) => setTimeout(r, 5));
        }
        throw new Error('no answer');
      };
      const warm = await train(1);
      gc();
      const heap0 = process.memoryUsage().heapUsed;
      for (let round = 0; round < ROUNDS; round++) {
        const memory = await train(2 + round);
        expect(memory.tensors).toBe(warm.tensors);
        expect(memory.bytes).toBe(warm.bytes);
        // Messages are what a real worker would have posted away; keeping them would be our leak.
        out.length = 0;
      }
      gc();
      const growth = process.memoryUsage().heapUsed - heap0;
      expect(growth).toBeLessThan(HEAP_GROWTH_LIMIT);
    },
    300_000,
  );
});
