import { variablesOf, type Expr } from '../expr/ast';
import { deriveAll, type Derived } from '../expr/derive';
import { compile64, type Compiled } from '../expr/evaluate';
import { parseFormula, type FormulaError } from '../expr/parse';
import { symmetricEigenvalues } from '../stability';
import { topEigenvector2 } from './minimum';
import type { Minimum, Scene } from './scene';

/** The formula a new "own function" scene opens with: a bowl with λ = 1 and 4 (bands at 1/4, 1/2). */
export const DEFAULT_FORMULA = 'x^2/2 + 2*y^2';
/** The region a formula is drawn and checked on when the link gives none: [−5, 5] per variable. */
export const DEFAULT_DOMAIN = [-5, 5, -5, 5] as const;
/** Node budget of a formula with its derivatives: bounds compile and evaluation time. */
export const FORMULA_MAX_NODES = 20000;

/** A formula checked and derived: everything a scene needs, or why there is none. */
export type CheckedFormula =
  | {
      readonly ok: true;
      readonly dims: 1 | 2;
      readonly derived: Derived;
      readonly domain: readonly (readonly [number, number])[];
    }
  | { readonly ok: false; readonly error: FormulaError };

/** Node count, stopping at `cap` (a derivative tree shares subtrees, so counting could blow up). */
function countNodes(e: Expr, cap: number): number {
  let n = 0;
  const stack: Expr[] = [e];
  while (stack.length > 0 && n <= cap) {
    const x = stack.pop()!;
    n++;
    if (x.k === 'neg' || x.k === 'fn') stack.push(x.a);
    else if (x.k !== 'num' && x.k !== 'var') stack.push(x.a, x.b);
  }
  return n;
}

/** The [lo, hi] per variable from a link's `domain` (2 or 4 numbers), or the default. */
export function domainOf(
  domain: readonly number[] | null | undefined,
  dims: number,
): (readonly [number, number])[] {
  const d = domain && domain.length >= 2 * dims ? domain : DEFAULT_DOMAIN;
  return Array.from({ length: dims }, (_, i) => [d[2 * i]!, d[2 * i + 1]!] as const);
}

/**
 * The innermost node not finite at (x, y) whose arguments are: where the formula breaks, for the
 * message's column (a node from the typed text always has one).
 */
function firstNonFinite(e: Expr, x: number, y: number): Expr | null {
  const kids =
    e.k === 'num' || e.k === 'var' ? [] : e.k === 'neg' || e.k === 'fn' ? [e.a] : [e.a, e.b];
  for (const kid of kids) {
    const hit = firstNonFinite(kid, x, y);
    if (hit) return hit;
  }
  return Number.isFinite(compile64(e)(x, y)) ? null : e;
}

/** Grid points per variable where a formula must be finite: 201 for f(x), 41 × 41 for f(x, y). */
const CHECK_POINTS = { 1: 201, 2: 41 } as const;

const gridPoints = (
  domain: readonly (readonly [number, number])[],
  per: number,
): [number, number][] => {
  const axis = (i: number) =>
    Array.from(
      { length: per },
      (_, j) => domain[i]![0] + ((domain[i]![1] - domain[i]![0]) * j) / (per - 1),
    );
  const xs = axis(0);
  if (domain.length === 1) return xs.map((x) => [x, 0]);
  const ys = axis(1);
  return ys.flatMap((y) => xs.map((x) => [x, y] as [number, number]));
};

/**
 * Parses, checks and derives a typed formula: f(x) when it reads x alone, f(x, y) when it reads y;
 * it must be finite on a grid over its domain (201 points, or 41 × 41), else the message points at
 * the innermost operation that is not, at the first such point. Never throws.
 */
export function checkFormula(
  text: string,
  domain: readonly number[] | null | undefined,
): CheckedFormula {
  const parsed = parseFormula(text);
  if (!parsed.ok) return parsed;
  const dims = variablesOf(parsed.expr).has('y') ? 2 : 1;
  const box = domainOf(domain, dims);
  const derived = deriveAll(parsed.expr, dims);
  const nodes = [derived.loss, ...derived.grad, ...derived.hessian].reduce(
    (n, e) => n + countNodes(e, FORMULA_MAX_NODES),
    0,
  );
  if (nodes > FORMULA_MAX_NODES) {
    return { ok: false, error: { kind: 'tooComplex', column: 0, found: String(nodes) } };
  }
  const f = compile64(parsed.expr);
  for (const [x, y] of gridPoints(box, CHECK_POINTS[dims])) {
    if (!Number.isFinite(f(x, y))) {
      const at = firstNonFinite(parsed.expr, x, y);
      const where = dims === 1 ? `x = ${x}` : `x = ${x}, y = ${y}`;
      return {
        ok: false,
        error: { kind: 'notFinite', column: Math.max(0, at?.at ?? 0), found: where },
      };
    }
  }
  return { ok: true, dims, derived, domain: box };
}

