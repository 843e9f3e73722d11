import carsRows from '../../../node_modules/vega-datasets/data/cars.json';
import { makeDataset, type Dataset } from './dataset';

/** The target: fuel economy, a regression of the same kind as the course's first homework. */
export const CARS_TARGET = 'Miles_per_Gallon';

/** The default inputs: the continuous columns of cars.json (Cylinders and Year are discrete). */
export const CARS_FEATURES = [
  'Horsepower',
  'Weight_in_lbs',
  'Displacement',
  'Acceleration',
] as const;

/** A usable number: missing, null, strings, NaN and ±∞ all count as missing. */
function finiteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * The cars data set (vega-datasets' cars.json, the 1983 ASA "Auto MPG" data, also in the UCI
 * repository as auto-mpg.data-original): predict `Miles_per_Gallon` from `features`.
 *
 * The rows come in as `unknown`, so every value is checked: a row whose target or any chosen
 * feature is absent, null, not a number or not finite is dropped, and counted in `dropped` (the
 * shipped file has such rows: horsepower or mpg unrecorded). A row that is not an object at all is
 * not a missing value but a wrong file, and throws. Kept rows stay in file order.
 */
export function carsDataset(
  rows: readonly unknown[],
  features: readonly string[] = CARS_FEATURES,
): Dataset {
  if (!Array.isArray(rows)) throw new TypeError('carsDataset: rows must be an array');
  if (features.length < 1) throw new RangeError('carsDataset: at least one feature is needed');
  for (const name of features) {
    if (typeof name !== 'string') throw new TypeError(`carsDataset: feature names are strings`);
    if (name === CARS_TARGET) throw new RangeError(`carsDataset: ${CARS_TARGET} is the target`);
  }
  if (new Set(features).size !== features.length) {
    throw new RangeError(`carsDataset: repeated feature in ${features.join(', ')}`);
  }
  const x: number[] = [];
  const y: number[] = [];
  let dropped = 0;
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new TypeError(`carsDataset: row ${i} is not an object`);
    }
    const rec = row as Record<string, unknown>;
    // Own properties only: a name like "constructor" must not find Object.prototype's.
    const get = (k: string): unknown => (Object.hasOwn(rec, k) ? rec[k] : undefined);
    const target = get(CARS_TARGET);
    const values = features.map(get);
    if (!finiteNumber(target) || !values.every(finiteNumber)) {
      dropped++;
      continue;
    }
    x.push(...values);
    y.push(target);
  }
  if (y.length === 0) {
    throw new RangeError(
      `carsDataset: no complete row for ${features.join(', ')} → ${CARS_TARGET}`,
    );
  }
  return makeDataset({
    name: 'cars',
    features,
    target: CARS_TARGET,
    x: Float64Array.from(x),
    y: Float64Array.from(y),
    dropped,
  });
}

/**
 * The shipped cars.json as a data set. It is imported by path: vega-datasets' exports map only
 * exposes a loader that fetches from a CDN, and the lab must work offline. Bundled (about 8 kB
 * gzipped) wherever the cars scene is.
 */
export function loadCars(features: readonly string[] = CARS_FEATURES): Dataset {
  return carsDataset(carsRows as readonly unknown[], features);
}
