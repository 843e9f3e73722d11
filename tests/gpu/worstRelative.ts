/**
 * Largest |a − b| / max(|b|, floor) over pairs of runs' arrays, b the reference (NaN on both sides
 * agrees; a length that differs, or a NaN on one side, is Infinity). For the Dawn checks, which run
 * in a child process without vitest and print their numbers for the test to bound.
 */
export function worstRelative(
  as: readonly ArrayLike<number>[],
  bs: readonly ArrayLike<number>[],
  floor: number,
): number {
  let m = 0;
  as.forEach((a, k) => {
    const b = bs[k]!;
    if (a.length !== b.length) m = Infinity;
    else
      for (let i = 0; i < a.length; i++) {
        const x = a[i]!;
        const y = b[i]!;
        if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
        m = Math.max(m, Math.abs(x - y) / Math.max(Math.abs(y), floor));
      }
  });
  return Number.isNaN(m) ? Infinity : m;
}
