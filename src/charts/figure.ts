/** The SVG size of each of the two views (they scale with the page through their viewBox). */
export const FIGURE_WIDTH = 560;
export const FIGURE_HEIGHT = 400;
