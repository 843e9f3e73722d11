import type { Expr, FunctionName } from './ast';
import { LOG_COSH_SWITCH } from './logCosh';

/**
 * WGSL helpers the generated expressions call: x^b for any sign of x (WGSL's pow is undefined for
 * x < 0; an integer exponent keeps the sign rule of real powers, as Math.pow does); tanh, sinh and
 * log1p as tfjs-backend-webgpu 4.22 writes them (unary_op_util.ts), so that a fused run rounds as
 * the unfused ops do where the driver does; and log cosh as src/core/expr/logCosh.ts' logCosh32
 * (both branches, a 0/1 mask, NaN for NaN).
 */
export const WGSL_PRELUDE = `
fn lrlabF32(bits: u32) -> f32 { return bitcast<f32>(bits); }
fn lrlabTanh(a: f32) -> f32 { let e2x = exp(-2.0 * abs(a)); return sign(a) * (1.0 - e2x) / (1.0 + e2x); }
fn lrlabSinh(a: f32) -> f32 { let ex = exp(a); return (ex - 1.0 / ex) / 2.0; }
fn lrlabLog1p(a: f32) -> f32 { if (isnan(a)) { return a; } return log(1.0 + a); }
fn lrlabLogCosh(x: f32) -> f32 {
  let a = abs(x);
  let s = lrlabSinh(min(a, ${wgslNumber(LOG_COSH_SWITCH)}) * 0.5);
  let near = lrlabLog1p(s * s * 2.0);
  let far = (a - 0.6931471805599453) + lrlabLog1p(exp(a * -2.0));
  let d = ${wgslNumber(LOG_COSH_SWITCH)} - a;
  var mask = select(0.0, 1.0, d > 0.0);
  if (isnan(d)) { mask = d; }
  return mask * near + (1.0 - mask) * far;
}
fn lrlabPow(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return 1.0; }
  let r = pow(abs(a), b);
  if (a >= 0.0) { return r; }
  if (fract(b) != 0.0) { return lrlabF32(0x7fc00000u); }
  if (fract(b * 0.5) == 0.0) { return r; }
  return -r;
}`;

/**
 * A float32 literal. WGSL has no NaN or infinity literals, and a constant expression that evaluates
 * to one (bitcast of a constant included) is a shader-creation error, so those go through a function
 * (a call is not a constant expression): lrlabF32(bits).
 */
export function wgslNumber(v: number): string {
  if (Number.isNaN(v)) return 'lrlabF32(0x7fc00000u)';
  if (v === Infinity) return 'lrlabF32(0x7f800000u)';
  if (v === -Infinity) return 'lrlabF32(0xff800000u)';
  const f = Math.fround(v);
  // toExponential keeps every digit the float32 needs; a float32 overflowing the literal range
  // (|v| > 3.4e38 before rounding) has become ±∞ above.
  if (!Number.isFinite(f)) return wgslNumber(f);
  const text = f.toExponential();
  return f < 0 ? `(${text})` : text;
}

const FN: Record<FunctionName, string> = {
  exp: 'exp',
  log: 'log',
  sqrt: 'sqrt',
  sin: 'sin',
  cos: 'cos',
  tanh: 'lrlabTanh',
  abs: 'abs',
  sign: 'sign',
  logcosh: 'lrlabLogCosh',
};

/**
 * The tree as one WGSL f32 expression of `x` and `y`. It is text for the GPU's shader compiler, built
 * only from the tree's closed lists of node kinds, function names and formatted numbers.
 */
export function toWgsl(e: Expr): string {
  switch (e.k) {
    case 'num':
      return wgslNumber(e.v);
    case 'var':
      return e.name;
    case 'neg':
      return `(-${toWgsl(e.a)})`;
    case 'fn':
      return `${FN[e.f]}(${toWgsl(e.a)})`;
    case 'add':
      return `(${toWgsl(e.a)} + ${toWgsl(e.b)})`;
    case 'sub':
      return `(${toWgsl(e.a)} - ${toWgsl(e.b)})`;
    case 'mul':
      return `(${toWgsl(e.a)} * ${toWgsl(e.b)})`;
    case 'div':
      return `(${toWgsl(e.a)} / ${toWgsl(e.b)})`;
    case 'pow':
      if (e.b.k === 'num' && e.b.v === 2) {
        const a = toWgsl(e.a);
        return `(${a} * ${a})`;
      }
      return `lrlabPow(${toWgsl(e.a)}, ${toWgsl(e.b)})`;
  }
}
