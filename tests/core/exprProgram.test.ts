import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/core/expr/ast';
import { deriveAll } from '../../src/core/expr/derive';
import { compile32, compile64 } from '../../src/core/expr/evaluate';
import { ALL_FUNCTION_NAMES, FORMULA_MAX_CHARS, parseFormula } from '../../src/core/expr/parse';
import {
  compileProgram,
  lanesOf,
  runProgram,
  runProgramLanes32,
} from '../../src/core/expr/program';
import { SCENE_FORMULAS, buildFormula } from '../../src/core/scenes/expressions';

/**
 * The flat program (src/core/expr/program.ts) is a faster form of the closures of evaluate.ts:
 * the fused kernel's traces, fingerprinted by shared links, are the closures' numbers. So the
 * expected values here are the closures' own, compared bit for bit (Object.is: NaN equals NaN,
 * −0 differs from +0), on formulas that repeat subtrees (as a loss and its derivatives do) and on
 * every op and function, with points where some ops give NaN, ±∞ or −0.
 */
const formulaArb: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', 'y', '0', '-0', '1', '2', '0.1', '(-2)', '3.7'),
    fc
      .tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '^'), tie('e'))
      .map(([a, o, b]) => `(${a} ${o} ${b})`),
    tie('e').map((a) => `(${a})^2`),
    tie('e').map((a) => `(-(${a}))`),
    // A subtree used twice, as the scenes' losses use y − x².
    tie('e').map((a) => `((${a}) * (${a}) + (${a}))`),
    fc.tuple(fc.constantFrom(...ALL_FUNCTION_NAMES.keys()), tie('e')).map(([f, a]) => `${f}(${a})`),
  ),
})).e;

const pointArb = fc.tuple(
  fc.oneof(fc.double({ min: -3, max: 3 }), fc.constantFrom(0, -0, 20, -20, Infinity, NaN)),
  fc.oneof(fc.double({ min: -3, max: 3 }), fc.constantFrom(0, -0, 1, -1)),
);

const parsed = (text: string): Expr => {
  const p = parseFormula(text, ALL_FUNCTION_NAMES);
  if (!p.ok) throw new Error(`${text}: ${p.error.kind} at ${p.error.column}`);
  return p.expr;
};

/** The program's outputs at (x, y). */
function run(trees: readonly Expr[], f32: boolean, x: number, y: number, roundProducts = false) {
  const p = compileProgram(trees, f32, roundProducts);
  const r = p.init.slice();
  runProgram(p, r, x, y);
  return Array.from(p.outputs, (o) => r[o]!);
}

/** The same values from one closure per tree (evaluate.ts), the reference. */
function closures(trees: readonly Expr[], f32: boolean, x: number, y: number, rp = false) {
  return trees.map((t) => (f32 ? compile32(t, rp) : compile64(t))(x, y));
}

const bitsEqual = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('flat expression programs', () => {
  it('equal the closures bit for bit, float32 and float64, for a formula and its derivatives', () => {
    fc.assert(
      fc.property(formulaArb, pointArb, fc.boolean(), (text, [x, y], f32) => {
        fc.pre(text.length <= FORMULA_MAX_CHARS);
        const d = deriveAll(parsed(text), 2);
        const trees = [d.loss, ...d.grad, ...d.hessian];
        // Inputs are float32 numbers in the kernel; the float64 program takes any.
        const [px, py] = f32 ? [Math.fround(x), Math.fround(y)] : [x, y];
        const got = run(trees, f32, px, py);
        const want = closures(trees, f32, px, py);
        if (!bitsEqual(got, want)) throw new Error(`${text} at (${px}, ${py}): ${got} ≠ ${want}`);
      }),
      { numRuns: 400, seed: 16 },
    );
  });

  it('give each lane, run together, the numbers it gets alone (the fused kernel runs K runs at once)', () => {
    fc.assert(
      fc.property(formulaArb, fc.array(pointArb, { minLength: 1, maxLength: 5 }), (text, pts) => {
        fc.pre(text.length <= FORMULA_MAX_CHARS);
        const d = deriveAll(parsed(text), 2);
        const trees = [d.loss, ...d.grad];
        for (const rp of [false, true]) {
          const p = compileProgram(trees, true, rp);
          const L = pts.length;
          const r = lanesOf(p, L);
          pts.forEach(([x, y], k) => {
            r[k] = Math.fround(x);
            r[L + k] = Math.fround(y);
          });
          runProgramLanes32(p, r, L);
          pts.forEach(([x, y], k) => {
            const got = Array.from(p.outputs, (o) => r[o * L + k]!);
            const want = run(trees, true, Math.fround(x), Math.fround(y), rp);
            if (!bitsEqual(got, want)) throw new Error(`${text} lane ${k}: ${got} ≠ ${want}`);
          });
        }
      }),
      { numRuns: 300, seed: 16 },
    );
  });

  it('reuse registers across calls without carrying values over', () => {
    // The kernel keeps one register file per program; a NaN at one point must not leak into the next.
    const trees = [parsed('log(x) * y + sqrt(x)'), parsed('sqrt(x) / y')];
    const p = compileProgram(trees, true);
    const r = p.init.slice();
    runProgram(p, r, -1, 2);
    runProgram(p, r, 4, 2);
    expect(Array.from(p.outputs, (o) => r[o]!)).toEqual(closures(trees, true, 4, 2));
  });

  it('run the built-in scenes as the closures do, matMul entries included (cpu and wasm rounding)', () => {
    const points: [number, number][] = [
      [-1.2, 1],
      [0.3, -2.7],
      [1e-30, 3e30],
      [-0, 0],
      [NaN, 1],
    ];
    // And 200 more, where the matMul entries' one rounding and per-product roundings differ.
    let seed = 16;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 8 - 4;
    for (let i = 0; i < 200; i++) points.push([next(), next()]);
    for (const [id, make] of Object.entries(SCENE_FORMULAS)) {
      const t = buildFormula(make(10)).trees;
      const trees = [t.loss, ...t.grad];
      for (const rp of [false, true]) {
        for (const [x, y] of points) {
          const fx = Math.fround(x);
          const fy = Math.fround(y);
          expect(run(trees, true, fx, fy, rp), `${id} ${rp} (${x}, ${y})`).toEqual(
            closures(trees, true, fx, fy, rp),
          );
        }
      }
    }
  });

  it('compute a shared subexpression once: Rosenbrock’s r = y − x² and x² once for loss and gradient', () => {
    const t = buildFormula(SCENE_FORMULAS.rosenbrock()).trees;
    const p = compileProgram([t.loss, ...t.grad], true);
    // The kernel form: a = 1 − x, a², x², r = y − x², r², r²·100, the sum; a·(−2), x·r, x·r·400,
    // their difference; r·200: 12 ops. Three separate trees have 18 (x² and r three times, a twice).
    expect(p.code.length / 5).toBe(12);
  });
});
