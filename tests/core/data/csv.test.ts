import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chooseColumns,
  CSV_LIMITS,
  defaultColumns,
  fileHash,
  keepTable,
  parseCsv,
  tableDataset,
  type CsvResult,
  type CsvTable,
} from '../../../src/core/data/csv';
import { makeScene, isModelScene } from '../../../src/core/scenes';

const table = (text: string): CsvTable => {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(`expected a table, got ${JSON.stringify(r.problem)}`);
  return r.table;
};
const problem = (text: string) => {
  const r = parseCsv(text);
  return r.ok ? undefined : r.problem;
};

/** What any result of the parser must be: a problem, or a table whose shapes agree. */
function expectWellFormed(r: CsvResult) {
  if (!r.ok) {
    expect(typeof r.problem.kind).toBe('string');
    return;
  }
  const t = r.table;
  expect(t.numeric).toHaveLength(t.columns.length);
  expect(t.values).toHaveLength(t.rows * t.columns.length);
  expect(t.columns.length).toBeGreaterThanOrEqual(2);
  expect(t.numeric.filter(Boolean).length).toBeGreaterThanOrEqual(2);
  expect(t.rows).toBeGreaterThanOrEqual(1);
  expect(t.rows).toBeLessThanOrEqual(CSV_LIMITS.rows);
  for (const x of t.values) expect(Number.isNaN(x) || Number.isFinite(x)).toBe(true);
}

