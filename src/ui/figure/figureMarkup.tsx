import type { TFunction } from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { FIGURE_HEIGHT, FIGURE_WIDTH } from '../../charts/figure';
import { LossView } from '../components/LossView';
import { SurfaceView } from '../components/SurfaceView';
import type { Frame } from '../runInputs';
import { captionLines, type FigureCaption } from './caption';

/** Gap between the two views and the caption's line height, in SVG px. */
const GAP = 16;
const LINE = 18;
const CAPTION_FONT = 13;

/** The whole figure's size: two views side by side, the caption under them. */
export function figureSize(lines: number): { width: number; height: number } {
  return { width: 2 * FIGURE_WIDTH + GAP, height: FIGURE_HEIGHT + GAP + lines * LINE + GAP / 2 };
}

const noop = () => undefined;

/**
 * Places a view's root `<svg>` (rendered with its viewBox only) at (x, y) with the view's size in
 * the figure: a nested SVG viewport, so the view's own coordinates and `d` strings stay as they
 * are on the page.
 */
function placed(markup: string, x: number, y: number): string {
  if (!markup.startsWith('<svg ')) throw new Error('a view did not render as an <svg> element');
  return `<svg x="${x}" y="${y}" width="${FIGURE_WIDTH}" height="${FIGURE_HEIGHT}" ${markup.slice(5)}`;
}

/**
 * The side-by-side figure as a standalone SVG document: the page's own SurfaceView and LossView,
 * rendered with React at the last step (every path whole, no hover), and the caption. The same
 * function runs in the browser (export) and in Node (`npm run figure`), so the two files have the
 * same paths for the same runs. Styles are presentation attributes only: a file has no stylesheet.
 */
export function figureSvg(frame: Frame, caption: FigureCaption, t: TFunction): string {
  const still = { ...frame, draggable: false };
  const views = { frame: still, cursor: frame.steps, hover: undefined, onHover: noop };
  const surface = renderToStaticMarkup(<SurfaceView {...views} onStart={noop} />);
  const loss = renderToStaticMarkup(<LossView {...views} />);
  const lines = captionLines(caption, t);
  const { width, height } = figureSize(lines.length);
  const text = renderToStaticMarkup(
    <g data-caption="" fill="#222" fontSize={CAPTION_FONT}>
      {lines.map((line, i) => (
        <text key={i} x={GAP / 2} y={FIGURE_HEIGHT + GAP + (i + 0.75) * LINE}>
          {line}
        </text>
      ))}
    </g>,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" `,
    `viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    placed(surface, 0, 0),
    placed(loss, FIGURE_WIDTH + GAP, 0),
    text,
    '</svg>\n',
  ].join('');
}
