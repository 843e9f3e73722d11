import type { RunInput } from '../charts/types';
import { VERDICT_COLORS, VERDICT_DASHES } from '../charts/palette';
import type { ExperimentResult } from '../train/experiment';

/** The runs of a result as the charts take them, coloured and dashed by verdict (the notes' colours). */
export function runInputs(result: ExperimentResult | undefined): RunInput[] {
  return (result?.runs ?? []).map((r, i) => ({
    id: `run-${i}`,
    color: VERDICT_COLORS[r.verdict.kind],
    dash: VERDICT_DASHES[r.verdict.kind],
    losses: r.losses,
    path: r.path,
  }));
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
