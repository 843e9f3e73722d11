/**
 * A user's own data, from a CSV or TSV file read in the browser (it never leaves the page): a
 * small parser that never throws, whatever the bytes, and the table it makes — every cell as a
 * number, NaN where it is missing or not a number. Choosing the target and feature columns and
 * dropping incomplete rows is `tableDataset`.
 */
import { makeDataset, type Dataset } from './dataset';

/**
 * What a file may be. A browser tab trains every run on every row at every step, so the limits
 * keep a step of 8 runs of the largest network (3 × 32 units on 200 features) on all rows well
 * under a second on a laptop's cpu, and the text in memory small: 5 MB, 20,000 rows, 200 columns.
 */
export const CSV_LIMITS = { bytes: 5_000_000, rows: 20_000, columns: 200, minRows: 10 } as const;

/** Why a file was not used, with what the message says about it. */
export type CsvProblem =
  | { readonly kind: 'empty' }
  | { readonly kind: 'binary' }
  | { readonly kind: 'tooBig'; readonly bytes: number; readonly max: number }
  | { readonly kind: 'tooManyRows'; readonly max: number }
  | { readonly kind: 'tooManyColumns'; readonly line: number; readonly max: number }
  | {
      readonly kind: 'ragged';
      readonly line: number;
      readonly got: number;
      readonly expected: number;
    }
  | { readonly kind: 'unclosedQuote'; readonly line: number }
  | { readonly kind: 'oneColumn' }
  | { readonly kind: 'notNumeric'; readonly numeric: number }
  | { readonly kind: 'badColumns' }
  | { readonly kind: 'tooFewRows'; readonly rows: number; readonly min: number };

export type CsvProblemKind = CsvProblem['kind'];

/** The cells of a file as numbers. */
export interface CsvTable {
  /** The header's names (or `#1`, `#2`, … when the first row is numbers too). */
  readonly columns: readonly string[];
  /** Whether a column holds numbers (most of its non-empty cells are): only these can be chosen. */
  readonly numeric: readonly boolean[];
  /** Data rows (the header not counted; blank lines skipped). */
  readonly rows: number;
  /** rows × columns, row-major; NaN for a missing, non-numeric or non-finite cell. */
  readonly values: Float64Array;
  readonly delimiter: ',' | '\t' | ';';
}

/** A file's identity in a link: its name, its size in bytes, and a hash of its bytes. */
export interface FileRef {
  readonly name: string;
  readonly size: number;
  readonly hash: string;
}

/** A table with the file it came from: what the page keeps and sends to the worker. */
export interface UserTable extends FileRef {
  readonly table: CsvTable;
}

export type CsvResult =
  | { readonly ok: true; readonly table: CsvTable }
  | { readonly ok: false; readonly problem: CsvProblem };

const QUOTE = 34;
const LF = 10;
const CR = 13;
const fail = (problem: CsvProblem): CsvResult => ({ ok: false, problem });

/** A number written plainly (as the link's fields): "0x10", "1e", "Infinity" are not. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell as a number: NaN when it is empty, a missing-value marker, text, or overflows. */
export function cellNumber(cell: string): number {
  const s = cell.trim();
  if (!NUMBER.test(s)) return NaN;
  const x = Number(s);
  return Number.isFinite(x) ? x : NaN;
}

/**
 * Whether text is a binary file read as text: a NUL character, or more than 1 % of replacement
 * characters (bytes that are not UTF-8), in its first 8000 characters (the test git uses for NUL).
 */
export function looksBinary(text: string): boolean {
  const head = text.slice(0, 8000);
  if (head.includes('\u0000')) return true;
  let bad = 0;
  for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) === 0xfffd) bad++;
  return head.length > 0 && bad / head.length > 0.01;
}

/** The delimiter of the first line outside quotes: tab or semicolon when more frequent than comma. */
function sniff(text: string): CsvTable['delimiter'] {
  const counts = { ',': 0, '\t': 0, ';': 0 };
  let quoted = false;
  const end = Math.min(text.length, 65536);
  for (let i = 0; i < end; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (c === ',' || c === '\t' || c === ';')) counts[c]++;
  }
  if (counts['\t'] > 0 && counts['\t'] >= counts[',']) return '\t';
  if (counts[';'] > counts[',']) return ';';
  return ',';
}

