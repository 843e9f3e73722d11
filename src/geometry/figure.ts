import type { Margin } from './box';

/** The SVG size of each of the two views (they scale with the page through their viewBox). */
export const FIGURE_WIDTH = 560;
export const FIGURE_HEIGHT = 400;

/**
 * Type sizes of the views, in SVG units. A view 560 units wide is drawn 360 px wide on a 390 px
 * phone (scale 0.64) and about 615 px at 1280 px: 15 units read as 16.5 px on a laptop; on a phone
 * the page asks for up to 19 units (axisFont) so that tick labels stay at least 12 px on screen.
 */
export const AXIS_FONT = 15;
export const AXIS_FONT_MAX = 19;
/** The smallest on-screen type size (CSS px) the views aim for. */
export const MIN_SCREEN_FONT = 12;

/**
 * The views' type size for a view whose 560 × 400 units are drawn at `scale` CSS px per unit (the
 * smaller of its box's width ÷ 560 and height ÷ 400, as the SVG fits its viewBox into the box):
 * `minScreen` px on screen (MIN_SCREEN_FONT, or more in presenter mode), between AXIS_FONT and
 * AXIS_FONT_MAX units. 0 or an unknown scale (no layout yet, an export) gives AXIS_FONT.
 */
export function axisFont(scale: number, minScreen = MIN_SCREEN_FONT): number {
  if (!(scale > 0) || !Number.isFinite(scale)) return AXIS_FONT;
  const units = Math.ceil(minScreen / scale);
  return Math.min(AXIS_FONT_MAX, Math.max(AXIS_FONT, units));
}

/**
 * The two views' margins, fixed for the largest type size so the plot (and with it the worker's
 * contour lines, the exported paths) never depends on the screen: the y axis's name sits above the
 * plot (top), tick labels such as "1e-12" and the x axis's name below them fit at AXIS_FONT_MAX.
 */
export const SURFACE_MARGIN: Margin = { top: 36, right: 16, bottom: 52, left: 62 };
/** The loss chart keeps a column on the right for the lines' direct labels ("η = 0.05", verdict). */
export const LABEL_COLUMN = 104;
export const LOSS_MARGIN: Margin = { ...SURFACE_MARGIN, right: LABEL_COLUMN };
