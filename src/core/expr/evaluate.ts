import type { BinaryOp, Expr, FunctionName } from './ast';
import { logCosh, logCosh32 } from './logCosh';

/** A compiled formula: its value at (x, y) (y ignored by formulas of x). */
export type Compiled = (x: number, y: number) => number;

const fr = Math.fround;

const FN64: Record<FunctionName, (a: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  abs: Math.abs,
  sign: Math.sign,
  logcosh: logCosh,
};

const BIN64: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
};

/**
 * The tree as nested closures (the page's CSP has no `unsafe-eval`, and typed text is never code).
 * In float32 every node's result is rounded (Math.fround), op for op as tfjs' cpu backend rounds
 * each op's float64 result into its float32 tensor; a `dot` node (x·c₀ + y·c₁, a matMul entry) is
 * rounded once as the cpu backend's matMul does, or per product and sum as XNNPACK's (wasm) does
 * when `roundProducts`.
 */
function compileWith(e: Expr, f32: boolean, roundProducts: boolean): Compiled {
  const round = f32 ? fr : (v: number) => v;
  const go = (n: Expr): Compiled => compileWith(n, f32, roundProducts);
  switch (e.k) {
    case 'num': {
      const v = round(e.v);
      return () => v;
    }
    case 'var':
      return e.name === 'x' ? (x) => x : (_x, y) => y;
    case 'neg': {
      const a = go(e.a);
      return (x, y) => -a(x, y);
    }
    case 'fn': {
      const a = go(e.a);
      const f = f32 && e.f === 'logcosh' ? logCosh32 : FN64[e.f];
      return (x, y) => round(f(a(x, y)));
    }
    default: {
      if (e.k === 'add' && e.dot && f32 && !roundProducts) {
        const [u, cu] = dotTerm(e.a);
        const [w, cw] = dotTerm(e.b);
        const pick = (v: 'x' | 'y') =>
          v === 'x' ? (x: number) => x : (_x: number, y: number) => y;
        const pu = pick(u);
        const pw = pick(w);
        return (x, y) => fr(pu(x, y) * cu + pw(x, y) * cw);
      }
      const a = go(e.a);
      const b = go(e.b);
      const op = BIN64[e.k];
      // x² as x·x, as tf.square computes it (Math.pow(x, 2) is the same number).
      if (e.k === 'pow' && e.b.k === 'num' && e.b.v === 2) {
        return (x, y) => {
          const v = a(x, y);
          return round(v * v);
        };
      }
      return (x, y) => round(op(a(x, y), b(x, y)));
    }
  }
}

/** A `dot` node's term variable × constant, the constant as the float32 the kernels hold. */
function dotTerm(e: Expr): ['x' | 'y', number] {
  if (e.k === 'mul' && e.a.k === 'var' && e.b.k === 'num') return [e.a.name, fr(e.b.v)];
  throw new Error('a dot node holds products variable × constant');
}

/** The formula in float64. */
export const compile64 = (e: Expr): Compiled => compileWith(e, false, false);
/**
 * The formula in float32, every op rounded as the unfused tfjs ops round it on the cpu backend
 * (and on wasm, `roundProducts`, but for wasm's own transcendental functions).
 */
export const compile32 = (e: Expr, roundProducts = false): Compiled =>
  compileWith(e, true, roundProducts);

/** Unit roundoff of float32 and float64 (round to nearest): 2⁻²⁴, 2⁻⁵³. */
export const U32 = 2 ** -24;
export const U64 = 2 ** -53;

/**
 * Largest |f′| on [a − E, a + E], for the mean-value bound |f(â) − f(a)| ≤ max|f′|·E: each is
 * the maximum of a function monotone in |t| on the interval (or a global bound, for sin, cos, tanh).
 */
const SLOPE: Record<FunctionName, (a: number, E: number) => number> = {
  exp: (a, E) => Math.exp(a + E),
  log: (a, E) => (Math.abs(a) > E ? 1 / (Math.abs(a) - E) : Infinity),
  sqrt: (a, E) => (a > E ? 1 / (2 * Math.sqrt(a - E)) : Infinity),
  sin: () => 1,
  cos: () => 1,
  tanh: () => 1,
  abs: () => 1,
  sign: () => 0,
  logcosh: () => 1,
};

