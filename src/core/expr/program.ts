import type { BinaryOp, Expr, FunctionName } from './ast';
import { logCosh, logCosh32 } from './logCosh';

/**
 * Several trees (a scene's loss and gradient) compiled into ONE flat register program, evaluated
 * by a small interpreter over a Float64Array: no closures per node, and no generated code (the
 * page's CSP has no `unsafe-eval`, and typed text is never code).
 *
 * Common subexpressions are shared (hash-consing: a node whose op and operands equal an earlier
 * one's is that node's register), so y − x² in Rosenbrock's loss and both gradient entries is
 * computed once. Sharing cannot change a number: every node's value is a function of its operands'
 * values alone. Each instruction rounds exactly as evaluate.ts' compileWith rounds the same node
 * (the same op on the same operands, in the same order), so a program's outputs equal the closures'
 * bit for bit, float32 or float64.
 *
 * Registers: 0 = x, 1 = y, then the constants (already rounded when float32), then one per
 * instruction, in order. An instruction is OPS_WIDTH integers: op, then up to four operand registers.
 */
export interface Program {
  /** OPS_WIDTH integers per instruction; instruction i writes register `first + i`. */
  readonly code: Int32Array;
  /** Initial registers: x, y (overwritten per call), the constants, then room for the results. */
  readonly init: Float64Array;
  /** Register of the first instruction's result. */
  readonly first: number;
  /** Register of each output tree's value, in the order the trees were given. */
  readonly outputs: Int32Array;
  readonly f32: boolean;
}

const OPS_WIDTH = 5;

/** Op codes: the binary ops, x·x, negation, each function, and a matMul entry x·c₀ + y·c₁. */
const OP = {
  add: 0,
  sub: 1,
  mul: 2,
  div: 3,
  pow: 4,
  sq: 5,
  neg: 6,
  exp: 7,
  log: 8,
  sqrt: 9,
  sin: 10,
  cos: 11,
  tanh: 12,
  abs: 13,
  sign: 14,
  logcosh: 15,
  /** Rounded once: fr(r[a]·r[b] + r[c]·r[d]) (the cpu backend's matMul, float64 accumulation). */
  dot: 16,
} as const satisfies Record<BinaryOp | FunctionName | 'sq' | 'neg' | 'dot', number>;

/**
 * Compiles `trees` into one program. `f32`: every node rounded to float32 as compile32 rounds it
 * (`roundProducts` as there: a `dot` node rounded per product and sum, XNNPACK's matMul); otherwise
 * float64 as compile64.
 */
export function compileProgram(
  trees: readonly Expr[],
  f32: boolean,
  roundProducts = false,
): Program {
  const round = f32 ? Math.fround : (v: number) => v;
  const consts: number[] = [];
  const constAt = new Map<string, number>();
  const ops: number[][] = [];
  const opAt = new Map<string, number>();
  // Constants are numbered after x and y once all are known; until then a constant is −(1 + index)
  // and an instruction's result is its index (resolved in the second pass below).
  const constant = (v: number): number => {
    const r = round(v);
    // −0 and +0 kept apart (x·(−0) and x·0 differ in sign); String(r) is exact for the rest.
    const k = Object.is(r, -0) ? '-0' : String(r);
    let at = constAt.get(k);
    if (at === undefined) {
      at = consts.length;
      consts.push(r);
      constAt.set(k, at);
    }
    return -(1 + at) - 2;
  };
  const X = -1;
  const Y = -2;
  const emit = (op: number, a: number, b = 0, c = 0, d = 0): number => {
    const key = `${op},${a},${b},${c},${d}`;
    let at = opAt.get(key);
    if (at === undefined) {
      at = ops.length;
      ops.push([op, a, b, c, d]);
      opAt.set(key, at);
    }
    return at;
  };
  const go = (e: Expr): number => {
    switch (e.k) {
      case 'num':
        return constant(e.v);
      case 'var':
        return e.name === 'x' ? X : Y;
      case 'neg':
        // −c is a constant: negation is exact and rounding symmetric, so round(−c) = −round(c).
        return e.a.k === 'num' ? constant(-e.a.v) : emit(OP.neg, go(e.a));
      case 'fn':
        return emit(OP[e.f], go(e.a));
      default: {
        if (e.k === 'add' && e.dot && f32 && !roundProducts) {
          const [u, cu] = dotTerm(e.a);
          const [w, cw] = dotTerm(e.b);
          return emit(OP.dot, u === 'x' ? X : Y, constant(cu), w === 'x' ? X : Y, constant(cw));
        }
        const a = go(e.a);
        // x² as x·x, as tf.square computes it (and as compileWith does).
        if (e.k === 'pow' && e.b.k === 'num' && e.b.v === 2) return emit(OP.sq, a);
        return emit(OP[e.k], a, go(e.b));
      }
    }
  };
  const outs = trees.map(go);
  const first = 2 + consts.length;
  // Operand codes: X = −1, Y = −2, constant i = −3 − i, instruction i = i.
  const reg = (v: number) => (v >= 0 ? first + v : v === X ? 0 : v === Y ? 1 : 2 + (-3 - v));
  const code = new Int32Array(ops.length * OPS_WIDTH);
  ops.forEach((o, i) => {
    code[i * OPS_WIDTH] = o[0]!;
    for (let j = 1; j < OPS_WIDTH; j++) code[i * OPS_WIDTH + j] = reg(o[j]!);
  });
  const init = new Float64Array(first + ops.length);
  init.set(consts, 2);
  return { code, init, first, outputs: Int32Array.from(outs, reg), f32 };
}