/**
 * Reads delimited text (RFC 4180: fields in double quotes may hold delimiters, line breaks and
 * doubled quotes; CRLF, LF or CR line ends; a byte-order mark skipped; blank lines skipped). The
 * delimiter is the first line's most frequent of comma, tab and semicolon. The first row is the
 * header when any of its cells is not a number. Never throws: anything it cannot use is a
 * CsvProblem — a binary file, too many bytes, rows or columns, a quote never closed, a row whose
 * field count differs from the header's, fewer than two columns, or fewer than two numeric ones.
 */
export function parseCsv(input: string): CsvResult {
  if (typeof input !== 'string') return fail({ kind: 'empty' });
  if (input.length > CSV_LIMITS.bytes) {
    return fail({ kind: 'tooBig', bytes: input.length, max: CSV_LIMITS.bytes });
  }
  if (looksBinary(input)) return fail({ kind: 'binary' });
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = sniff(text);
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  const records: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let line = 1;
  let rowLine = 1;
  let i = 0;
  while (i <= n) {
    let value: string;
    if (text.charCodeAt(i) === QUOTE) {
      const opened = line;
      let parts = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return fail({ kind: 'unclosedQuote', line: opened });
        const piece = text.slice(j, q);
        for (let k = 0; k < piece.length; k++) {
          const c = piece.charCodeAt(k);
          if (c === LF || (c === CR && piece.charCodeAt(k + 1) !== LF)) line++;
        }
        parts += piece;
        if (text.charCodeAt(q + 1) === QUOTE) {
          parts += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      // Text after a closing quote up to the next delimiter is kept as it is (a lenient reading).
      let j2 = i;
      while (j2 < n) {
        const c = text.charCodeAt(j2);
        if (c === delim || c === LF || c === CR) break;
        j2++;
      }
      value = parts + text.slice(i, j2);
      i = j2;
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === delim || c === LF || c === CR) break;
        j++;
      }
      value = text.slice(i, j);
      i = j;
    }
    row.push(value);
    if (row.length > CSV_LIMITS.columns) {
      return fail({ kind: 'tooManyColumns', line: rowLine, max: CSV_LIMITS.columns });
    }
    const c = text.charCodeAt(i);
    if (c === delim) {
      i++;
      continue;
    }
    if (c === CR) i += text.charCodeAt(i + 1) === LF ? 2 : 1;
    else if (c === LF) i++;
    else i = n + 1;
    // A blank line is one empty field: skipped, as spreadsheets write them at the end.
    if (!(row.length === 1 && row[0]!.trim() === '')) {
      records.push(row);
      lines.push(rowLine);
      // The header and one row past the limit are enough to say that it is too long.
      if (records.length > CSV_LIMITS.rows + 1) {
        return fail({ kind: 'tooManyRows', max: CSV_LIMITS.rows });
      }
    }
    row = [];
    line++;
    rowLine = line;
  }
  const first = records[0];
  if (!first) return fail({ kind: 'empty' });
  const cols = first.length;
  for (let r = 1; r < records.length; r++) {
    const got = records[r]!.length;
    if (got !== cols) return fail({ kind: 'ragged', line: lines[r]!, got, expected: cols });
  }
  if (cols < 2) return fail({ kind: 'oneColumn' });
  const header = first.some((cell) => cell.trim() !== '' && Number.isNaN(cellNumber(cell)));
  const body = header ? records.slice(1) : records;
  if (body.length > CSV_LIMITS.rows) return fail({ kind: 'tooManyRows', max: CSV_LIMITS.rows });
  if (body.length === 0) return fail({ kind: 'empty' });
  const columns = first.map((cell, j) =>
    header && cell.trim() !== '' ? cell.trim() : `#${j + 1}`,
  );
  const values = new Float64Array(body.length * cols);
  const numbers = new Array<number>(cols).fill(0);
  const texts = new Array<number>(cols).fill(0);
  body.forEach((cells, r) => {
    for (let j = 0; j < cols; j++) {
      const cell = cells[j]!;
      const x = cellNumber(cell);
      values[r * cols + j] = x;
      if (!Number.isNaN(x)) numbers[j]!++;
      else if (cell.trim() !== '') texts[j]!++;
    }
  });
  const numeric = numbers.map((k, j) => k > 0 && k >= texts[j]!);
  const count = numeric.filter(Boolean).length;
  if (count < 2) return fail({ kind: 'notNumeric', numeric: count });
  return { ok: true, table: { columns, numeric, rows: body.length, values, delimiter } };
}

