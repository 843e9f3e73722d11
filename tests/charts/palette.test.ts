import { describe, expect, it } from 'vitest';
import { PALETTE_COLORS, VERDICT_COLORS, VERDICT_DASHES } from '../../src/charts/palette';

/** Okabe & Ito (2008), as listed by Wong (Nature Methods 8:441, 2011), in sRGB hex. */
const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7'];

/** WCAG relative luminance of an sRGB hex colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

describe('verdict palettes', () => {
  it('keep the notes’ colours as the default', () => {
    expect(PALETTE_COLORS.notes).toBe(VERDICT_COLORS);
    expect(VERDICT_COLORS['just-right']).toBe('#d62728');
  });
  it('take the safe palette’s four colours from Okabe–Ito, all different', () => {
    const safe = Object.values(PALETTE_COLORS.safe);
    for (const c of safe) expect(OKABE_ITO).toContain(c);
    expect(new Set(safe).size).toBe(4);
  });
  it('draw lines visible on white: contrast ≥ 2:1 (WCAG 1.4.11 asks 3:1 for parts that carry meaning alone; dashes carry it too)', () => {
    for (const c of Object.values(PALETTE_COLORS.safe)) {
      // (L_white + 0.05) / (L_c + 0.05), L_white = 1.
      expect(1.05 / (luminance(c) + 0.05), c).toBeGreaterThanOrEqual(2);
    }
  });
  it('tell the verdicts apart by dash as well as by colour', () => {
    expect(new Set(Object.values(VERDICT_DASHES)).size).toBe(4);
  });
});