/** A `dot` node's term variable × constant (the constant as written; rounded where used). */
function dotTerm(e: Expr): ['x' | 'y', number] {
  if (e.k === 'mul' && e.a.k === 'var' && e.b.k === 'num') return [e.a.name, e.b.v];
  throw new Error('a dot node holds products variable × constant');
}

const fr = Math.fround;

/**
 * Runs the program at (x, y) in `r` (a copy of `p.init`, reused between calls): afterwards
 * r[p.outputs[i]] is tree i's value. One switch per instruction, each case the op of compileWith
 * with its rounding.
 */
export function runProgram(p: Program, r: Float64Array, x: number, y: number): void {
  const code = p.code;
  const n = code.length;
  const f32 = p.f32;
  r[0] = x;
  r[1] = y;
  for (let pc = 0, dst = p.first; pc < n; pc += OPS_WIDTH, dst++) {
    const a = r[code[pc + 1]!]!;
    let v: number;
    switch (code[pc]) {
      case 0: // add
        v = a + r[code[pc + 2]!]!;
        break;
      case 1: // sub
        v = a - r[code[pc + 2]!]!;
        break;
      case 2: // mul
        v = a * r[code[pc + 2]!]!;
        break;
      case 3: // div
        v = a / r[code[pc + 2]!]!;
        break;
      case 4: // pow
        v = a ** r[code[pc + 2]!]!;
        break;
      case 5: // sq
        v = a * a;
        break;
      case 6: // neg
        // Negation is exact: no rounding, as compileWith.
        r[dst] = -a;
        continue;
      case 7: // exp
        v = Math.exp(a);
        break;
      case 8: // log
        v = Math.log(a);
        break;
      case 9: // sqrt
        v = Math.sqrt(a);
        break;
      case 10: // sin
        v = Math.sin(a);
        break;
      case 11: // cos
        v = Math.cos(a);
        break;
      case 12: // tanh
        v = Math.tanh(a);
        break;
      case 13: // abs
        v = Math.abs(a);
        break;
      case 14: // sign
        v = Math.sign(a);
        break;
      case 15: // logcosh
        v = f32 ? logCosh32(a) : logCosh(a);
        break;
      default:
        // OP.dot, only in float32 programs: one rounding of the float64 sum of products.
        v = a * r[code[pc + 2]!]! + r[code[pc + 3]!]! * r[code[pc + 4]!]!;
    }
    r[dst] = f32 ? fr(v) : v;
  }
}

/**
 * A float32 program run for `lanes` points at once (the fused kernel's K runs at one step): lane k
 * of register j is r[j·lanes + k], and each instruction is one tight loop over the lanes, so the
 * interpreter's dispatch is paid once per instruction rather than once per instruction and run.
 * Each lane's numbers are those of runProgram at that lane's (x, y), bit for bit: the same op and
 * rounding on the same operands. Before a call the caller writes the lanes' x to r[0 … lanes − 1]
 * and y to r[lanes … 2·lanes − 1], into `r` made by lanesOf.
 */
