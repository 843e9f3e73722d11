/**
 * The k-fold section of the Node bench alone (`npx tsx bench/kfold.ts`): 5-fold cross-validation
 * of one learning rate ÷ one run, on cpu and wasm, both on the path the app trains them on.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { TF } from '../src/train/tf';
import { benchKFold } from './data';
import { quietStart } from './quietStart';

const tfx = tf as unknown as TF;
const modes = {
  'op by op, both': { kfold: false, single: false },
  'as shipped (app asks fused: single fused, k-fold op by op)': { kfold: true, single: true },
  'k-fold fused fold by fold (fusedFolds)': { kfold: true, single: true, folds: true },
} as const;
for (const backend of ['cpu', 'wasm'] as const) {
  await quietStart(backend);
  for (const [name, mode] of Object.entries(modes)) {
    const kf = await benchKFold(tfx, mode);
    console.log(
      `${backend} ${name}: 5-fold ${kf.kfoldMs.toFixed(1)} ms, one run ${kf.singleMs.toFixed(1)} ms, ratio ${kf.ratio.toFixed(2)}`,
    );
  }
}
