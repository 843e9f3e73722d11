import { add, mul, num, variable, type Expr } from '../expr/ast';
import { deriveAll, type Derived } from '../expr/derive';
import { compile64, type Compiled } from '../expr/evaluate';
import { compileProgram, runProgram } from '../expr/program';
import { ALL_FUNCTION_NAMES, parseFormula } from '../expr/parse';
import { bowlHessian } from './bowl';

/**
 * The analytic scenes as formulas: each is one entry, its loss defined once; its gradient and
 * Hessian are derived symbolically (src/core/expr/derive.ts) and every backend's code is generated
 * from the trees (float64 closures here, float32 closures for the fused cpu and wasm kernel, tfjs
 * ops, WGSL).
 *
 * `kernel` is the same loss and gradient written in the order of operations the float32 code has
 * always evaluated (fewest ops, shared factors such as r = y − x²): every op rounds in float32, so
 * the order fixes the numbers that shared links have fingerprinted. tests/core/sceneFormulas.test.ts
 * checks that each kernel form equals the definition and its derived gradient (float64, within
 * rounding). A new scene needs only `loss`.
 */
export interface SceneFormula {
  readonly dims: 1 | 2;
  readonly loss: Expr;
  readonly kernel?: { readonly loss: Expr; readonly grad: readonly Expr[] };
}

/** A formula of the lab's own (logcosh allowed); a typo here is a bug, said at load. */
export function formula(text: string): Expr {
  const p = parseFormula(text, ALL_FUNCTION_NAMES);
  if (!p.ok) throw new Error(`scene formula "${text}": ${p.error.kind} at ${p.error.column}`);
  return p.expr;
}

/** The lecture valley's quartic weight: L = log cosh w + 0.002·w⁴. */
export const VALLEY_QUARTIC = 0.002;

/**
 * The bowl ½θᵀHθ for H = bowlHessian(κ) (numbers written with every float64 digit, String(x)),
 * and its kernel form: ∇L = θH as matMul entries (`dot` nodes), L = ½·Σ θ ⊙ ∇L.
 */
function bowlFormula(kappa: number): SceneFormula {
  const [h00, h01, h10, h11] = bowlHessian(kappa);
  const x = variable('x');
  const y = variable('y');
  const dot = (cx: number, cy: number): Expr => ({
    k: 'add',
    a: { k: 'mul', a: x, b: num(cx), at: -1 },
    b: { k: 'mul', a: y, b: num(cy), at: -1 },
    at: -1,
    dot: true,
  });
  const gx = dot(h00, h10);
  const gy = dot(h01, h11);
  return {
    dims: 2,
    loss: formula(`0.5*(${h00}*x^2 + 2*${h01}*x*y + ${h11}*y^2)`),
    kernel: {
      loss: mul(add(mul(x, gx), mul(y, gy)), num(0.5)),
      grad: [gx, gy],
    },
  };
}

/** The table: adding an analytic scene is adding an entry here (and its metadata in its file). */
export const SCENE_FORMULAS = {
  valley: () => ({
    dims: 1,
    loss: formula(`logcosh(x) + (x^2)^2*${VALLEY_QUARTIC}`),
    kernel: {
      loss: formula(`logcosh(x) + (x^2)^2*${VALLEY_QUARTIC}`),
      grad: [formula(`tanh(x) + x^2*x*${4 * VALLEY_QUARTIC}`)],
    },
  }),
  quadratic: bowlFormula,
  rosenbrock: () => ({
    dims: 2,
    loss: formula('(1 - x)^2 + 100*(y - x^2)^2'),
    kernel: {
      loss: formula('(1 - x)^2 + (y - x^2)^2*100'),
      grad: [formula('(1 - x)*(-2) - x*(y - x^2)*400'), formula('(y - x^2)*200')],
    },
  }),
  saddle: () => ({
    dims: 2,
    loss: formula('x^2/2 + y^4/4 - y^2/2'),
    kernel: {
      loss: formula('x^2*0.5 + ((y^2)^2*0.25 - y^2*0.5)'),
      grad: [formula('x'), formula('y*(y^2 - 1)')],
    },
  }),
  himmelblau: () => ({
    dims: 2,
    loss: formula('(x^2 + y - 11)^2 + (x + y^2 - 7)^2'),
    kernel: {
      loss: formula('(x^2 + y - 11)^2 + (x + y^2 - 7)^2'),
      grad: [
        formula('x*(x^2 + y - 11)*4 + (x + y^2 - 7)*2'),
        formula('(x^2 + y - 11)*2 + y*(x + y^2 - 7)*4'),
      ],
    },
  }),
} as const satisfies Record<string, (kappa: number) => SceneFormula>;

export type FormulaSceneId = keyof typeof SCENE_FORMULAS;

/** A scene formula's float64 functions (derived gradient and Hessian) and its float32 trees. */
export interface BuiltFormula {
  readonly loss: (theta: readonly number[]) => number;
  readonly grad: (theta: readonly number[]) => number[];
  readonly hessian: (theta: readonly number[]) => number[];
  /** What the float32 code runs: the kernel's loss and gradient, the derived Hessian. */
  readonly trees: Derived;
  /** The definition with its derivatives, as derived. */
  readonly derived: Derived;
}

export function buildFormula(f: SceneFormula): BuiltFormula {
  const derived = deriveAll(f.loss, f.dims);
  const at = (c: Compiled) => (theta: readonly number[]) => c(theta[0] ?? 0, theta[1] ?? 0);
  const loss = at(compile64(f.loss));
  // The gradient's and the Hessian's entries each as one float64 program with shared
  // subexpressions (src/core/expr/program.ts; the same numbers as compile64's closures, which
  // recompute them per entry): the float64 reference trains with this gradient.
  const all = (trees: readonly Expr[]) => {
    const p = compileProgram(trees, false);
    const r = p.init.slice();
    return (theta: readonly number[]) => {
      runProgram(p, r, theta[0] ?? 0, theta[1] ?? 0);
      return Array.from(p.outputs, (o) => r[o]!);
    };
  };
  const grad = all(derived.grad);
  const hessian = all(derived.hessian);
  return {
    loss,
    grad,
    hessian,
    derived,
    trees: f.kernel ? { ...f.kernel, hessian: derived.hessian } : derived,
  };
}

const built = new Map<string, BuiltFormula>();

/** An analytic scene's formula, built once per scene and κ (makeScene is called on every change). */
export function sceneFormula(id: FormulaSceneId, kappa: number): BuiltFormula {
  const key = id === 'quadratic' ? `${id}:${kappa}` : id;
  let b = built.get(key);
  if (!b) {
    if (built.size >= 32) built.clear();
    b = buildFormula(SCENE_FORMULAS[id](kappa));
    built.set(key, b);
  }
  return b;
}
