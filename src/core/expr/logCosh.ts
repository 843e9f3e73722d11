/** Below this |w| log cosh is computed from sinh, above it from exp (see logCosh). */
export const LOG_COSH_SWITCH = 10;

/**
 * log cosh w without overflow or cancellation: log1p(2·sinh²(w/2)) for |w| < 10 (cosh w =
 * 1 + 2 sinh²(w/2), accurate down to w → 0, where log cosh w ≈ w²/2), and |w| − ln 2 +
 * log1p(e^(−2|w|)) beyond (cosh w itself overflows float64 past |w| ≈ 710).
 */
export function logCosh(w: number): number {
  const a = Math.abs(w);
  if (a < LOG_COSH_SWITCH) return Math.log1p(2 * Math.sinh(a / 2) ** 2);
  return a - Math.LN2 + Math.log1p(Math.exp(-2 * a));
}

const fr = Math.fround;
const LN2_32 = fr(Math.LN2);

/**
 * log cosh in float32, op for op as the tfjs ops of src/train/exprOps.ts compute it: both branches
 * with |w| clamped to the switch in the sinh one, selected by a 0/1 mask as mask·near +
 * (1 − mask)·far. Where the mask is 1 (|w| below the switch, so finite) far is finite, 0·far = ±0
 * and near ± 0 = near; where it is 0, near is finite (its argument is clamped), 0·near = 0 and
 * 0 + far = far; a NaN mask (w NaN) gives NaN. So computing only the selected branch gives the
 * same float32 number.
 */
export function logCosh32(x: number): number {
  const a = Math.abs(x);
  const d = fr(LOG_COSH_SWITCH - a);
  if (Number.isNaN(d)) return NaN;
  if (d > 0) {
    const s = fr(Math.sinh(fr(Math.min(a, LOG_COSH_SWITCH) * 0.5)));
    return fr(Math.log1p(fr(fr(s * s) * 2)));
  }
  return fr(fr(a - LN2_32) + fr(Math.log1p(fr(Math.exp(fr(a * -2))))));
}
