import { describe, expect, it } from 'vitest';
import raw from '../../../node_modules/vega-datasets/data/cars.json';
import { CARS_FEATURES, CARS_TARGET, carsDataset, loadCars } from '../../../src/core/data/cars';
import { expectClose } from '../../helpers/numeric';

const rows = raw as readonly Record<string, unknown>[];

describe('cars.json as shipped', () => {
  it('has 406 rows: 8 without mpg and 6 without horsepower, no row without both', () => {
    // Counted here straight from the file, without carsDataset: these are the rows it must drop.
    // They match UCI's auto-mpg.data-original (406 cars; 398 with mpg, of which 6 lack horsepower).
    const absent = (k: string) => rows.filter((r) => r[k] === null || r[k] === undefined);
    expect(rows).toHaveLength(406);
    expect(absent('Miles_per_Gallon')).toHaveLength(8);
    expect(absent('Horsepower')).toHaveLength(6);
    for (const k of ['Weight_in_lbs', 'Displacement', 'Acceleration']) {
      expect(absent(k), k).toHaveLength(0);
    }
    const both = absent('Horsepower').filter((r) => r.Miles_per_Gallon == null);
    expect(both).toHaveLength(0);
  });
});

describe('loadCars', () => {
  it('keeps the 392 complete rows and counts the 14 dropped ones', async () => {
    // 406 − 8 (no mpg) − 6 (no horsepower) = 392, the well-known size of the "Auto" data
    // (James et al., An Introduction to Statistical Learning, which also drops these rows).
    const d = loadCars();
    expect([d.n, d.f, d.dropped]).toEqual([392, 4, 14]);
    expect(d.n + d.dropped).toBe(rows.length);
    expect(d.features).toEqual([...CARS_FEATURES]);
    expect(d.target).toBe(CARS_TARGET);
    expect(d.x).toHaveLength(392 * 4);
    expect(d.y.every(Number.isFinite) && d.x.every(Number.isFinite)).toBe(true);
  });

  it('keeps file order: the first and last complete cars', async () => {
    // File: chevrolet chevelle malibu, 18 mpg, 130 hp, 3504 lbs, 307 in³, 12 s (row 0);
    // chevy s-10, 31 mpg, 82 hp, 2720 lbs, 119 in³, 19.4 s (last row).
    const d = loadCars();
    expect(Array.from(d.x.subarray(0, 4))).toEqual([130, 3504, 307, 12]);
    expect(d.y[0]).toBe(18);
    expect(Array.from(d.x.subarray(-4))).toEqual([82, 2720, 119, 19.4]);
    expect(d.y[d.n - 1]).toBe(31);
  });

  it('has the published mean mpg of the 392-car Auto data, 23.45', async () => {
    // ISLR's Auto data: mean mpg 23.44592 (= 9190.8 / 392).
    const d = loadCars();
    expectClose(
      d.y.reduce((s, v) => s + v, 0),
      9190.8,
      { rel: 1e-12 },
      'Σ mpg',
    );
  });

  it('drops only what the chosen columns miss', async () => {
    // Weight is never missing, so only the 8 rows without mpg go.
    const d = loadCars(['Weight_in_lbs']);
    expect([d.n, d.f, d.dropped]).toEqual([398, 1, 8]);
  });
});

describe('carsDataset', () => {
  const car = (mpg: unknown, hp: unknown) => ({ Miles_per_Gallon: mpg, Horsepower: hp });

  it('drops and counts rows with an absent, null, non-numeric or non-finite value', () => {
    const d = carsDataset(
      [
        car(20, 100),
        car(null, 100),
        { Horsepower: 90 },
        car(21, undefined),
        car(22, NaN),
        car(Infinity, 80),
        car('23', 70),
        car(24, '60'),
        car(25, true),
        car(26, 110),
      ],
      ['Horsepower'],
    );
    expect([d.n, d.dropped]).toEqual([2, 8]);
    expect(Array.from(d.x)).toEqual([100, 110]);
    expect(Array.from(d.y)).toEqual([20, 26]);
  });

  it('reads own properties only', () => {
    // "constructor" exists on every object's prototype; it must count as missing, not as a value.
    expect(
      carsDataset([car(20, 1), { ...car(21, 2), constructor: 3 }], ['constructor']),
    ).toMatchObject({
      n: 1,
      dropped: 1,
    });
  });

  it('throws on input that is not a table of cars', () => {
    expect(() => carsDataset({} as unknown as unknown[])).toThrow(TypeError);
    expect(() => carsDataset([car(20, 1), 'row'])).toThrow(TypeError);
    expect(() => carsDataset([car(20, 1), null])).toThrow(TypeError);
    expect(() => carsDataset([[20, 1]])).toThrow(TypeError);
    expect(() => carsDataset([car(20, 1)], [])).toThrow(RangeError);
    expect(() => carsDataset([car(20, 1)], ['Horsepower', 'Horsepower'])).toThrow(RangeError);
    expect(() => carsDataset([car(20, 1)], [CARS_TARGET])).toThrow(RangeError);
    // A misspelt column leaves no complete row.
    expect(() => carsDataset(rows, ['horsepower'])).toThrow(/no complete row/);
  });
});
