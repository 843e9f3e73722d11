import type { RunInput } from '../charts/types';
import { VERDICT_COLORS, VERDICT_DASHES } from '../charts/palette';
import type { RunResult } from '../core/experiment';
import type { Scene } from '../core/scenes';
import type { Surface } from '../train/surfaceGrid';
import type { ContourPath } from '../charts/contourPaths';

/** What the two views draw: one scene's surface and the runs on it (a run not known yet is a gap). */
export interface Frame {
  readonly scene: Scene;
  readonly steps: number;
  readonly surface: Surface;
  /** The surface's contour lines when the worker traced them already. */
  readonly contours?: ContourPath[];
  readonly runs: readonly (RunResult | undefined)[];
  /** Where every run starts. */
  readonly start: readonly number[];
}

/**
 * The lowest loss of the scene's minima: the loss chart's log axis shows L − L*, which is the loss
 * itself where L* = 0 and stays positive where the minima lie below zero (the saddle scene).
 */
export function lossFloor(scene: Scene): number {
  return Math.min(...scene.minima.map((m) => m.loss));
}

/**
 * The runs of a frame as the charts take them, coloured and dashed by verdict (the notes' colours).
 * With `excess`, losses are given as L − L* (for the log loss axis).
 */
export function runInputs(frame: Frame | undefined, excess = false): RunInput[] {
  const out: RunInput[] = [];
  const floor = frame && excess ? lossFloor(frame.scene) : 0;
  frame?.runs.forEach((r, i) => {
    if (!r) return;
    out.push({
      id: `run-${i}`,
      color: VERDICT_COLORS[r.verdict.kind],
      dash: VERDICT_DASHES[r.verdict.kind],
      losses: floor === 0 ? r.losses : r.losses.map((l) => l - floor),
      path: r.path,
    });
  });
  return out;
}

/** Pointer position in the SVG's own coordinates (the SVG scales with its container). */
export function svgPoint(
  svg: SVGSVGElement,
  clientX: number,
  clientY: number,
  width: number,
  height: number,
) {
  const box = svg.getBoundingClientRect();
  return {
    x: ((clientX - box.left) / Math.max(1, box.width)) * width,
    y: ((clientY - box.top) / Math.max(1, box.height)) * height,
  };
}
