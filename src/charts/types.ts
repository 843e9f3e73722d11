export type { Box, Margin } from '../geometry/box';

/** One axis tick: the data value, its pixel position along the axis, and its label. */
export interface Tick {
  value: number;
  pos: number;
  label: string;
}

/** A pixel position. */
export interface Point {
  x: number;
  y: number;
}

/** One drawn point of a run's trajectory, with the step it belongs to (for linked hover). */
export interface StepPoint extends Point {
  step: number;
}

/** A run's marker at the hovered step. */
export interface HoverMark extends Point {
  id: string;
  color: string;
}

/**
 * One run as the charts receive it. losses[t] is the loss at step t (t = 0..n-1, all finite; a
 * diverged run's arrays are simply shorter than steps + 1). path holds the parameters per step,
 * flattened row-major (P numbers per step, P = 1 or 2).
 */
export interface RunInput {
  id: string;
  color: string;
  dash: string;
  losses: ArrayLike<number>;
  /**
   * The losses' stride: losses[i] is the loss at step min(i·lossEvery, lossSteps) (a strided trace,
   * LossTrace in src/core/trajectory.ts); absent: every step.
   */
  lossEvery?: number;
  lossSteps?: number;
  path: ArrayLike<number>;
  /**
   * For a diverged run, the step its verdict says it left at (verdict.divergedAt): the loss chart
   * marks it there. Left out while verdicts are concealed.
   */
  divergedAt?: number;
}