describe('parseCsv', () => {
  it('reads a header and numbers, and marks text columns as not numeric', () => {
    const t = table('a,name,b\n1,x,2\n3,y,4\n');
    expect(t.columns).toEqual(['a', 'name', 'b']);
    expect(t.numeric).toEqual([true, false, true]);
    expect(t.rows).toBe(2);
    expect(Array.from(t.values)).toEqual([1, NaN, 2, 3, NaN, 4]);
    expect(t.delimiter).toBe(',');
  });

  it('reads quoted fields with delimiters, line breaks and doubled quotes (RFC 4180), CRLF and a BOM', () => {
    const t = table('\uFEFFnote,x,y\r\n"a, ""b""\r\nc",1,2\r\n"plain",3,4\r\n');
    expect(t.columns).toEqual(['note', 'x', 'y']);
    expect(t.rows).toBe(2);
    expect(Array.from(t.values)).toEqual([NaN, 1, 2, NaN, 3, 4]);
  });

  it('finds tabs and semicolons as delimiters, and reads a file without a header', () => {
    expect(table('x\ty\n1\t2\n').delimiter).toBe('\t');
    expect(table('x;y\n1;2\n3;4\n').delimiter).toBe(';');
    const t = table('1,2\n3,4\n');
    expect(t.columns).toEqual(['#1', '#2']);
    expect(t.rows).toBe(2);
  });

  it('keeps a column with a few missing or non-numeric cells numeric; those cells are NaN', () => {
    const t = table('x,y\n1,2\n?,3\nNaN,4\n,5\n6,NA\n7,8\n');
    expect(t.numeric).toEqual([true, true]);
    const { target, features } = defaultColumns(t);
    const d = tableDataset('f', t, target, features);
    // Rows 2, 3, 4 (x missing) and 5 (y missing) dropped; 1 and 6 kept — too few to split.
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.problem).toEqual({ kind: 'tooFewRows', rows: 2, min: CSV_LIMITS.minRows });
  });

  it('takes names such as __proto__ and constructor as plain column names', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `${i},${2 * i},${i % 3}`).join('\n');
    const t = table(`__proto__,constructor,toString\n${rows}\n`);
    expect(t.columns).toEqual(['__proto__', 'constructor', 'toString']);
    const d = tableDataset('f', t, 2, [0, 1]);
    expect(d.ok && d.data.features).toEqual(['__proto__', 'constructor']);
    expect(d.ok && d.data.target).toBe('toString');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.toString.call([])).toBe('[object Array]');
  });

  it('says what is wrong with a file it cannot use, and never throws', () => {
    expect(problem('')).toEqual({ kind: 'empty' });
    expect(problem('\n\n  \n')).toEqual({ kind: 'empty' });
    expect(problem('x,y\n')).toEqual({ kind: 'empty' });
    expect(problem('x\n1\n2\n')).toEqual({ kind: 'oneColumn' });
    expect(problem('a,b\n1,x\n2,y\n')).toEqual({ kind: 'notNumeric', numeric: 1 });
    expect(problem('x,y\n1,2\n3,4,5\n')).toEqual({ kind: 'ragged', line: 3, got: 3, expected: 2 });
    expect(problem('x,y\n1,2\n"3,4\n5,6\n')).toEqual({ kind: 'unclosedQuote', line: 3 });
    expect(problem('x,y\n1,\u0000\n')).toEqual({ kind: 'binary' });
    expect(problem('\uFFFD\uFFFD,x\n1,2\n')).toEqual({ kind: 'binary' });
    expect(problem('x'.repeat(CSV_LIMITS.bytes + 1))).toMatchObject({ kind: 'tooBig' });
  });

  it('reads a 10,000-character line as one cell, and refuses 10,000 columns', () => {
    const long = 'a'.repeat(10_000);
    const t = table(`${long},x,y\nt,1,2\n`);
    expect(t.columns[0]).toBe(long);
    expect(problem(`${','.repeat(10_000)}\n`)).toEqual({
      kind: 'tooManyColumns',
      line: 1,
      max: CSV_LIMITS.columns,
    });
  });

  it('refuses 200,000 rows quickly, stopping at the limit', () => {
    const text = `x,y\n${'1,2\n'.repeat(200_000)}`;
    const t0 = performance.now();
    expect(problem(text)).toEqual({ kind: 'tooManyRows', max: CSV_LIMITS.rows });
    // Reading stops at the limit: well under the time to read all 200,000 rows.
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(table(`x,y\n${'1,2\n'.repeat(CSV_LIMITS.rows)}`).rows).toBe(CSV_LIMITS.rows);
  });

  it('never throws on any text (fuzzed), and whatever it returns is well formed', () => {
    const alphabet = fc.constantFrom(...'ab1.-e,;\t"\r\n ?\u0000\uFEFF9'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 300 }), (text) => {
        expectWellFormed(parseCsv(text));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expectWellFormed(parseCsv(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads back any grid of numbers and quoted text it is given', () => {
    const cell = fc.oneof(
      fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => ({ text: String(x), x: x + 0 })), // "-0" is written "0"

      fc.string({ maxLength: 8 }).map((s) => ({ text: `"t${s.replace(/"/g, '""')}"`, x: NaN })),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((cols) =>
          fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), {
            minLength: 1,
            maxLength: 8,
          }),
        ),
        (rows) => {
          const cols = rows[0]!.length;
          const head = Array.from({ length: cols }, (_, j) => `c${j}`).join(',');
          const text = `${head}\n${rows.map((r) => r.map((c) => c.text).join(',')).join('\n')}`;
          const r = parseCsv(text);
          const numeric = rows[0]!.map((_, j) => {
            const k = rows.filter((row) => !Number.isNaN(row[j]!.x)).length;
            return k > 0 && k >= rows.length - k;
          });
          if (numeric.filter(Boolean).length < 2) {
            expect(r.ok).toBe(false);
            return;
          }
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.table.numeric).toEqual(numeric);
          expect(Array.from(r.table.values)).toEqual(rows.flatMap((row) => row.map((c) => c.x)));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('columns, data set and fingerprint', () => {
  const fixture = readFileSync(new URL('../../fixtures/regression.csv', import.meta.url));

  it('chooses the last numeric column as the target by default, and checks a choice', () => {
    const t = table(fixture.toString('utf8'));
    expect(t.columns).toEqual(['id', 'region', 'x1', 'x2', 'x3', 'y']);
    expect(defaultColumns(t)).toEqual({ target: 5, features: [0, 2, 3, 4] });
    expect(chooseColumns(t, null, [2, 3, 4])).toEqual({ ok: true, target: 5, features: [2, 3, 4] });
    expect(chooseColumns(t, 1, null).ok).toBe(false); // text column
    expect(chooseColumns(t, 5, [5, 2]).ok).toBe(false); // target among the features
    expect(chooseColumns(t, 5, [2, 2]).ok).toBe(false);
    expect(chooseColumns(t, 9, null).ok).toBe(false);
    const d = tableDataset('regression.csv', t, 5, [2, 3, 4]);
    // The fixture has 120 rows, one with x2 missing, one with y "NA", one with x3 "?".
    expect(d.ok && d.data.n).toBe(117);
    expect(d.ok && d.data.dropped).toBe(3);
  });

  it('hashes a file as the first 16 hex digits of its SHA-256', async () => {
    // FIPS 180-2, appendix B.1: SHA-256("abc") = ba7816bf 8f01cfea 414140de ….
    expect(await fileHash(new TextEncoder().encode('abc').buffer)).toBe('ba7816bf8f01cfea');
    const a = fixture.buffer.slice(fixture.byteOffset, fixture.byteOffset + fixture.length);
    const changed = readFileSync(new URL('../../fixtures/regression-changed.csv', import.meta.url));
    const b = changed.buffer.slice(changed.byteOffset, changed.byteOffset + changed.length);
    expect(await fileHash(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(await fileHash(a)).not.toBe(await fileHash(b));
  });

  it('makes a network scene of a loaded table: split, and standardised on the training rows only', async () => {
    const t = table(fixture.toString('utf8'));
    const bytes = fixture.buffer.slice(fixture.byteOffset, fixture.byteOffset + fixture.length);
    const hash = await fileHash(bytes);
    keepTable({ name: 'regression.csv', size: fixture.length, hash, table: t });
    const scene = makeScene('csv', {
      kappa: 1,
      seed: 7,
      fileHash: hash,
      targetCol: 5,
      featureCols: [2, 3, 4],
      width: 4,
      depth: 0,
    });
    expect(isModelScene(scene)).toBe(true);
    if (!isModelScene(scene)) return;
    // Depth 0: the linear model ŷ = w·x + b, 3 weights and a bias.
    expect(scene.dims).toBe(4);
    const { train, val, test } = scene.split;
    expect(train.length + val.length + test.length).toBe(117);
    // Standardised with the training rows' mean and sd: their mean is 0 (to rounding).
    for (let j = 0; j < 3; j++) {
      let m = 0;
      for (const i of train) m += scene.data.x[i * 3 + j]!;
      expect(Math.abs(m / train.length)).toBeLessThan(1e-12);
    }
    expect(() => makeScene('csv', { kappa: 1, fileHash: '0000000000000000' })).toThrow(
      /not loaded/,
    );
  });
});