export function runProgramLanes32(p: Program, r: Float64Array, lanes: number): void {
  if (!p.f32) throw new Error('runProgramLanes32 runs float32 programs');
  const code = p.code;
  const n = code.length;
  const L = lanes;
  for (let pc = 0, d = p.first * L; pc < n; pc += OPS_WIDTH, d += L) {
    const a = code[pc + 1]! * L;
    const b = code[pc + 2]! * L;
    const op = code[pc]!;
    // A binary op with a constant right operand (c·x, x − c: most of a scene's ops) reads the
    // constant once rather than from every lane; the same number either way.
    if (op <= 3 && code[pc + 2]! >= 2 && code[pc + 2]! < p.first) {
      const c = r[b]!;
      if (op === 0) for (let k = 0; k < L; k++) r[d + k] = fr(r[a + k]! + c);
      else if (op === 1) for (let k = 0; k < L; k++) r[d + k] = fr(r[a + k]! - c);
      else if (op === 2) for (let k = 0; k < L; k++) r[d + k] = fr(r[a + k]! * c);
      else for (let k = 0; k < L; k++) r[d + k] = fr(r[a + k]! / c);
      continue;
    }
    if (op <= 3 && code[pc + 1]! >= 2 && code[pc + 1]! < p.first) {
      // And a constant left operand (1 − x).
      const c = r[a]!;
      if (op === 0) for (let k = 0; k < L; k++) r[d + k] = fr(c + r[b + k]!);
      else if (op === 1) for (let k = 0; k < L; k++) r[d + k] = fr(c - r[b + k]!);
      else if (op === 2) for (let k = 0; k < L; k++) r[d + k] = fr(c * r[b + k]!);
      else for (let k = 0; k < L; k++) r[d + k] = fr(c / r[b + k]!);
      continue;
    }
    switch (op) {
      case 0: // add
        for (let k = 0; k < L; k++) r[d + k] = fr(r[a + k]! + r[b + k]!);
        break;
      case 1: // sub
        for (let k = 0; k < L; k++) r[d + k] = fr(r[a + k]! - r[b + k]!);
        break;
      case 2: // mul
        for (let k = 0; k < L; k++) r[d + k] = fr(r[a + k]! * r[b + k]!);
        break;
      case 3: // div
        for (let k = 0; k < L; k++) r[d + k] = fr(r[a + k]! / r[b + k]!);
        break;
      case 4: // pow
        for (let k = 0; k < L; k++) r[d + k] = fr(r[a + k]! ** r[b + k]!);
        break;
      case 5: // sq
        for (let k = 0; k < L; k++) r[d + k] = fr(r[a + k]! * r[a + k]!);
        break;
      case 6: // neg, exact
        for (let k = 0; k < L; k++) r[d + k] = -r[a + k]!;
        break;
      case 7: // exp
        for (let k = 0; k < L; k++) r[d + k] = fr(Math.exp(r[a + k]!));
        break;
      case 8: // log
        for (let k = 0; k < L; k++) r[d + k] = fr(Math.log(r[a + k]!));
        break;
      case 9: // sqrt
        for (let k = 0; k < L; k++) r[d + k] = fr(Math.sqrt(r[a + k]!));
        break;
      case 10: // sin
        for (let k = 0; k < L; k++) r[d + k] = fr(Math.sin(r[a + k]!));
        break;
      case 11: // cos
        for (let k = 0; k < L; k++) r[d + k] = fr(Math.cos(r[a + k]!));
        break;
      case 12: // tanh
        for (let k = 0; k < L; k++) r[d + k] = fr(Math.tanh(r[a + k]!));
        break;
      case 13: // abs
        for (let k = 0; k < L; k++) r[d + k] = Math.abs(r[a + k]!);
        break;
      case 14: // sign
        for (let k = 0; k < L; k++) r[d + k] = Math.sign(r[a + k]!);
        break;
      case 15: // logcosh
        for (let k = 0; k < L; k++) r[d + k] = logCosh32(r[a + k]!);
        break;
      default: {
        // dot: one rounding of the float64 sum of products.
        const c = code[pc + 3]! * L;
        const e = code[pc + 4]! * L;
        for (let k = 0; k < L; k++) r[d + k] = fr(r[a + k]! * r[b + k]! + r[c + k]! * r[e + k]!);
      }
    }
  }
}

/** Registers for runProgramLanes32: the constants in every lane, room for x, y and the results. */
export function lanesOf(p: Program, lanes: number): Float64Array {
  const r = new Float64Array(p.init.length * lanes);
  for (let j = 2; j < p.first; j++) r.fill(p.init[j]!, j * lanes, (j + 1) * lanes);
  return r;
}
