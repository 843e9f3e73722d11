import type { LabState } from '../url/state';

/** A lesson in one click: the fields it sets (the rest keep their defaults or current values). */
export interface Preset {
  readonly id: string;
  readonly name: string;
  readonly change: Partial<LabState>;
}

/**
 * The data lessons. Overfitting: 10 % of the cars for training (40 rows), a wide two-layer
 * network and many full-batch steps, so the training loss keeps falling while the validation loss
 * turns up after its minimum. k-fold: five folds of three learning rates, trained as one batch.
 */
export const DATA_PRESETS: readonly Preset[] = [
  {
    id: 'overfit',
    name: 'Overfitting: a small training set and a wide network',
    change: {
      scene: 'cars',
      split: { train: 0.1, val: 0.45, test: 0.45 },
      width: 32,
      depth: 2,
      steps: 1500,
      lrs: [0.05],
      batchSize: 0,
      patience: 0,
      folds: 0,
      optimizer: 'sgd',
      schedule: 'constant',
    },
  },
  {
    id: 'kfold',
    name: '5-fold cross-validation picks a learning rate',
    change: {
      scene: 'cars',
      split: { train: 0.6, val: 0.2, test: 0.2 },
      width: 16,
      depth: 1,
      steps: 300,
      lrs: [0.003, 0.05, 0.3],
      batchSize: 0,
      patience: 0,
      folds: 5,
      optimizer: 'sgd',
      schedule: 'constant',
    },
  },
];
