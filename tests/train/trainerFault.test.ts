import { describe, expect, it } from 'vitest';
import { sceneOps } from '../../src/train/sceneLoss';
import { trainBatched } from '../../src/train/trainer';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';

describe.each(NODE_BACKENDS)('a step that throws on %s', (backend) => {
  it('rejects and leaves no tensors behind (a lost device mid-run)', async () => {
    // The worker retrains on the next backend after such a failure: a leak here would pile up there.
    await useBackend(backend);
    const ops = sceneOps(tf, 'quadratic', { kappa: 10 });
    let calls = 0;
    const failing = {
      ...ops,
      lossAndGrad: (theta: Parameters<typeof ops.lossAndGrad>[0]) => {
        if (++calls === 70) throw new Error('device lost');
        return ops.lossAndGrad(theta);
      },
    };
    const before = tf.memory().numTensors;
    // Step 70 is in the second chunk of 64: the first chunk's read-back has happened, the second's not.
    await expect(
      trainBatched(tf, failing, { lrs: [0.1, 0.5], steps: 100, start: [-4, 3] }),
    ).rejects.toThrow('device lost');
    expect(tf.memory().numTensors).toBe(before);
    ops.dispose();
  });
});
