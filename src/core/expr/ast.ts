/**
 * The lab's own small expression tree: what a scene's formula is once parsed (parse.ts), what its
 * derivatives are (derive.ts), and what every backend's code is generated from (evaluate.ts for
 * float64 and float32 closures, wgsl.ts, src/train/exprOps.ts for tfjs ops). Typed text never
 * becomes code: it becomes one of these nodes, whose kinds and names are closed lists.
 */

/** Functions a formula may call, as typed. */
export const TYPED_FUNCTIONS = ['exp', 'log', 'sqrt', 'sin', 'cos', 'tanh', 'abs'] as const;
/**
 * All functions of the tree: the typed ones; sign, which only derivatives bring in (d|u| = sign u);
 * and logcosh, the lecture valley's log cosh computed without overflow (src/core/expr/logCosh.ts).
 */
export const FUNCTIONS = [...TYPED_FUNCTIONS, 'sign', 'logcosh'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/** The variables: x, or x and y. */
export const VARIABLES = ['x', 'y'] as const;
export type Variable = (typeof VARIABLES)[number];

export const BINARY = ['add', 'sub', 'mul', 'div', 'pow'] as const;
export type BinaryOp = (typeof BINARY)[number];

/**
 * A node. `at` is the column (0-based) of the typed text it came from, −1 for nodes made by
 * derivation or simplification; messages point at it.
 */
export type Expr =
  | { readonly k: 'num'; readonly v: number; readonly at: number }
  | { readonly k: 'var'; readonly name: Variable; readonly at: number }
  | { readonly k: 'neg'; readonly a: Expr; readonly at: number }
  | {
      readonly k: BinaryOp;
      readonly a: Expr;
      readonly b: Expr;
      readonly at: number;
      /**
       * Only on an `add` of two products variable × constant, made in code (never typed): a
       * matrix product's entry, x·c₀ + y·c₁, which tfjs computes with matMul (the cpu backend
       * accumulating in float64 and rounding once), so every backend rounds it as it always has.
       */
      readonly dot?: true;
    }
  | { readonly k: 'fn'; readonly f: FunctionName; readonly a: Expr; readonly at: number };

export const num = (v: number, at = -1): Expr => ({ k: 'num', v, at });
export const variable = (name: Variable, at = -1): Expr => ({ k: 'var', name, at });

const isNum = (e: Expr, v?: number): e is { k: 'num'; v: number; at: number } =>
  e.k === 'num' && (v === undefined || e.v === v);

/**
 * Constructors that fold constants and drop the identities 0 + a, a − 0, 1·a, a/1, a¹, a⁰ = 1,
 * 0·a = 0 (the last as algebra does, though 0·∞ is NaN in floating point: a derivative's zero term
 * is an exact zero, not a product to evaluate). They keep derivatives short; a typed formula is
 * built without them (parse.ts), so it runs op for op as written.
 */
export const add = (a: Expr, b: Expr, at = -1): Expr => {
  if (isNum(a) && isNum(b)) return num(a.v + b.v, at);
  if (isNum(a, 0)) return b;
  if (isNum(b, 0)) return a;
  if (b.k === 'neg') return sub(a, b.a, at);
  return { k: 'add', a, b, at };
};
export const sub = (a: Expr, b: Expr, at = -1): Expr => {
  if (isNum(a) && isNum(b)) return num(a.v - b.v, at);
  if (isNum(b, 0)) return a;
  if (isNum(a, 0)) return neg(b, at);
  return { k: 'sub', a, b, at };
};
export const mul = (a: Expr, b: Expr, at = -1): Expr => {
  if (isNum(a) && isNum(b)) return num(a.v * b.v, at);
  if (isNum(a, 0) || isNum(b, 0)) return num(0, at);
  if (isNum(a, 1)) return b;
  if (isNum(b, 1)) return a;
  if (isNum(a, -1)) return neg(b, at);
  if (isNum(b, -1)) return neg(a, at);
  // Constants after the variable part, as the scenes write a·c (one rounding either way).
  if (isNum(a)) return { k: 'mul', a: b, b: a, at };
  return { k: 'mul', a, b, at };
};
export const div = (a: Expr, b: Expr, at = -1): Expr => {
  if (isNum(a) && isNum(b) && b.v !== 0) return num(a.v / b.v, at);
  if (isNum(a, 0)) return num(0, at);
  if (isNum(b, 1)) return a;
  return { k: 'div', a, b, at };
};
export const pow = (a: Expr, b: Expr, at = -1): Expr => {
  if (isNum(b, 0)) return num(1, at);
  if (isNum(b, 1)) return a;
  if (isNum(a) && isNum(b)) return num(a.v ** b.v, at);
  return { k: 'pow', a, b, at };
};
export const neg = (a: Expr, at = -1): Expr => {
  if (isNum(a)) return num(-a.v, at);
  if (a.k === 'neg') return a.a;
  return { k: 'neg', a, at };
};
export const call = (f: FunctionName, a: Expr, at = -1): Expr => ({ k: 'fn', f, a, at });

/** The variables a tree reads. */
export function variablesOf(e: Expr, into = new Set<Variable>()): Set<Variable> {
  switch (e.k) {
    case 'num':
      break;
    case 'var':
      into.add(e.name);
      break;
    case 'neg':
    case 'fn':
      variablesOf(e.a, into);
      break;
    default:
      variablesOf(e.a, into);
      variablesOf(e.b, into);
  }
  return into;
}

/** Number of nodes (bounds the work of deriving and compiling). */
export function sizeOf(e: Expr): number {
  switch (e.k) {
    case 'num':
    case 'var':
      return 1;
    case 'neg':
    case 'fn':
      return 1 + sizeOf(e.a);
    default:
      return 1 + sizeOf(e.a) + sizeOf(e.b);
  }
}

/** The tree written back as text (for tests and for mathjs, which reads the same syntax). */
export function print(e: Expr): string {
  switch (e.k) {
    case 'num':
      return e.v < 0 ? `(${e.v})` : String(e.v);
    case 'var':
      return e.name;
    case 'neg':
      return `(-${print(e.a)})`;
    case 'fn':
      return `${e.f}(${print(e.a)})`;
    default:
      return `(${print(e.a)} ${SYMBOL[e.k]} ${print(e.b)})`;
  }
}

export const SYMBOL: Record<BinaryOp, string> = {
  add: '+',
  sub: '-',
  mul: '*',
  div: '/',
  pow: '^',
};
