import {
  FUNCTIONS,
  TYPED_FUNCTIONS,
  VARIABLES,
  num,
  variable,
  type Expr,
  type FunctionName,
  type Variable,
} from './ast';

/** Longest formula read at all: a link carries it, and a teacher's formula fits in a line. */
export const FORMULA_MAX_CHARS = 200;

/** Why a formula was refused; `column` (0-based) is where in the text. */
export type FormulaErrorKind =
  | 'empty'
  | 'tooLong'
  | 'unexpected'
  | 'unclosed'
  | 'unknownName'
  | 'needsArgument'
  | 'notFinite'
  | 'tooComplex';

export interface FormulaError {
  readonly kind: FormulaErrorKind;
  readonly column: number;
  /** The text at the column (clipped), or the point where the formula is not finite. */
  readonly found: string;
}

export type ParsedFormula =
  { readonly ok: true; readonly expr: Expr } | { readonly ok: false; readonly error: FormulaError };

type Token =
  | { t: 'num'; v: number; at: number; text: string }
  | { t: 'name'; v: string; at: number; text: string }
  | { t: 'op'; v: string; at: number; text: string }
  | { t: 'end'; at: number; text: string };

/** Operators as typed, including the typographic ones (× ÷ − ·), mapped to one spelling. */
const OPERATORS: Record<string, string> = {
  '+': '+',
  '-': '-',
  '−': '-',
  '*': '*',
  '×': '*',
  '·': '*',
  '/': '/',
  '÷': '/',
  '^': '^',
  '(': '(',
  ')': ')',
};

/** Constants by name (π as typed too). A Map, so no name reaches Object.prototype. */
const CONSTANTS = new Map<string, number>([
  ['pi', Math.PI],
  ['π', Math.PI],
  ['e', Math.E],
]);
const FUNCTION_NAMES = new Map<string, FunctionName>(TYPED_FUNCTIONS.map((f) => [f, f]));
/** Every function of the tree, for the lab's own scene definitions (logcosh is not offered to typing). */
export const ALL_FUNCTION_NAMES = new Map<string, FunctionName>(FUNCTIONS.map((f) => [f, f]));
const VARIABLE_NAMES = new Map<string, Variable>(VARIABLES.map((v) => [v, v]));

const NUMBER = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_π][A-Za-z0-9_]*/;

class Refused extends Error {
  constructor(readonly error: FormulaError) {
    super(error.kind);
  }
}

const clipText = (s: string) => (s.length > 12 ? `${s.slice(0, 12)}…` : s);
const refuse = (kind: FormulaErrorKind, column: number, found: string): never => {
  throw new Refused({ kind, column, found: clipText(found) });
};

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = text.slice(i);
    const number = NUMBER.exec(rest);
    if (number) {
      out.push({ t: 'num', v: Number(number[0]), at: i, text: number[0] });
      i += number[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      out.push({ t: 'name', v: name[0], at: i, text: name[0] });
      i += name[0].length;
      continue;
    }
    if (rest.startsWith('**')) {
      out.push({ t: 'op', v: '^', at: i, text: '**' });
      i += 2;
      continue;
    }
    const op = OPERATORS[ch];
    if (op === undefined || !Object.hasOwn(OPERATORS, ch)) refuse('unexpected', i, ch);
    out.push({ t: 'op', v: op!, at: i, text: ch });
    i++;
  }
  out.push({ t: 'end', at: text.length, text: '' });
  return out;
}

/**
 * Reads a formula of x (and y) into an Expr, or says what is wrong and where. Grammar (precedence
 * low to high): sums `+ −`, products `× ÷` (also `*`, `/`, `·`, and a number written against a name
 * or bracket, `2x`), unary minus, powers `^` (or `**`, right-associative, so −x² = −(x²) and
 * 2^3^2 = 2^9), then numbers, constants pi and e, x and y, f(…) for the functions
 * exp log sqrt sin cos tanh abs (`functions`: the lab's own definitions may use logcosh too), and
 * brackets. Every name is looked up in a closed table; nothing in the text is ever evaluated as
 * code. Never throws.
 */
export function parseFormula(
  text: string,
  functions: ReadonlyMap<string, FunctionName> = FUNCTION_NAMES,
): ParsedFormula {
  if (typeof text !== 'string' || text.trim() === '') {
    return { ok: false, error: { kind: 'empty', column: 0, found: '' } };
  }
  if (text.length > FORMULA_MAX_CHARS) {
    return {
      ok: false,
      error: { kind: 'tooLong', column: FORMULA_MAX_CHARS, found: String(text.length) },
    };
  }
  try {
    const tokens = tokenize(text);
    let i = 0;
    const peek = () => tokens[i]!;
    const next = () => tokens[i++]!;
    const isOp = (tok: Token, v: string): tok is Extract<Token, { t: 'op' }> =>
      tok.t === 'op' && tok.v === v;

    const sum = (): Expr => {
      let left = product();
      for (;;) {
        const tok = peek();
        if (isOp(tok, '+') || isOp(tok, '-')) {
          next();
          const right = product();
          left = { k: tok.v === '+' ? 'add' : 'sub', a: left, b: right, at: tok.at };
        } else return left;
      }
    };
    const product = (): Expr => {
      let left = unary();
      for (;;) {
        const tok = peek();
        if (isOp(tok, '*') || isOp(tok, '/')) {
          next();
          const right = unary();
          left = { k: tok.v === '*' ? 'mul' : 'div', a: left, b: right, at: tok.at };
        } else return left;
      }
    };
    const unary = (): Expr => {
      const tok = peek();
      if (isOp(tok, '-')) {
        next();
        return { k: 'neg', a: unary(), at: tok.at };
      }
      if (isOp(tok, '+')) {
        next();
        return unary();
      }
      return power();
    };
    const power = (): Expr => {
      const base = atom();
      const tok = peek();
      if (isOp(tok, '^')) {
        next();
        return { k: 'pow', a: base, b: unary(), at: tok.at };
      }
      return base;
    };
    const atom = (): Expr => {
      const tok = next();
      if (tok.t === 'num') {
        const n = num(tok.v, tok.at);
        // 2x, 3(x + 1), 2pi: a number written against a name or a bracket multiplies it.
        const after = peek();
        if (after.t === 'name' || isOp(after, '(')) {
          return { k: 'mul', a: n, b: power(), at: after.at };
        }
        return n;
      }
      if (tok.t === 'name') {
        const v = VARIABLE_NAMES.get(tok.v);
        if (v !== undefined) return variable(v, tok.at);
        const c = CONSTANTS.get(tok.v);
        if (c !== undefined) return num(c, tok.at);
        const f = functions.get(tok.v);
        if (f === undefined) return refuse('unknownName', tok.at, tok.text);
        const open = next();
        if (!isOp(open, '(')) return refuse('needsArgument', open.at, open.text || tok.text);
        const arg = sum();
        const close = next();
        if (!isOp(close, ')')) return refuse('unclosed', open.at, open.text);
        return { k: 'fn', f: f!, a: arg, at: tok.at };
      }
      if (isOp(tok, '(')) {
        const inner = sum();
        const close = next();
        if (!isOp(close, ')')) return refuse('unclosed', tok.at, tok.text);
        return inner;
      }
      return refuse('unexpected', tok.at, tok.text);
    };

    const expr = sum();
    const tail = peek();
    if (tail.t !== 'end') refuse('unexpected', tail.at, tail.text);
    return { ok: true, expr };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, error: e.error };
    // Only a bug could get here (the text is bounded, so recursion is too); said, not thrown.
    return { ok: false, error: { kind: 'unexpected', column: 0, found: '' } };
  }
}
