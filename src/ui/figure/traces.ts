import type { Frame } from '../runInputs';
import type { Verdict } from '../../core/verdict';
import { lossCount, lossStep, stepOfLoss } from '../../core/trajectory';

/**
 * The column names of the traces file. They stay English in every page language on purpose: they
 * are a file format that scripts read by name, so a file must not change with the reader's language.
 */
export const TRACE_COLUMNS = {
  run: 'run',
  lr: 'lr',
  step: 'step',
  loss: 'loss',
  verdict: 'verdict',
} as const;

/** One run's trace as exported: a loss and the parameters at every step it reached. */
export interface ExportedRun {
  readonly run: number;
  readonly lr: number;
  readonly verdict: string;
  /** The verdict's kind, for programs (`too-small`, `just-right`, `too-large`, `diverged`). */
  readonly kind: string;
  /** Loss at steps 0..n (a diverged run stops before its first non-finite value), or at `lossSteps`. */
  readonly losses: number[];
  /**
   * A strided run (a network's minibatch training records its training-set loss every `lossEvery`
   * steps, src/core/experiment.ts trainLossEvery): the step of each loss. Absent: every step.
   */
  readonly lossSteps?: number[];
  readonly lossEvery?: number;
  /** Parameters at each of those steps; empty where the path is not recorded every step (networks). */
  readonly params: number[][];
}

export interface ExportedTraces {
  readonly steps: number;
  readonly paramNames: string[];
  readonly runs: ExportedRun[];
}

/**
 * The frame's runs as plain numbers (float32 losses widened exactly to float64, as the page reads
 * them), each verdict in words as `label` says it (the page's language).
 */
export function exportTraces(frame: Frame, label: (v: Verdict) => string): ExportedTraces {
  const P = frame.scene.dims;
  // The names the surface view's axes use: w for the one-parameter valley, θ1, θ2… unnamed.
  const paramNames = Array.from(
    { length: P },
    (_, p) => frame.scene.paramNames?.[p] ?? (P === 1 ? 'w' : `θ${p + 1}`),
  );
  const runs: ExportedRun[] = [];
  frame.runs.forEach((r, i) => {
    // Exports hold finished runs only (a run still training has no verdict to export).
    if (!r?.verdict) return;
    const losses = Array.from(r.losses);
    const perStep = r.path.length === losses.length * P;
    const params = perStep
      ? losses.map((_, t) => Array.from(r.path.subarray(t * P, (t + 1) * P)))
      : [];
    const e = r.lossEvery ?? 1;
    runs.push({
      run: i + 1,
      lr: r.lr,
      verdict: label(r.verdict),
      kind: r.verdict.kind,
      losses,
      ...(e > 1 ? { lossSteps: losses.map((_, j) => stepOfLoss(r, j)), lossEvery: e } : {}),
      params,
    });
  });
  return { steps: frame.steps, paramNames, runs };
}

/** A CSV field: quoted when it holds a comma, quote or line break (RFC 4180 §2). */
function field(x: string): string {
  return /[",\n\r]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x;
}

/**
 * The traces as CSV (RFC 4180), one row per run and step 0..steps (a strided run: per step it
 * records, lossStep): run, lr, step, loss, each parameter, verdict. Steps after a run diverged have empty loss and parameters. Numbers are
 * written in full (JavaScript's shortest round-tripping form), so a reader recovers them exactly.
 */
export function tracesCsv(t: ExportedTraces): string {
  const C = TRACE_COLUMNS;
  const header = [C.run, C.lr, C.step, C.loss, ...t.paramNames, C.verdict].map(field).join(',');
  const lines = [header];
  for (const r of t.runs) {
    const e = r.lossEvery ?? 1;
    if (e > 1) {
      // A strided run: one row per step it records a loss at (0, e, 2e, …, steps), the step column
      // naming the real step; rows after it diverged have an empty loss, as below.
      for (let j = 0; j < lossCount(t.steps, e); j++) {
        const loss = j < r.losses.length ? String(r.losses[j]) : '';
        const step = String(lossStep(j, t.steps, e));
        const params = t.paramNames.map(() => '');
        lines.push(
          [String(r.run), String(r.lr), step, loss, ...params, field(r.verdict)].join(','),
        );
      }
      continue;
    }
    for (let step = 0; step <= t.steps; step++) {
      const reached = step < r.losses.length;
      const params = t.paramNames.map((_, p) =>
        reached && r.params[step] ? String(r.params[step]![p]) : '',
      );
      const loss = reached ? String(r.losses[step]) : '';
      lines.push(
        [String(r.run), String(r.lr), String(step), loss, ...params, field(r.verdict)].join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The traces as JSON, with what produced them (the caption's scene, seed, backend, fingerprint). */
export function tracesJson(t: ExportedTraces, about: Record<string, unknown>): string {
  return `${JSON.stringify({ ...about, ...t }, null, 2)}\n`;
}
