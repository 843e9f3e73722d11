/**
 * A tabular regression data set: n samples of f numeric features and one numeric target, as flat
 * typed arrays so that a trainer can hand them to a tensor without copying row objects. A sample is
 * addressed by its row index; splits, folds and batches are sets of row indices into one data set,
 * never copies of it (PyTorch's map-style `Dataset`: `len` plus indexing).
 */
export interface Dataset {
  readonly name: string;
  /** Column names of x, in order. */
  readonly features: readonly string[];
  readonly target: string;
  /** Number of samples (rows). */
  readonly n: number;
  /** Number of features (columns of x), `features.length`. */
  readonly f: number;
  /** n×f, row-major: feature j of sample i is `x[i * f + j]`. */
  readonly x: Float64Array;
  /** The target of sample i is `y[i]`. */
  readonly y: Float64Array;
  /** Rows of the source left out for a missing or non-finite value (0 for generated data). */
  readonly dropped: number;
}

/** A data set from its parts, with the shapes checked once here rather than at every use. */
export function makeDataset(parts: {
  readonly name: string;
  readonly features: readonly string[];
  readonly target: string;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly dropped?: number;
}): Dataset {
  const f = parts.features.length;
  const n = parts.y.length;
  if (f < 1) throw new RangeError(`${parts.name}: a data set needs at least one feature`);
  if (parts.x.length !== n * f) {
    throw new RangeError(`${parts.name}: x has ${parts.x.length} values, expected n·f = ${n}·${f}`);
  }
  const dropped = parts.dropped ?? 0;
  if (!Number.isInteger(dropped) || dropped < 0) {
    throw new RangeError(`${parts.name}: dropped must be an integer ≥ 0: ${dropped}`);
  }
  return {
    name: parts.name,
    features: [...parts.features],
    target: parts.target,
    n,
    f,
    x: parts.x,
    y: parts.y,
    dropped,
  };
}

/**
 * The samples at `rows`, in that order, as a new data set (copies; repeats allowed). `dropped` is
 * kept: it describes the source the rows came from, not the selection.
 */
export function takeRows(data: Dataset, rows: ArrayLike<number>): Dataset {
  const { f } = data;
  const x = new Float64Array(rows.length * f);
  const y = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= data.n) {
      throw new RangeError(`${data.name}: row ${i} is outside 0…${data.n - 1}`);
    }
    x.set(data.x.subarray(i * f, (i + 1) * f), k * f);
    y[k] = data.y[i]!;
  }
  return { ...data, features: [...data.features], n: rows.length, x, y };
}
