import { chooseColumns, tableDataset, tableFor } from '../data/csv';
import type { SplitRatios } from '../data/split';
import { networkScene, type ModelScene } from './cars';
import { DEFAULT_SPLIT } from './linreg';

/** Why a user's-data scene cannot be built: the message the page shows names the kind. */
export class UserDataError extends Error {
  constructor(
    readonly kind: 'notLoaded' | 'columns',
    message: string,
  ) {
    super(message);
    this.name = 'UserDataError';
  }
}

/**
 * A user's own table (a CSV or TSV file read in the page) learned as the cars data set is: the
 * chosen target from the chosen features (by default the last numeric column from the other
 * numeric ones), a seeded split, features and target standardised on the training rows only, a
 * network of `depth` hidden layers (0: a linear model). The rows come from the tables loaded in
 * this thread (src/core/data/csv.ts), found by the file's hash; the link holds only the hash.
 */
export function csvScene(
  hash: string | undefined,
  target: number | null,
  features: readonly number[] | null,
  seed: number,
  ratios: SplitRatios = DEFAULT_SPLIT,
  width: number,
  depth: number,
): ModelScene {
  const loaded = tableFor(hash);
  if (!loaded) throw new UserDataError('notLoaded', `the data file ${hash ?? ''} is not loaded`);
  const cols = chooseColumns(loaded.table, target, features);
  if (!cols.ok) throw new UserDataError('columns', `${loaded.name}: the columns do not fit`);
  const data = tableDataset(loaded.name, loaded.table, cols.target, cols.features);
  if (!data.ok) throw new UserDataError('columns', `${loaded.name}: too few complete rows`);
  return networkScene('csv', data.data, seed, ratios, width, depth);
}
