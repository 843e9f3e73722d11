import { contours, geoPath, geoTransform } from 'd3';
import type { ContourMultiPolygon } from 'd3';
import type { ContourPath } from '../protocol/results';
import { fitAspect, plotBox, type Box, type Margin } from './box';
import { SURFACE_MARGIN } from './figure';
import { widenSpan } from './span';
import { clampTo, round2 } from './numbers';
import { geometricThresholds } from './thresholds';

export type { ContourPath } from '../protocol/results';

/**
 * The plot box of a contour figure: the margins' inner box (the figure's SURFACE_MARGIN unless
 * given, as the worker traces its contours with), shrunk to equal units on both axes.
 */
export function contourPlot(
  width: number,
  height: number,
  view: [[number, number], [number, number]],
  margin: Partial<Margin> = SURFACE_MARGIN,
): Box {
  const [x0, x1] = widenSpan(view[0]);
  const [y0, y1] = widenSpan(view[1]);
  return fitAspect(plotBox(width, height, margin), x1 - x0, y1 - y0);
}

/**
 * Contour rings of an n×n row-major grid (index j along x, i along y) as SVG paths over `plot`,
 * y pointing up. d3-contour treats each value as a pixel centre: grid index j sits at contour
 * coordinate j + 0.5, so coordinate c maps to grid position c − 0.5 and positions 0..n−1 span the
 * plot edge to edge. d3 closes rings along the outer border at coordinates 0 and n, half a cell
 * outside the view; those points are pinned to the plot edge.
 */
export function contourPaths(
  grid: { n: number; values: ArrayLike<number> },
  plot: Box,
  levels = 12,
): ContourPath[] {
  const n = Math.floor(grid.n);
  if (!(n >= 2) || grid.values.length < n * n) return [];
  const raw = Array.from({ length: n * n }, (_, i) => grid.values[i] ?? NaN);
  const thresholds = geometricThresholds(raw, levels);
  if (thresholds.length === 0) return [];
  // d3 reads NaN as −∞ (a pit); a non-finite loss is a wall, so it becomes the highest finite value.
  let wall = -Infinity;
  for (const v of raw) if (Number.isFinite(v) && v > wall) wall = v;
  const values = raw.map((v) => (Number.isFinite(v) ? v : wall));

  const kx = plot.width / (n - 1);
  const ky = plot.height / (n - 1);
  const right = plot.x + plot.width;
  const bottom = plot.y + plot.height;
  const px = (cx: number): number => round2(clampTo(plot.x + (cx - 0.5) * kx, plot.x, right));
  const py = (cy: number): number => round2(clampTo(bottom - (cy - 0.5) * ky, plot.y, bottom));
  const toPixels = geoTransform({
    point(cx: number, cy: number) {
      this.stream.point(px(cx), py(cy));
    },
  });
  const fill = geoPath(toPixels).digits(2);
  const onBorder = (c: number[]): boolean => {
    const [cx = 0, cy = 0] = c;
    return cx <= 0 || cx >= n || cy <= 0 || cy >= n;
  };

  return contours()
    .size([n, n])
    .thresholds(thresholds)(values)
    .map((c) => ({
      value: c.value,
      d: fill(c) ?? '',
      lineD: strokeRings(c, onBorder, px, py),
    }));
}

/**
 * The rings as open polylines, dropping every segment whose two ends both lie on the grid border:
 * those only close the region along the frame and would draw a stack of rectangles there.
 */
function strokeRings(
  shape: ContourMultiPolygon,
  onBorder: (c: number[]) => boolean,
  px: (cx: number) => number,
  py: (cy: number) => number,
): string {
  const parts: string[] = [];
  let current: string[] = [];
  let lastKey = '';
  const flush = () => {
    if (current.length >= 2) parts.push(`M${current.join('L')}`);
    current = [];
    lastKey = '';
  };
  for (const polygon of shape.coordinates) {
    for (const ring of polygon) {
      let prev: number[] | undefined;
      for (const c of ring) {
        if (prev && onBorder(prev) && onBorder(c)) flush();
        const key = `${px(c[0] ?? 0)},${py(c[1] ?? 0)}`;
        // d3 repeats a point where a saddle or edge meets; a zero-length segment adds nothing.
        if (key !== lastKey) current.push(key);
        lastKey = key;
        prev = c;
      }
      flush();
    }
  }
  return parts.join('');
}
