import {
  VARIABLES,
  add,
  call,
  div,
  mul,
  neg,
  num,
  pow,
  sub,
  type Expr,
  type Variable,
} from './ast';

/**
 * ∂e/∂v, symbolically, by the chain rule on each node (any calculus text; the same table as mathjs'
 * `derivative`, which the tests compare against):
 *
 *   (a ± b)' = a' ± b',  (ab)' = a'b + ab',  (a/b)' = (a'b − ab')/b²,
 *   (aᶜ)' = c·aᶜ⁻¹·a' (c constant),  (aᵇ)' = aᵇ·(b'·ln a + b·a'/a),
 *   exp' = exp,  ln' u = 1/u,  √' u = 1/(2√u),  sin' = cos,  cos' = −sin,  tanh' = 1 − tanh²,
 *   |u|' = sign u (0 at 0, the subgradient the optimizers then see),  sign' = 0,
 *   (log cosh)' = tanh.
 *
 * The constructors fold constants and drop zero terms, so a polynomial's derivative stays short.
 */
export function derive(e: Expr, v: Variable): Expr {
  switch (e.k) {
    case 'num':
      return num(0);
    case 'var':
      return num(e.name === v ? 1 : 0);
    case 'neg':
      return neg(derive(e.a, v));
    case 'add':
      return add(derive(e.a, v), derive(e.b, v));
    case 'sub':
      return sub(derive(e.a, v), derive(e.b, v));
    case 'mul':
      return add(mul(derive(e.a, v), e.b), mul(e.a, derive(e.b, v)));
    case 'div': {
      const da = derive(e.a, v);
      const db = derive(e.b, v);
      if (db.k === 'num' && db.v === 0) return div(da, e.b);
      return div(sub(mul(da, e.b), mul(e.a, db)), pow(e.b, num(2)));
    }
    case 'pow': {
      const da = derive(e.a, v);
      const db = derive(e.b, v);
      if (db.k === 'num' && db.v === 0) {
        return mul(mul(e.b, pow(e.a, sub(e.b, num(1)))), da);
      }
      return mul(e, add(mul(db, call('log', e.a)), div(mul(e.b, da), e.a)));
    }
    case 'fn': {
      const u = e.a;
      const du = derive(u, v);
      if (du.k === 'num' && du.v === 0) return num(0);
      const outer: Record<typeof e.f, () => Expr> = {
        exp: () => call('exp', u),
        log: () => div(num(1), u),
        sqrt: () => div(num(1), mul(num(2), call('sqrt', u))),
        sin: () => call('cos', u),
        cos: () => neg(call('sin', u)),
        tanh: () => sub(num(1), pow(call('tanh', u), num(2))),
        abs: () => call('sign', u),
        sign: () => num(0),
        logcosh: () => call('tanh', u),
      };
      const f = outer[e.f]();
      // 1/u·u' reads better (and rounds once less) as u'/u.
      if (f.k === 'div' && f.a.k === 'num' && f.a.v === 1) return div(du, f.b);
      return mul(f, du);
    }
  }
}

/** The gradient and the Hessian (row-major P×P) of a formula in its first P variables. */
export interface Derived {
  readonly loss: Expr;
  readonly grad: readonly Expr[];
  readonly hessian: readonly Expr[];
}

export function deriveAll(loss: Expr, dims: number): Derived {
  const vars = VARIABLES.slice(0, dims);
  const grad = vars.map((v) => derive(loss, v));
  // The upper triangle, mirrored: ∂²L/∂x∂y = ∂²L/∂y∂x, and one expression for both keeps the
  // evaluated matrix exactly symmetric (what the eigenvalue routines assume).
  const hessian = vars.flatMap((_, i) =>
    vars.map((v, j) => (j >= i ? derive(grad[i]!, v) : derive(grad[j]!, vars[i]!))),
  );
  return { loss, grad, hessian };
}
