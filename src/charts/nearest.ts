/**
 * The step of the drawn point nearest to the pointer (px, py), or undefined when none lies within
 * `radius` pixels. Pass the layout's per-run `points` arrays (surface1dLayout / contourLayout). On a
 * tie (a run bouncing between two walls revisits the same pixels) the earliest step wins, so the
 * answer does not depend on run order.
 */
export function nearestStep(
  points: readonly (readonly { x: number; y: number; step: number }[])[],
  px: number,
  py: number,
  radius: number,
): number | undefined {
  let best: number | undefined;
  let bestD2 = radius * radius;
  for (const run of points) {
    for (const p of run) {
      const d2 = (p.x - px) ** 2 + (p.y - py) ** 2;
      if (d2 < bestD2 || (d2 === bestD2 && (best === undefined || p.step < best))) {
        best = p.step;
        bestD2 = d2;
      }
    }
  }
  return best;
}