/** Newton's method from a grid point, with a gradient step where H is not positive definite. */
function refine(
  start: number[],
  f: Compiled,
  grad: Compiled[],
  hess: Compiled[],
  box: readonly (readonly [number, number])[],
): number[] {
  const P = start.length;
  let th = [...start];
  let L = f(th[0]!, th[1] ?? 0);
  const span = Math.max(...box.map(([lo, hi]) => hi - lo));
  for (let it = 0; it < 100; it++) {
    const g = grad.map((d) => d(th[0]!, th[1] ?? 0));
    const H = hess.map((d) => d(th[0]!, th[1] ?? 0));
    if (!g.every(Number.isFinite) || !H.every(Number.isFinite)) break;
    let step: number[];
    if (P === 1) {
      step = H[0]! > 0 ? [g[0]! / H[0]!] : [g[0]! * 1e-3 * span];
    } else {
      const [a = 0, b = 0, , d = 0] = H;
      const det = a * d - b * b;
      step =
        a > 0 && det > 0
          ? [(d * g[0]! - b * g[1]!) / det, (a * g[1]! - b * g[0]!) / det]
          : [g[0]! * 1e-3 * span, g[1]! * 1e-3 * span];
    }
    // Backtracking: halve the step until the loss does not rise (a Newton step can overshoot far
    // from the minimum); stop when no step helps or the step is below float64 resolution.
    let t = 1;
    let moved = false;
    for (let h = 0; h < 40; h++) {
      const next = th.map((v, i) => v - t * step[i]!);
      const Ln = f(next[0]!, next[1] ?? 0);
      if (Ln <= L) {
        moved = next.some((v, i) => v !== th[i]);
        th = next;
        L = Ln;
        break;
      }
      t /= 2;
    }
    if (!moved) break;
  }
  return th;
}

/**
 * The local minima of a formula on (a margin around) its domain, found numerically: every grid
 * point no higher than its neighbours (41 × 41, or 401 for f(x)), refined by Newton's method,
 * merged when they meet, the lowest four kept; if none is a true minimum (H not positive
 * semi-definite, e.g. a plane), the lowest point found. Each with the top eigenvector of H there.
 */
export function findMinima(
  derived: Derived,
  box: readonly (readonly [number, number])[],
): Minimum[] {
  const P = box.length;
  const f = compile64(derived.loss);
  const grad = derived.grad.map(compile64);
  const hess = derived.hessian.map(compile64);
  const per = P === 1 ? 401 : 41;
  const pts = gridPoints(box, per);
  const vals = pts.map(([x, y]) => f(x, y));
  const candidates: number[][] = [];
  const at = (i: number, j: number) => (P === 1 ? vals[i] : vals[j * per + i]);
  for (let j = 0; j < (P === 1 ? 1 : per); j++) {
    for (let i = 0; i < per; i++) {
      const v = at(i, j)!;
      if (!Number.isFinite(v)) continue;
      let low = true;
      for (let dj = P === 1 ? 0 : -1; dj <= (P === 1 ? 0 : 1) && low; dj++) {
        for (let di = -1; di <= 1; di++) {
          const ii = i + di;
          const jj = j + dj;
          if ((di === 0 && dj === 0) || ii < 0 || ii >= per || jj < 0 || jj >= per) continue;
          const w = at(ii, jj);
          if (w !== undefined && w < v) {
            low = false;
            break;
          }
        }
      }
      if (low) candidates.push(P === 1 ? [pts[i]![0]] : [...pts[j * per + i]!]);
    }
  }
  const span = Math.max(...box.map(([lo, hi]) => hi - lo));
  const inside = (th: number[]) =>
    th.every((v, i) => v >= box[i]![0] - 0.1 * span && v <= box[i]![1] + 0.1 * span);
  const found: { theta: number[]; loss: number; pd: boolean }[] = [];
  for (const c of candidates.slice(0, 64)) {
    const th = refine(c, f, grad, hess, box);
    const loss = f(th[0]!, th[1] ?? 0);
    if (!Number.isFinite(loss) || !inside(th)) continue;
    if (found.some((m) => Math.hypot(...m.theta.map((v, i) => v - th[i]!)) < 1e-6 * span)) continue;
    const ev = symmetricEigenvalues(
      hess.map((d) => d(th[0]!, th[1] ?? 0)),
      P,
    );
    found.push({ theta: th, loss, pd: ev.every((l) => l >= 0) });
  }
  const minima = found.filter((m) => m.pd);
  const chosen = (minima.length > 0 ? minima : found).sort((a, b) => a.loss - b.loss).slice(0, 4);
  if (chosen.length === 0) {
    // Nothing finite was found (cannot happen for a checked formula): the domain's centre.
    chosen.push({ theta: box.map(([lo, hi]) => (lo + hi) / 2), loss: NaN, pd: false });
  }
  return chosen.map(({ theta, loss }) => {
    const H = hess.map((d) => d(theta[0]!, theta[1] ?? 0));
    return { theta, loss, sharpDirection: P === 1 ? [1] : topEigenvector2(H) };
  });
}