/** The default choice: the last numeric column is the target, the other numeric ones the features. */
export function defaultColumns(table: CsvTable): { target: number; features: number[] } {
  const numeric = table.numeric.flatMap((ok, j) => (ok ? [j] : []));
  const target = numeric[numeric.length - 1] ?? -1;
  return { target, features: numeric.filter((j) => j !== target) };
}

/**
 * The columns to learn from: the link's choice (null: the default), checked against the table —
 * existing numeric columns, the target not among the features, no feature twice, at least one.
 */
export function chooseColumns(
  table: CsvTable,
  target: number | null,
  features: readonly number[] | null,
):
  | { readonly ok: true; readonly target: number; readonly features: readonly number[] }
  | { readonly ok: false; readonly problem: CsvProblem } {
  const fallback = defaultColumns(table);
  const t = target ?? fallback.target;
  const fs = features ?? fallback.features.filter((j) => j !== t);
  const usable = (j: number) =>
    Number.isInteger(j) && j >= 0 && j < table.columns.length && table.numeric[j] === true;
  if (
    !usable(t) ||
    fs.length < 1 ||
    !fs.every(usable) ||
    fs.includes(t) ||
    new Set(fs).size !== fs.length
  ) {
    return { ok: false, problem: { kind: 'badColumns' } };
  }
  return { ok: true, target: t, features: fs };
}

/**
 * The data set of the chosen columns: a row with a missing or non-numeric value in any of them is
 * dropped and counted (as the cars data set does); kept rows stay in file order. Fewer than
 * CSV_LIMITS.minRows complete rows cannot be split into training, validation and test sets.
 */
export function tableDataset(
  name: string,
  table: CsvTable,
  target: number,
  features: readonly number[],
):
  | { readonly ok: true; readonly data: Dataset }
  | { readonly ok: false; readonly problem: CsvProblem } {
  const cols = table.columns.length;
  const x: number[] = [];
  const y: number[] = [];
  let dropped = 0;
  for (let r = 0; r < table.rows; r++) {
    const yv = table.values[r * cols + target]!;
    const xv = features.map((j) => table.values[r * cols + j]!);
    if (Number.isNaN(yv) || xv.some(Number.isNaN)) {
      dropped++;
      continue;
    }
    x.push(...xv);
    y.push(yv);
  }
  if (y.length < CSV_LIMITS.minRows) {
    return { ok: false, problem: { kind: 'tooFewRows', rows: y.length, min: CSV_LIMITS.minRows } };
  }
  return {
    ok: true,
    data: makeDataset({
      name,
      features: features.map((j) => table.columns[j]!),
      target: table.columns[target]!,
      x: Float64Array.from(x),
      y: Float64Array.from(y),
      dropped,
    }),
  };
}

/**
 * A file's fingerprint for links: the first 16 hex digits (64 bits) of the SHA-256 of its bytes
 * (Web Crypto's `crypto.subtle.digest`, in the page, the worker and Node alike). Two files with the
 * same fingerprint are, for a class, the same file.
 */
export async function fileHash(bytes: ArrayBuffer): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest).slice(0, 8), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/**
 * The tables loaded in this thread (the page, or the worker that the page sent them to), by
 * hash: a link names its file by hash, and the scene of that link finds its rows here. The two
 * most recent are kept (the one shown and the one before, while a new file replaces it).
 */
const loaded = new Map<string, UserTable>();

export function keepTable(t: UserTable): void {
  loaded.delete(t.hash);
  loaded.set(t.hash, t);
  for (const old of loaded.keys()) {
    if (loaded.size <= 2) break;
    loaded.delete(old);
  }
}

export function tableFor(hash: string | undefined): UserTable | undefined {
  return hash === undefined ? undefined : loaded.get(hash);
}
