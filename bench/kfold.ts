/**
 * The k-fold section of the Node bench alone (`npx tsx bench/kfold.ts`): 5-fold cross-validation
 * of one learning rate ÷ one run, on cpu and wasm, on the paths the app trains them on (a link of
 * version 2: the folds fused, as lanes of one call; of version 1: op by op), side by side.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { TF } from '../src/train/tf';
import { benchKFold } from './data';
import { quietStart } from './quietStart';

const tfx = tf as unknown as TF;
const modes = {
  'op by op, both': { kfold: false, single: false },
  'v=1 links (single fused, k-fold op by op)': { kfold: true, single: true },
  'k-fold fused, one call per fold': { kfold: true, single: true, folds: true, lanes: false },
  'as shipped, v=2 (k-fold fused, folds as lanes of one call)': {
    kfold: true,
    single: true,
    folds: true,
  },
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