/** Whether every second derivative is a constant: the formula is a quadratic (or linear). */
export const isQuadratic = (d: Derived): boolean =>
  d.hessian.every((e) => variablesOf(e).size === 0);

/**
 * A typed formula as a scene: drawn on its domain, trained from its start (the link's `start`, or
 * the point a fifth of the way in from the domain's left edge, and from its top edge for f(x, y)),
 * judged against the minima found numerically, learning rates placed from λmax at the lowest one:
 * the bowl's defaults 0.1, 0.9, 1.6, 2.1 times 1/λmax, the slider from 10⁻³ to 10 times 1/λmax.
 * An unusable formula (which the link's checks keep out) gives the default formula's scene.
 */
export function formulaScene(
  text: string | undefined,
  domain: readonly number[] | null | undefined,
): Scene {
  // The page asks for the same scene many times per change (link fields, figure, worker): built once.
  const key = JSON.stringify([text ?? null, domain ?? null]);
  const have = cache.get(key);
  if (have) return have;
  const scene = buildFormulaScene(text, domain);
  if (cache.size >= 8) cache.clear();
  cache.set(key, scene);
  return scene;
}

const cache = new Map<string, Scene>();

function buildFormulaScene(
  text: string | undefined,
  domain: readonly number[] | null | undefined,
): Scene {
  let checked = checkFormula(text ?? DEFAULT_FORMULA, domain);
  if (!checked.ok) checked = checkFormula(DEFAULT_FORMULA, null);
  if (!checked.ok) throw new Error('the default formula does not check');
  const { dims, derived, domain: box } = checked;
  const f = compile64(derived.loss);
  const g = derived.grad.map(compile64);
  const h = derived.hessian.map(compile64);
  const minima = findMinima(derived, box);
  const best = minima[0]!;
  const lambdaMax = Math.max(
    ...symmetricEigenvalues(
      h.map((d) => d(best.theta[0]!, best.theta[1] ?? 0)),
      dims,
    ),
  );
  const scale = Number.isFinite(lambdaMax) && lambdaMax > 0 ? 1 / lambdaMax : 1;
  const centre = Math.log10(scale);
  const round3 = (x: number) => Number(x.toPrecision(3));
  const start = box.map(([lo, hi], i) => (i === 0 ? lo + 0.2 * (hi - lo) : hi - 0.2 * (hi - lo)));
  return {
    id: 'formula',
    dims,
    defaultLrs: [0.1, 0.9, 1.6, 2.1].map((m) => round3(m * scale)),
    defaultSteps: 100,
    lrRange: [centre - 3, centre + 1],
    view: box,
    minima,
    start: () => [...start],
    loss: ([x = 0, y = 0]) => f(x, y),
    grad: ([x = 0, y = 0]) => g.map((d) => d(x, y)),
    hessian: ([x = 0, y = 0]) => h.map((d) => d(x, y)),
    quadratic: isQuadratic(derived),
    formula: derived,
  };
}
