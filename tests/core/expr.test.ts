import fc from 'fast-check';
import { derivative, parse } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { print, type Expr } from '../../src/core/expr/ast';
import { deriveAll } from '../../src/core/expr/derive';
import { compile32, compile64, errorBound, U32, U64 } from '../../src/core/expr/evaluate';
import { FORMULA_MAX_CHARS, parseFormula } from '../../src/core/expr/parse';
import { toWgsl } from '../../src/core/expr/wgsl';

/**
 * Random formulas of x and y as text, well defined everywhere (so derivatives exist at every test
 * point): leaves x, y and small constants; +, −, ×, division by 1 + u² (never zero), squares and
 * cubes, and sin, cos, tanh, abs, exp(tanh u) (bounded, so no overflow), log(1 + u²), sqrt(1 + u²).
 */
const formulaArb: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', 'y'),
    fc.integer({ min: -9, max: 9 }).map((n) => (n < 0 ? `(${n})` : String(n))),
    fc
      .tuple(tie('e'), fc.constantFrom('+', '-', '*'), tie('e'))
      .map(([a, o, b]) => `(${a} ${o} ${b})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `(${a}) / (1 + (${b})^2)`),
    fc.tuple(tie('e'), fc.constantFrom(2, 3)).map(([a, n]) => `(${a})^${n}`),
    fc.tuple(fc.constantFrom('sin', 'cos', 'tanh', 'abs'), tie('e')).map(([f, a]) => `${f}(${a})`),
    tie('e').map((a) => `exp(tanh(${a}))`),
    tie('e').map((a) => `log(1 + (${a})^2)`),
    tie('e').map((a) => `sqrt(1 + (${a})^2)`),
  ),
})).e;

const pointArb = fc.tuple(
  fc.double({ min: -2, max: 2, noNaN: true }),
  fc.double({ min: -2, max: 2, noNaN: true }),
);

const parsed = (text: string): Expr => {
  const p = parseFormula(text);
  if (!p.ok) throw new Error(`${text}: ${p.error.kind} at ${p.error.column}`);
  return p.expr;
};

/** Whether a tree reads abs or sign at an argument within `gap` of 0 (where derivatives jump). */
function nearKink(e: Expr, x: number, y: number, gap: number): boolean {
  if (e.k === 'num' || e.k === 'var') return false;
  if (e.k === 'fn' && (e.f === 'abs' || e.f === 'sign') && Math.abs(compile64(e.a)(x, y)) < gap) {
    return true;
  }
  if (e.k === 'neg' || e.k === 'fn') return nearKink(e.a, x, y, gap);
  return nearKink(e.a, x, y, gap) || nearKink(e.b, x, y, gap);
}

/**
 * Checks `check` on random formulas at random points (`runs` draws from a fixed seed), given the
 * formula's derivatives to second order; points within 10⁻³ of a kink of abs or sign are skipped.
 */
function atSmoothPoints(
  { runs, seed }: { runs: number; seed: number },
  check: (e: Expr, d: ReturnType<typeof deriveAll>, x: number, y: number) => void,
): void {
  fc.assert(
    fc.property(formulaArb, pointArb, (text, [x, y]) => {
      const e = parsed(text);
      if (nearKink(e, x, y, 1e-3)) return;
      check(e, deriveAll(e, 2), x, y);
    }),
    { numRuns: runs, seed },
  );
}

describe('derived gradient and Hessian (src/core/expr/derive.ts)', () => {
  /*
   * Central differences (f(x + h) − f(x − h))/(2h) differ from f′(x) by the truncation h²/6·f‴(ξ)
   * and the rounding of the two values, at most 2·ε·max|f|/(2h) with ε = 2⁻⁵³ per evaluation times
   * the formula's own error growth (a tree of ≤ ~60 ops: ≤ 60ε relative). With h = 10⁻⁵ that is
   * ≈ 1.7·10⁻¹¹·|f‴| + 6·10⁻¹⁰·max|f|; the random formulas' third derivatives on [−2, 2]² stay below
   * ~10⁴·(1 + |f|) (checked over 10⁵ draws), so |FD − f′| ≤ 10⁻⁶·(1 + |f| + |f′|) holds with room.
   * Points within 10⁻³ of a kink of abs are skipped: there the difference straddles the jump.
   */
  const h = 1e-5;
  const tol = (f: number, d: number) => 1e-6 * (1 + Math.abs(f) + Math.abs(d));

  it('∂L/∂x, ∂L/∂y agree with central finite differences of the loss in float64', () => {
    atSmoothPoints({ runs: 300, seed: 16 }, (e, d, x, y) => {
      const f = compile64(e);
      const [gx, gy] = d.grad.map(compile64);
      const fdx = (f(x + h, y) - f(x - h, y)) / (2 * h);
      const fdy = (f(x, y + h) - f(x, y - h)) / (2 * h);
      expect(Math.abs(gx!(x, y) - fdx)).toBeLessThanOrEqual(tol(f(x, y), fdx));
      expect(Math.abs(gy!(x, y) - fdy)).toBeLessThanOrEqual(tol(f(x, y), fdy));
    });
  });

  it('the Hessian agrees with central differences of the derived gradient, and is symmetric', () => {
    atSmoothPoints({ runs: 300, seed: 61 }, (_e, d, x, y) => {
      const [gx, gy] = d.grad.map(compile64);
      const H = d.hessian.map((c) => compile64(c)(x, y));
      const fd = [
        (gx!(x + h, y) - gx!(x - h, y)) / (2 * h),
        (gx!(x, y + h) - gx!(x, y - h)) / (2 * h),
        (gy!(x + h, y) - gy!(x - h, y)) / (2 * h),
        (gy!(x, y + h) - gy!(x, y - h)) / (2 * h),
      ];
      const scale = Math.abs(gx!(x, y)) + Math.abs(gy!(x, y));
      fd.forEach((v, i) => expect(Math.abs(H[i]! - v)).toBeLessThanOrEqual(tol(scale, v)));
      expect(H[1]).toBe(H[2]);
    });
  });

  it('equals mathjs’ symbolic derivative of the same text (an independent implementation)', () => {
    atSmoothPoints({ runs: 60, seed: 7 }, (e, d, x, y) => {
      for (const [i, v] of (['x', 'y'] as const).entries()) {
        const theirs = derivative(parse(print(e)), v).evaluate({ x, y }) as number;
        const ours = compile64(d.grad[i]!)(x, y);
        // Two float64 evaluations of equal formulas in different forms: both within ~100 ulps
        // of the value times the terms' magnitude (bounded by 10⁶ here), so 10⁻⁸ relative.
        expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(1e-8 * (1 + Math.abs(theirs)));
      }
    });
  });

  it('derives the textbook cases exactly', () => {
    const d = deriveAll(parsed('x^2/2 + 2*y^2'), 2);
    expect(d.hessian.map((h) => (h.k === 'num' ? h.v : NaN))).toEqual([1, 0, 0, 4]);
    const v = deriveAll(parsed('tanh(x)'), 1);
    // tanh′ = 1 − tanh², tanh″ = −2 tanh·(1 − tanh²).
    const t = Math.tanh(0.3);
    expect(compile64(v.grad[0]!)(0.3, 0)).toBeCloseTo(1 - t * t, 15);
    expect(compile64(v.hessian[0]!)(0.3, 0)).toBeCloseTo(-2 * t * (1 - t * t), 15);
  });
});

describe('float32 evaluation against float64, within the running error bound', () => {
  it('compile32 (the cpu path, op for op) stays within errorBound of the float64 value', () => {
    fc.assert(
      fc.property(formulaArb, pointArb, (text, [x0, y0]) => {
        const x = Math.fround(x0);
        const y = Math.fround(y0);
        const d = deriveAll(parsed(text), 2);
        for (const e of [d.loss, ...d.grad]) {
          const b32 = errorBound(e, x, y, U32, 1);
          const b64 = errorBound(e, x, y, U64, 1);
          if (!Number.isFinite(b32.error)) continue;
          const diff = Math.abs(compile32(e)(x, y) - compile64(e)(x, y));
          expect(diff).toBeLessThanOrEqual(b32.error + b64.error);
        }
      }),
      { numRuns: 300, seed: 32 },
    );
  });
});

describe('parseFormula', () => {
  it('reads the operators, functions and constants as written', () => {
    const cases: [string, number, number, number][] = [
      ['x^2/2 + 2*y^2', 1, 2, 8.5],
      ['2x − 3y', 1, 2, -4],
      ['x × y ÷ 4', 2, 3, 1.5],
      ['-x^2', 3, 0, -9],
      ['2^3^2', 0, 0, 512],
      ['exp(0) + log(e) + sqrt(4) + sin(0) + cos(0) + tanh(0) + abs(-3)', 0, 0, 8],
      ['pi', 0, 0, Math.PI],
      ['x**3', 2, 0, 8],
      ['1.5e1 + .5', 0, 0, 15.5],
    ];
    for (const [text, x, y, want] of cases) {
      expect(compile64(parsed(text))(x, y), text).toBeCloseTo(want, 12);
    }
  });

  it('points at the place of each mistake', () => {
    const cases: [string, string, number][] = [
      ['', 'empty', 0],
      ['   ', 'empty', 0],
      ['(x + 1', 'unclosed', 0],
      ['x + )', 'unexpected', 4],
      ['x + z', 'unknownName', 4],
      ['__proto__', 'unknownName', 0],
      ['constructor(x)', 'unknownName', 0],
      ['x + import(y)', 'unknownName', 4],
      ['evaluate(x)', 'unknownName', 0],
      ['sin x', 'needsArgument', 4],
      ['x $ y', 'unexpected', 2],
      ['sqrt(x', 'unclosed', 4],
      ['x y', 'unexpected', 2],
      ['NaN', 'unknownName', 0],
      ['x'.repeat(FORMULA_MAX_CHARS + 1), 'tooLong', FORMULA_MAX_CHARS],
    ];
    for (const [text, kind, column] of cases) {
      const p = parseFormula(text);
      expect(p.ok, text).toBe(false);
      if (!p.ok) expect([p.error.kind, p.error.column], text).toEqual([kind, column]);
    }
  });

  it('never throws on a fuzzed corpus (random text, brackets, huge input, names of prototypes)', () => {
    const pieces = [
      'x',
      'y',
      '(',
      ')',
      '+',
      '-',
      '*',
      '/',
      '^',
      'sin',
      '__proto__',
      'constructor',
      'NaN',
      '1e999',
      '.',
      ',',
      'toString',
      'π',
      '×',
      ' ',
    ];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.array(fc.constantFrom(...pieces), { maxLength: 120 }).map((a) => a.join('')),
        ),
        (text) => {
          const p = parseFormula(text);
          if (p.ok) expect(Number.isNaN(compile64(p.expr)(0.5, 0.5)) || true).toBe(true);
          else expect(p.error.column).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 2000, seed: 3 },
    );
    expect(parseFormula('('.repeat(10000)).ok).toBe(false);
    expect(parseFormula('x+'.repeat(5000) + 'x').ok).toBe(false);
    expect(parseFormula(undefined as unknown as string).ok).toBe(false);
  });
});

describe('WGSL text', () => {
  it('is built from the tree alone: numbers, x, y, operators and the listed functions', () => {
    fc.assert(
      fc.property(formulaArb, (text) => {
        const wgsl = toWgsl(deriveAll(parsed(text), 2).grad[0]!);
        expect(wgsl).toMatch(/^[\sxy0-9.e+\-*/()a-zA-Z_,<>]*$/);
        const words = wgsl.match(/[a-zA-Z_]+/g) ?? [];
        for (const w of words) {
          expect([
            'x',
            'y',
            'e',
            'exp',
            'log',
            'sqrt',
            'sin',
            'cos',
            'tanh',
            'abs',
            'sign',
            'lrlabPow',
            'lrlabTanh',
            'bitcast',
            'lrlabF32',
            'f',
            'u',
          ]).toContain(w);
        }
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});
