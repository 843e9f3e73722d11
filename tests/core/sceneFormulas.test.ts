import fc from 'fast-check';
import { derivative, parse } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { print } from '../../src/core/expr/ast';
import { compile64 } from '../../src/core/expr/evaluate';
import {
  SCENE_FORMULAS,
  buildFormula,
  type FormulaSceneId,
} from '../../src/core/scenes/expressions';

const IDS = Object.keys(SCENE_FORMULAS) as FormulaSceneId[];
const pointArb = fc.tuple(
  fc.double({ min: -4, max: 4, noNaN: true }),
  fc.double({ min: -4, max: 4, noNaN: true }),
);

/**
 * Each built-in scene's one definition against what the float32 code runs (its `kernel` form) and
 * against mathjs' symbolic derivative of the same text (log cosh read as log(cosh(x)), which mathjs
 * knows). All float64. Two forms of one polynomial or function of terms up to |t| ≲ 10⁵ here
 * (Rosenbrock's 100·x⁴ at |x| = 4: 2.6·10⁴; gradients 400·|x|³ ≈ 2.6·10⁴) each evaluate within
 * ~20 ulps of the sum of their terms' magnitudes, so they agree within 10⁻¹² relative to
 * 1 + Σ|terms| ≤ 10⁶: 10⁻⁹·(1 + |value|) holds with room, and a wrong coefficient or sign misses it
 * by orders of magnitude.
 */
describe.each(IDS)('%s: one definition', (id) => {
  const f = SCENE_FORMULAS[id](10);
  const built = buildFormula(f);
  const P = f.dims;
  const close = (a: number, b: number) =>
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(b)));

  it('the kernel’s loss and gradient equal the definition and its derived gradient', () => {
    fc.assert(
      fc.property(pointArb, ([x, y]) => {
        if (!f.kernel) return;
        close(compile64(f.kernel.loss)(x, y), compile64(f.loss)(x, y));
        f.kernel.grad.forEach((g, i) =>
          close(compile64(g)(x, y), compile64(built.derived.grad[i]!)(x, y)),
        );
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it('the derived gradient and Hessian equal mathjs’ derivatives of the same text', () => {
    const text = print(f.loss).replace(/logcosh\(x\)/g, 'log(cosh(x))');
    const vars = (['x', 'y'] as const).slice(0, P);
    const node = parse(text);
    const first = vars.map((v) => derivative(node, v));
    const second = vars.flatMap((_, i) => vars.map((w) => derivative(first[i]!, w)));
    fc.assert(
      fc.property(pointArb, ([x, y]) => {
        const scope = { x, y };
        vars.forEach((_, i) =>
          close(compile64(built.derived.grad[i]!)(x, y), first[i]!.evaluate(scope) as number),
        );
        second.forEach((h, i) =>
          close(compile64(built.derived.hessian[i]!)(x, y), h.evaluate(scope) as number),
        );
      }),
      { numRuns: 50, seed: 7 },
    );
  });
});