/**
 * A bound on |fl(e)(x, y) − e(x, y)|, the error of evaluating the tree with every op rounded
 * (unit roundoff u, each function call within `fnUlps`·u relative of the exact value), by running
 * error analysis (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §3.3): each
 * node carries its exact value v and a bound E on its computed value's error, and
 *
 *   a ± b:  E = Ea + Eb + u·(|a ± b| + Ea + Eb)
 *   a·b:    E = |a|Eb + |b|Ea + EaEb + u·(|a| + Ea)(|b| + Eb)
 *   a/b:    E = (Ea + |a/b|·Eb)/(|b| − Eb) + u·(|a/b| + that)        (∞ if |b| ≤ Eb)
 *   aᶜ:     E = |c|·max|t|^(c−1)·Ea + fnUlps·u·|aᶜ| on t ∈ [a − Ea, a + Ea]  (c constant)
 *   f(a):   E = max|f′|·Ea + fnUlps·u·(|f(a)| + max|f′|·Ea)   (|f(a)| → max(1, |f(a)|) for sin, cos)
 *   constant c: E = |round(c) − c|;  x, y: E = |round(x) − x|,
 *
 * plus η (half the smallest subnormal) for every rounded result, for underflow.
 *
 * Evaluated in float64 (whose own rounding is about 2⁻⁵³ relative, far below u = 2⁻²⁴; the tests
 * add the same bound with u = 2⁻⁵³ for the float64 reference itself).
 */
export function errorBound(
  e: Expr,
  x: number,
  y: number,
  u: number,
  fnUlps: number,
  round: (v: number) => number = u === U32 ? fr : (v) => v,
): { value: number; error: number } {
  // Underflow: a result below the smallest normal number rounds with an absolute error up to half
  // the smallest subnormal, η = 2⁻¹⁵⁰ (float32) or 2⁻¹⁰⁷⁵ (float64), added to every rounding.
  const eta = u === U32 ? 2 ** -150 : 2 ** -1075;
  const go = (n: Expr): { value: number; error: number } => {
    switch (n.k) {
      case 'num':
        return { value: n.v, error: Math.abs(round(n.v) - n.v) };
      case 'var': {
        const v = n.name === 'x' ? x : y;
        return { value: v, error: Math.abs(round(v) - v) };
      }
      case 'neg': {
        const a = go(n.a);
        return { value: -a.value, error: a.error };
      }
      case 'fn': {
        const a = go(n.a);
        const value = FN64[n.f](a.value);
        if (n.f === 'sign') {
          // A sign may flip only if the argument's error reaches zero.
          return { value, error: Math.abs(a.value) > a.error ? 0 : 2 };
        }
        const prop = SLOPE[n.f](a.value, a.error) * a.error;
        // sin and cos are accurate relative to their range, 1, not to their value: near a zero
        // (cos near π/2) a float32 library's range reduction leaves an absolute error of ulps of 1.
        const size =
          n.f === 'sin' || n.f === 'cos' ? Math.max(1, Math.abs(value)) : Math.abs(value);
        return { value, error: prop + fnUlps * u * (size + prop) + eta };
      }
      default: {
        const a = go(n.a);
        const b = go(n.b);
        const av = Math.abs(a.value);
        const bv = Math.abs(b.value);
        switch (n.k) {
          case 'add':
          case 'sub': {
            const value = n.k === 'add' ? a.value + b.value : a.value - b.value;
            const prop = a.error + b.error;
            return { value, error: prop + u * (Math.abs(value) + prop) + eta };
          }
          case 'mul': {
            const value = a.value * b.value;
            const prop = av * b.error + bv * a.error + a.error * b.error;
            return { value, error: prop + u * (av + a.error) * (bv + b.error) + eta };
          }
          case 'div': {
            const value = a.value / b.value;
            const prop =
              bv > b.error ? (a.error + Math.abs(value) * b.error) / (bv - b.error) : Infinity;
            return { value, error: prop + u * (Math.abs(value) + prop) + eta };
          }
          case 'pow': {
            const value = a.value ** b.value;
            if (b.error === 0 && n.b.k === 'num') {
              const c = b.value;
              const far = av + a.error;
              const near = av - a.error;
              const slope =
                c >= 1
                  ? Math.abs(c) * far ** (c - 1)
                  : near > 0
                    ? Math.abs(c) * near ** (c - 1)
                    : Infinity;
              const prop = slope * a.error;
              // A power is a library call like the functions (exact only for the cpu's x·x).
              return { value, error: prop + fnUlps * u * (Math.abs(value) + prop) + eta };
            }
            // aᵇ = exp(b·ln a), to first order: |aᵇ|·(|ln a|·Eb + |b/a|·Ea), twice for the
            // second-order terms, which first order leaves out.
            const prop =
              2 *
              Math.abs(value) *
              (Math.abs(Math.log(av)) * b.error + Math.abs(b.value / a.value) * a.error);
            return { value, error: prop + fnUlps * u * (Math.abs(value) + prop) + eta };
          }
        }
      }
    }
  };
  return go(e);
}
