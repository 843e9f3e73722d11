import type { HoverMark, RunInput } from './types';
import { clampStep } from '../geometry/numbers';
import { lastLossStep } from '../core/trajectory';

/** Steps a run has data for, given P parameters per step (0 to ignore the path). */
export function availableSteps(run: RunInput, dims: number): number {
  // A strided trace (lossEvery) has fewer losses than steps: its path (every step's) says how far
  // it got, else its last recorded loss's step.
  const n =
    (run.lossEvery ?? 1) > 1 ? (dims > 0 ? Infinity : lastLossStep(run) + 1) : run.losses.length;
  return dims > 0 ? Math.min(n, Math.floor(run.path.length / dims)) : n;
}

/**
 * How many points of a run are drawn: steps 0..min(cursor, available - 1, steps), so every run stops
 * at the animation cursor and a diverged run stops where its data ends.
 */
export function drawnCount(available: number, cursor: number, steps: number): number {
  if (available <= 0) return 0;
  return Math.min(available, clampStep(cursor, steps) + 1);
}

/** The hovered step as an integer in 0..steps; hover values come from pointer maths. */
export function hoverStep(hover: number, steps: number): number {
  return clampStep(Math.round(hover), steps);
}

/**
 * Each run's marker at the hovered step, for runs drawn that far; undefined when nothing is hovered.
 * Shared by both surface layouts, whose runs carry their drawn points.
 */
export function hoverMarks(
  runs: readonly { id: string; color: string; points: readonly { x: number; y: number }[] }[],
  hover: number | undefined,
  steps: number,
): { marks: HoverMark[] } | undefined {
  if (hover === undefined || !Number.isFinite(hover)) return undefined;
  const h = hoverStep(hover, steps);
  const marks: HoverMark[] = [];
  for (const r of runs) {
    const p = r.points[h];
    if (p) marks.push({ id: r.id, color: r.color, x: p.x, y: p.y });
  }
  return { marks };
}
