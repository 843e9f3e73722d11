import { round2 } from './numbers';

/** The plot area inside the margins, in SVG pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Space left around the plot area for tick labels. */
export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** Room for "1e-12" on the left and step numbers below; charts accept overrides. */
export const DEFAULT_MARGIN: Margin = { top: 10, right: 14, bottom: 28, left: 48 };

/**
 * The plot area inside `margin`. Never narrower than 1 px, so scales stay invertible even when the
 * component is measured at zero size before layout.
 */
export function plotBox(width: number, height: number, margin: Partial<Margin> = {}): Box {
  const m = { ...DEFAULT_MARGIN, ...margin };
  const w = Number.isFinite(width) ? width : 0;
  const h = Number.isFinite(height) ? height : 0;
  return {
    x: round2(m.left),
    y: round2(m.top),
    width: round2(Math.max(1, w - m.left - m.right)),
    height: round2(Math.max(1, h - m.top - m.bottom)),
  };
}

/**
 * The largest box inside `area` whose sides have the ratio xSpan : ySpan, centred in it, so one
 * data unit has the same length on both axes (circles on the surface stay circles).
 */
export function fitAspect(area: Box, xSpan: number, ySpan: number): Box {
  const k = Math.min(area.width / xSpan, area.height / ySpan);
  const width = Math.max(1, k * xSpan);
  const height = Math.max(1, k * ySpan);
  return {
    x: round2(area.x + (area.width - width) / 2),
    y: round2(area.y + (area.height - height) / 2),
    width: round2(width),
    height: round2(height),
  };
}

/**
 * The data point under a pixel of a plot whose x axis maps `xDomain` onto the box's width and y
 * axis maps `yDomain` onto its height, y pointing up; clamped to the domains.
 */
export function invertPlot(
  plot: Box,
  px: number,
  py: number,
  xDomain: readonly [number, number],
  yDomain?: readonly [number, number],
): number[] {
  const fx = Math.min(1, Math.max(0, (px - plot.x) / plot.width));
  const x = xDomain[0] + fx * (xDomain[1] - xDomain[0]);
  if (!yDomain) return [x];
  const fy = Math.min(1, Math.max(0, (plot.y + plot.height - py) / plot.height));
  return [x, yDomain[0] + fy * (yDomain[1] - yDomain[0])];
}
