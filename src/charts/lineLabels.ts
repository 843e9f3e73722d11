import type { Point } from './types';
import { round2 } from '../geometry/numbers';

/** A label to place beside the end of a line: its anchor (the line's end) and its text box size. */
export interface LabelRequest {
  readonly id: string;
  readonly anchor: Point;
  readonly width: number;
  readonly height: number;
}

/** A placed label: the text starts at x; y is the middle of its box. */
export interface PlacedLabel {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  anchor: Point;
}

/**
 * Centres for boxes of height `gap` wanted at `wanted` (any order), inside [lo, hi]: boxes keep
 * their order by wanted position, never overlap, and each run of boxes that had to be pushed
 * apart is centred on the mean of what its members wanted (least squares for a block of equal
 * boxes: top = mean(wanted_k − k·gap)), then moved as a whole into [lo, hi]. When the boxes
 * cannot all fit, the gap shrinks to (hi − lo)/n so they share the height evenly. Returns the
 * centres in the input's order.
 */
export function spreadLabels(
  wanted: readonly number[],
  gap: number,
  lo: number,
  hi: number,
): number[] {
  const n = wanted.length;
  if (n === 0) return [];
  const g = Math.min(gap, Math.max(0, hi - lo) / n);
  const order = wanted
    .map((w, i) => ({ w: Number.isFinite(w) ? w : lo, i }))
    .sort((a, b) => a.w - b.w || a.i - b.i);
  // Blocks of touching boxes: the first member's index in `order`, count, and Σ(wanted_k − k·g).
  const blocks: { first: number; count: number; sum: number; top: number }[] = [];
  const clampTop = (top: number, count: number) =>
    Math.min(hi - g / 2 - (count - 1) * g, Math.max(lo + g / 2, top));
  order.forEach((o, k) => {
    let block = { first: k, count: 1, sum: o.w, top: clampTop(o.w, 1) };
    for (;;) {
      const prev = blocks[blocks.length - 1];
      if (!prev || prev.top + prev.count * g <= block.top + 1e-9) break;
      blocks.pop();
      // Member j of the merged block sits at top + j·g, so it wants top = wanted − j·g.
      const sum = prev.sum + block.sum - block.count * prev.count * g;
      const count = prev.count + block.count;
      block = { first: prev.first, count, sum, top: clampTop(sum / count, count) };
    }
    blocks.push(block);
  });
  const out = new Array<number>(n);
  for (const b of blocks) {
    for (let j = 0; j < b.count; j++) out[order[b.first + j]!.i] = round2(b.top + j * g);
  }
  return out;
}

/**
 * Places each line's label just right of its anchor (`offset` px); where that would run past
 * `right`, just left of the anchor instead (so it still does not cover the anchor's mark), and
 * never left of `left`. Labels whose boxes share some x are one column: their heights are spread apart in
 * [top, bottom] (spreadLabels), so no two labels overlap, and none covers its own line's end mark
 * (the text starts `offset` px right of it).
 */
export function placeLineLabels(
  requests: readonly LabelRequest[],
  bounds: { top: number; bottom: number; right: number; left?: number; offset?: number },
): PlacedLabel[] {
  const offset = bounds.offset ?? 8;
  const left = bounds.left ?? -Infinity;
  const boxes = requests.map((r) => {
    let x = r.anchor.x + offset;
    if (x + r.width > bounds.right) x = Math.max(left, r.anchor.x - offset - r.width);
    return { r, x: round2(x) };
  });
  // Columns: boxes sorted by x, joined while the next one starts before the column's right end.
  const sorted = [...boxes].sort((a, b) => a.x - b.x);
  const columns: (typeof boxes)[] = [];
  let end = -Infinity;
  for (const b of sorted) {
    const col = columns[columns.length - 1];
    if (col && b.x < end) col.push(b);
    else columns.push([b]);
    end = Math.max(b.x < end ? end : -Infinity, b.x + b.r.width);
  }
  const placed = new Map<string, PlacedLabel>();
  for (const col of columns) {
    const gap = Math.max(...col.map((b) => b.r.height));
    const ys = spreadLabels(
      col.map((b) => b.r.anchor.y),
      gap,
      bounds.top,
      bounds.bottom,
    );
    col.forEach((b, k) =>
      placed.set(b.r.id, {
        id: b.r.id,
        x: b.x,
        y: ys[k]!,
        width: b.r.width,
        height: b.r.height,
        anchor: b.r.anchor,
      }),
    );
  }
  return requests.map((r) => placed.get(r.id)!);
}

/**
 * Advance widths in DejaVu Sans, the sans-serif of Debian and most Linux desktops and the widest
 * common one, regular and bold (the labels' weight 600 is drawn bold): its glyph tables, each
 * rounded up to the next 0.05 em and grouped by that width (thousandths of an em).
 */
const DEJAVU_GROUPS = {
  regular: [
    ["'IJijl", 300],
    [' ,./:;\\|·', 350],
    ['()-[]ft', 400],
    ['!r', 450],
    ['"*_`–', 500],
    ['?csz', 550],
    ['FLkvxy', 600],
    ['$0123456789EPSTYabdeghnopqu{}ηβ', 650],
    ['ABCKRVXZ', 700],
    ['NU', 750],
    ['&DGHOQ', 800],
    ['#+<=>^w~−×≈', 850],
    ['M', 900],
    ['%', 950],
    ['@Wm…—', 1000],
  ],
  bold: [
    [" 'ijl", 350],
    [',./:;IJ\\|·', 400],
    ['-f', 450],
    ['!()[]_`rt–', 500],
    ['"*', 550],
    ['?csz', 600],
    ['Lx', 650],
    ['$0123456789EFTaekovy', 700],
    ['CPSYZbdghnpqu{}ηβ', 750],
    ['ABKRVX', 800],
    ['#+<=>DGHNOQU^~−×≈', 850],
    ['&', 900],
    ['w', 950],
    ['@M…—', 1000],
    ['%m', 1050],
    ['W', 1150],
  ],
} as const satisfies Record<'regular' | 'bold', readonly (readonly [string, number])[]>;

const DEJAVU: Record<'regular' | 'bold', ReadonlyMap<string, number>> = {
  regular: byChar(DEJAVU_GROUPS.regular),
  bold: byChar(DEJAVU_GROUPS.bold),
};

function byChar(groups: readonly (readonly [string, number])[]): ReadonlyMap<string, number> {
  return new Map(groups.flatMap(([chars, w]) => [...chars].map((ch) => [ch, w / 1000] as const)));
}

/**
 * A text's width in SVG units at font size `size`, without a DOM (the layout runs in Node too):
 * each character's DejaVu Sans advance, rounded up (DEJAVU); 1 em per CJK or full-width
 * character, and 0.6 em per other character (0.7 em in bold). So a box is never narrower than the
 * text drawn in the widest common sans-serif, nor much wider: a flat 0.6 em a character made a
 * bold "η = 0.0018" (6.10 em in DejaVu Sans Bold) 5.4 em, and it ran 12 units past the loss chart's
 * right edge in presenter mode (17-unit type); 0.7 em and 0.3 em a space made "η = 3" 2.7 em for
 * 2.94 drawn, while "too small" was 5.1 em for 4.6.
 */
export function textWidth(text: string, size: number, bold = false): number {
  const flat = bold ? 0.7 : 0.6;
  const table = DEJAVU[bold ? 'bold' : 'regular'];
  let em = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    em += c >= 0x2e80 ? 1 : (table.get(ch) ?? flat);
  }
  return round2(em * size);
}
