import type { TFunction } from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { FIGURE_HEIGHT, FIGURE_WIDTH } from '../../geometry/figure';
import { LossView } from '../components/LossView';
import { SurfaceView } from '../components/SurfaceView';
import { textWidth } from '../../charts/lineLabels';
import { TRAINING_WIDTH, VALIDATION_STYLE, type Frame } from '../runInputs';
import { captionLines, type FigureCaption } from './caption';
import { hasValidation, legendItems } from './legendItems';

/** Gap between the two views, the caption's line height and the legend's row, in SVG px. */
const GAP = 16;
const LINE = 18;
const CAPTION_FONT = 13;
const LEGEND_ROW = 24;
const LEGEND_FONT = 14;
/** A legend entry's line sample, the space after it, and the space between entries. */
const SAMPLE = 28;
const SAMPLE_GAP = 6;
const ITEM_GAP = 20;

/** The whole figure's size: two views side by side, the legend's row and the caption under them. */
export function figureSize(lines: number): { width: number; height: number } {
  return {
    width: 2 * FIGURE_WIDTH + GAP,
    height: FIGURE_HEIGHT + GAP / 2 + LEGEND_ROW + GAP / 2 + lines * LINE + GAP / 2,
  };
}

/**
 * The legend as one row of SVG under the views (the page's Legend, which a file cannot hold as
 * HTML): each run's line sample, η and verdict, then for data scenes which line is which set. The
 * type shrinks when eight long entries would not fit the row.
 */
function legendRow(frame: Frame, t: TFunction, y: number, width: number) {
  const entries = [
    ...legendItems(frame, t, 'en').map((it) => ({
      key: `run-${it.row}`,
      color: it.color,
      dash: it.dash,
      validation: false,
      strong: it.eta,
      text: it.verdict,
    })),
    ...(hasValidation(frame)
      ? [false, true].map((validation) => ({
          key: validation ? 'validation' : 'training',
          color: '#555',
          dash: '',
          validation,
          strong: '',
          text: t(validation ? 'legend.validation' : 'legend.training'),
        }))
      : []),
  ];
  const widthAt = (f: number) =>
    entries.reduce(
      (sum, e) =>
        sum + SAMPLE + SAMPLE_GAP + textWidth(`${e.strong} ${e.text}`.trim(), f) + ITEM_GAP,
      -ITEM_GAP,
    );
  const font = Math.max(8, Math.min(LEGEND_FONT, (LEGEND_FONT * width) / widthAt(LEGEND_FONT)));
  let x = GAP / 2;
  return (
    <g data-legend="" fontSize={Math.round(font * 10) / 10} fill="#222">
      {entries.map((e) => {
        const at = x;
        x += SAMPLE + SAMPLE_GAP + textWidth(`${e.strong} ${e.text}`.trim(), font) + ITEM_GAP;
        return (
          <g key={e.key} data-legend-entry={e.key}>
            <line
              x1={at}
              x2={at + SAMPLE}
              y1={y - font * 0.32}
              y2={y - font * 0.32}
              stroke={e.color}
              strokeWidth={e.validation ? VALIDATION_STYLE.width : TRAINING_WIDTH}
              strokeDasharray={(e.validation ? VALIDATION_STYLE.dash : e.dash) || undefined}
              strokeLinecap={e.validation ? VALIDATION_STYLE.linecap : undefined}
              opacity={e.validation ? VALIDATION_STYLE.opacity : 1}
            />
            <text x={at + SAMPLE + SAMPLE_GAP} y={y}>
              {e.strong && (
                <tspan fill={e.color} fontWeight={600}>
                  {e.strong}
                </tspan>
              )}
              {e.strong && e.text ? ' ' : ''}
              {e.text}
            </text>
          </g>
        );
      })}
    </g>
  );
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
 * rendered with React at the last step (every path whole, no hover), their legend, and the caption. The same
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
  const legendY = FIGURE_HEIGHT + GAP / 2 + LEGEND_ROW * 0.7;
  const legend = renderToStaticMarkup(legendRow(still, t, legendY, width - GAP));
  const captionTop = FIGURE_HEIGHT + GAP / 2 + LEGEND_ROW + GAP / 2;
  const text = renderToStaticMarkup(
    <g data-caption="" fill="#222" fontSize={CAPTION_FONT}>
      {lines.map((line, i) => (
        <text key={i} x={GAP / 2} y={captionTop + (i + 0.75) * LINE}>
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
    legend,
    text,
    '</svg>\n',
  ].join('');
}
