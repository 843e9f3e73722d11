import { expect } from 'vitest';

/** Every number in the tree is finite and no string carries "NaN" or "Infinity" into the SVG. */
export function expectAllFinite(value: unknown, where = 'layout'): void {
  if (typeof value === 'number') {
    expect(Number.isFinite(value), `${where} = ${value}`).toBe(true);
  } else if (typeof value === 'string') {
    expect(value, where).not.toMatch(/NaN|Infinity/);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => expectAllFinite(v, `${where}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) expectAllFinite(v, `${where}.${k}`);
  }
}

/** The vertices of an SVG path made of M/L/Z commands, in order. */
export function pathPoints(d: string): { x: number; y: number }[] {
  const nums = (d.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g) ?? []).map(Number);
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i + 1 < nums.length; i += 2)
    out.push({ x: nums[i] ?? NaN, y: nums[i + 1] ?? NaN });
  return out;
}

/** Bounding box of a path's vertices. */
export function bbox(d: string) {
  const pts = pathPoints(d);
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  return {
    x0: Math.min(...xs),
    x1: Math.max(...xs),
    y0: Math.min(...ys),
    y1: Math.max(...ys),
  };
}
