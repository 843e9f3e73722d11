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
 * Advance widths (thousandths of an em) of the characters a label may hold that DejaVu Sans, the
 * sans-serif of Debian and most Linux desktops and the widest common one, draws wider than
 * textWidth's 0.6 em a character (0.7 em in bold) or 0.3 em a space: its glyph tables, regular and
 * bold (the labels' weight 600 is drawn bold), each group at its widest member. The others are
 * narrower and keep the flat estimate.
 */
const DEJAVU_WIDE_GROUPS = {
  regular: [
    [' ', 318],
    ['0123456789abdeghnopquηβ', 638],
    ['ABCEKPRSTVXYZ', 698],
    ['&', 780],
    ['DGHNOQU', 787],
    ['w', 818],
    ['=+<>−×≈#', 838],
    ['M', 863],
    ['%', 950],
    ['m', 974],
    ['W', 989],
    ['@…—', 1000],
  ],
  bold: [
    [' ', 348],
    ['bdghnpquηβ{}', 716],
    ['ABCKPRSUVXYZ', 812],
    ['=+<>−×≈#', 838],
    ['DGHNOQ', 850],
    ['&', 872],
    ['w', 924],
    ['M', 995],
    ['@…—', 1000],
    ['%', 1002],
    ['m', 1042],
    ['W', 1103],
  ],
} as const satisfies Record<'regular' | 'bold', readonly (readonly [string, number])[]>;

const DEJAVU_WIDE: Record<'regular' | 'bold', ReadonlyMap<string, number>> = {
  regular: byChar(DEJAVU_WIDE_GROUPS.regular),
  bold: byChar(DEJAVU_WIDE_GROUPS.bold),
};

function byChar(groups: readonly (readonly [string, number])[]): ReadonlyMap<string, number> {
  return new Map(groups.flatMap(([chars, w]) => [...chars].map((ch) => [ch, w / 1000] as const)));
}

/**
 * A text's width in SVG units at font size `size`, without a DOM (the layout runs in Node too):
 * 0.6 em per Latin character or digit (0.7 em in bold), 1 em per CJK or full-width character, 0.3
 * em per space, and never less than the character's advance in DejaVu Sans (DEJAVU_WIDE: "=" is
 * 0.838 em, a bold space 0.348). So a box is never narrower than the text drawn in the widest
 * common sans-serif: a bold "η = 0.0018" is 6.10 em there, which 0.6 em a character (5.4 em) left
 * running 12 units past the loss chart's right edge in presenter mode (17-unit type), and "η = 3"
 * is 2.94 em, more than the 2.7 em of the flat estimate.
 */
export function textWidth(text: string, size: number, bold = false): number {
  const latin = bold ? 0.7 : 0.6;
  const wide = DEJAVU_WIDE[bold ? 'bold' : 'regular'];
  let em = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const flat = c >= 0x2e80 ? 1 : ch === ' ' ? 0.3 : latin;
    em += Math.max(flat, wide.get(ch) ?? 0);
  }
  return round2(em * size);
}
