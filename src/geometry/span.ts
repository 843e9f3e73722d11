/**
 * A usable [lo, hi] range: sorted, finite and of positive length. A zero-width or broken view
 * (a slider at its limit, a scene bug) becomes a unit range around its centre instead of a scale
 * that maps everything to NaN.
 */
export function widenSpan(span: readonly [number, number]): [number, number] {
  let [a, b] = span;
  if (!Number.isFinite(a)) a = Number.isFinite(b) ? b : 0;
  if (!Number.isFinite(b)) b = a;
  if (a > b) [a, b] = [b, a];
  if (b - a > 0 && Number.isFinite(b - a)) return [a, b];
  const c = (a + b) / 2;
  return [c - 0.5, c + 0.5];
}
