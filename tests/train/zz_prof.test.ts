import { it } from 'vitest';
import { tf, useBackend } from '../helpers/tfjs';
it('prof', async () => {
  await useBackend('cpu');
  for (const K of [64, 4096]) {
    const t = tf.randomNormal([K, 97]);
    const time = (name: string, f: () => unknown) => {
      for (let i = 0; i < 5; i++) tf.tidy(f as never);
      const t0 = performance.now();
      const N = K > 100 ? 5 : 50;
      for (let i = 0; i < N; i++) tf.tidy(f as never);
      console.log('T', K, name, ((performance.now() - t0) / N).toFixed(3));
    };
    time('split', () => tf.split(t, [64, 16, 16, 1], 1));
    time('transpose', () => tf.transpose(t));
    time('transpose+split0+transposes', () => tf.split(tf.transpose(t), [64, 16, 16, 1], 0).map((b) => tf.transpose(b)));
    time('concat', () => tf.concat([t, t], 1));
    time('add same', () => tf.add(t, t));
  }
}, 60000);
