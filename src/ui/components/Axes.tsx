import {
  useCallback,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
  type RefObject,
} from 'react';
import { AXIS_FONT, FIGURE_HEIGHT, FIGURE_WIDTH, axisFont } from '../../geometry/figure';
import type { Box, Tick } from '../../charts/types';

/** The axis lines' colour (as `.axis line` in styles.css). */
const AXIS = '#bbb';

const subscribeNothing = () => () => undefined;

/** The callback ref that measures a view's SVG and follows its resizes (useAxisFont). */
export type MeasureSvg = (el: SVGSVGElement | null) => () => void;

/**
 * The type size (SVG units) for a view, so its ticks stay at least 12 px on screen, or the page's
 * --chart-min-font (geometry/figure.ts axisFont). The size depends on the SVG's box, which the
 * page's CSS sets (the view's content never changes it), so a view first commits its bare SVG, is
 * measured as the element is attached (before the browser paints: an update from a ref callback
 * is rendered at once) and draws its content once, at the right size; a chart drawn at a guessed
 * size and measured afterwards was drawn twice before the first figure appeared (a Chromium trace
 * of the page at 1280 × 800, where the views take 16 units). A ResizeObserver measures it again
 * whenever the box changes. `given` (an export's size) skips the measuring; static markup, which
 * has no layout, gets AXIS_FONT. The size is undefined in a page until the SVG is measured.
 */
export function useAxisFont(
  given?: number,
): readonly [font: number | undefined, measure: MeasureSvg] {
  // False while rendering static markup (the server snapshot), true in a page's React root.
  const live = useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
  const [measured, setMeasured] = useState<number | undefined>(undefined);
  const last = useRef<number | undefined>(undefined);
  const measure = useCallback((el: SVGSVGElement | null) => {
    if (!el) return () => undefined;
    const update = () => {
      const box = el.getBoundingClientRect();
      // The page may ask for larger type (presenter mode sets --chart-min-font in styles.css).
      const min = parseFloat(getComputedStyle(el).getPropertyValue('--chart-min-font'));
      const scale = Math.min(box.width / FIGURE_WIDTH, box.height / FIGURE_HEIGHT);
      const next = axisFont(scale, min > 0 ? min : undefined);
      if (next !== last.current) {
        last.current = next;
        setMeasured(next);
      }
    };
    // The drawn SVG that replaces the measured bare one has its box: the observer's first report,
    // made before the next paint, suffices (measuring it now would lay the page out once more).
    if (last.current === undefined) update();
    const observer = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(update) : undefined;
    observer?.observe(el);
    return () => observer?.disconnect();
  }, []);
  return [given ?? (live ? measured : AXIS_FONT), measure];
}

/** What a figure view's chart gets from `measuredView`. */
export interface MeasuredChart {
  /** The measured type size (useAxisFont). */
  readonly font: number;
  /** The drawn SVG element, for pointer positions. */
  readonly svg: RefObject<SVGSVGElement | null>;
  /** The SVG's ref: it keeps the element in `svg` and measures it as it is resized. */
  readonly svgRef: (el: SVGSVGElement | null) => () => void;
}

/**
 * A figure view: its bare SVG first, measured before anything is drawn in it (useAxisFont), then
 * `Chart` drawn once at the measured type size.
 */
export function measuredView<P extends { readonly fontSize?: number }>(
  Chart: (props: P & MeasuredChart) => ReactNode,
): (props: P) => ReactNode {
  return function MeasuredView(props: P) {
    const [font, measure] = useAxisFont(props.fontSize);
    const svg = useRef<SVGSVGElement | null>(null);
    const svgRef = useCallback(
      (el: SVGSVGElement | null) => {
        svg.current = el;
        return measure(el);
      },
      [measure],
    );
    if (font === undefined)
      return <svg ref={svgRef} viewBox={`0 0 ${FIGURE_WIDTH} ${FIGURE_HEIGHT}`} />;
    return <Chart {...props} font={font} svg={svg} svgRef={svgRef} />;
  };
}

/**
 * Bottom and left axes of a plot box, from ticks the chart layout computed. The colours and type
 * size are presentation attributes too (the page's CSS overrides them), so an exported SVG file,
 * which has no stylesheet, looks the same.
 *
 * With `titles="outside"` the axes' names never overlap the plot: the y axis's name above the
 * plot's top-left corner (the margin must be at least 1.6 × fontSize tall), the x axis's name under
 * the tick labels at the right (the bottom margin at least 2.8 × fontSize). Otherwise (charts
 * whose margins have no room yet) the y name sits inside the plot's top-left corner.
 */
export function Axes({
  plot,
  xTicks,
  yTicks,
  xLabel,
  yLabel,
  fontSize = 11,
  titles = 'inside',
}: {
  plot: Box;
  xTicks: readonly Tick[];
  yTicks: readonly Tick[];
  xLabel: string;
  yLabel: string;
  fontSize?: number;
  titles?: 'inside' | 'outside';
}) {
  const bottom = plot.y + plot.height;
  const f = fontSize;
  const outside = titles === 'outside';
  // The figure's views size their type to the screen (useAxisFont), so they are not `.axis`: the
  // page's `.axis text` rule would override the size attribute (and an inline style would break
  // the exported image under the page's CSP, style-src-attr).
  const className = outside ? 'figure-axis' : 'axis';
  // Where both axes have a tick at the bottom-left corner and the x label there is wider than the
  // gap to the y labels (about 0.6 em a character, centred: more than 6 units on the left), the y
  // label at the corner sits on its tick instead of centred on it, so the two never meet.
  const cornerX = xTicks.find((t) => Math.abs(t.pos - plot.x) < 1);
  const crowded = cornerX !== undefined && cornerX.label.length * 0.3 * f > 6;
  const yDy = (t: Tick) => (crowded && Math.abs(t.pos - bottom) < 0.5 * f ? '0' : '0.32em');
  return (
    <g className={className} aria-hidden="true" fill="#444" fontSize={f}>
      <line x1={plot.x} x2={plot.x + plot.width} y1={bottom} y2={bottom} stroke={AXIS} />
      <line x1={plot.x} x2={plot.x} y1={plot.y} y2={bottom} stroke={AXIS} />
      {xTicks.map((t) => (
        <g key={`x${t.value}`} transform={`translate(${t.pos},${bottom})`}>
          <line y2={4} stroke={AXIS} />
          <text y={outside ? 6 + 0.9 * f : 15} textAnchor="middle">
            {t.label}
          </text>
        </g>
      ))}
      {yTicks.map((t) => (
        <g key={`y${t.value}`} transform={`translate(${plot.x},${t.pos})`}>
          <line x2={-4} stroke={AXIS} />
          <text x={-6} dy={yDy(t)} textAnchor="end">
            {t.label}
          </text>
        </g>
      ))}
      {outside ? (
        <>
          <text
            data-axis-title="x"
            x={plot.x + plot.width}
            y={bottom + 10 + 1.9 * f}
            textAnchor="end"
            fill="#222"
          >
            {xLabel}
          </text>
          <text data-axis-title="y" x={4} y={plot.y - 0.6 * f - 2} fill="#222">
            {yLabel}
          </text>
        </>
      ) : (
        <>
          <text x={plot.x + plot.width} y={bottom + 26} textAnchor="end">
            {xLabel}
          </text>
          <text x={plot.x + 4} y={plot.y + 10}>
            {yLabel}
          </text>
        </>
      )}
    </g>
  );
}
