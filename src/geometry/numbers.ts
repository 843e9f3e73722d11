/**
 * Rounds to 2 decimals and turns -0 into 0, so SVG strings and snapshots are short and stable.
 * Non-finite input is a bug upstream; it becomes 0 rather than reaching the DOM as "NaN".
 */
export function round2(v: number): number {
  if (!Number.isFinite(v)) return 0;
  return Math.round(v * 100) / 100 + 0;
}

/**
 * Clamps a pixel coordinate to [lo, hi]. Infinities go to the matching edge; NaN goes to `lo`
 * because some edge is better than a hole in the path.
 */
export function clampTo(v: number, lo: number, hi: number): number {
  if (Number.isNaN(v)) return lo;
  return Math.min(hi, Math.max(lo, v));
}

/** Exact 10^e: `10 ** -3` is 0.0010000000000000002, while the literal parses exactly. */
export function pow10(e: number): number {
  return Number(`1e${e}`);
}

/** Largest integer e with 10^e ≤ v (v > 0), robust to log10 rounding at exact powers. */
export function floorLog10(v: number): number {
  let e = Math.floor(Math.log10(v));
  if (pow10(e) > v) e -= 1;
  else if (pow10(e + 1) <= v) e += 1;
  return e;
}

/** Integer step from a possibly fractional or out-of-range value, clamped to 0..max. */
export function clampStep(v: number, max: number): number {
  if (!Number.isFinite(v)) return v > 0 ? Math.max(0, max) : 0;
  return Math.min(Math.max(0, max), Math.max(0, Math.floor(v)));
}
