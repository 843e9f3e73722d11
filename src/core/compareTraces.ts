/** How two sets of loss traces of the same runs compare. */
export type TraceComparison =
  | { readonly identical: true; readonly values: number }
  | {
      readonly identical: false;
      /** The first run (0-based, in run order) and step where the two differ. */
      readonly run: number;
      readonly step: number;
      /** Largest |a − b| over the steps both traces of a run reached (0 if only lengths differ). */
      readonly maxDiff: number;
      /** A run stopped (diverged) at a different step in one of the two. */
      readonly lengthsDiffer: boolean;
    };

/** Whether two numbers have the same float64 bits (so +0 and −0 differ, as bits do). */
function sameBits(x: number, y: number, view: DataView): boolean {
  view.setFloat64(0, x);
  view.setFloat64(8, y);
  return view.getBigUint64(0) === view.getBigUint64(8);
}

/**
 * Compares two runs' loss traces bit for bit: identical when every run has the same length and
 * every value the same bits. Otherwise it names the first difference (run by run, step by step)
 * and the largest absolute difference, the size of the disagreement.
 */
export function compareTraces(
  a: readonly ArrayLike<number>[],
  b: readonly ArrayLike<number>[],
): TraceComparison {
  const view = new DataView(new ArrayBuffer(16));
  let first: { run: number; step: number } | undefined;
  let maxDiff = 0;
  let lengthsDiffer = a.length !== b.length;
  let values = 0;
  const runs = Math.max(a.length, b.length);
  for (let r = 0; r < runs; r++) {
    const x = a[r] ?? [];
    const y = b[r] ?? [];
    const n = Math.min(x.length, y.length);
    for (let t = 0; t < n; t++) {
      const xv = x[t]!;
      const yv = y[t]!;
      values += 1;
      if (sameBits(xv, yv, view)) continue;
      first ??= { run: r, step: t };
      const d = Math.abs(xv - yv);
      if (d > maxDiff) maxDiff = d;
    }
    if (x.length !== y.length) {
      lengthsDiffer = true;
      first ??= { run: r, step: n };
    }
  }
  if (!first && !lengthsDiffer) return { identical: true, values };
  const at = first ?? { run: Math.min(a.length, b.length), step: 0 };
  return { identical: false, run: at.run, step: at.step, maxDiff, lengthsDiffer };
}
