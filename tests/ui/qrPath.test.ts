import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { QUIET_ZONE, qrSymbol } from '../../src/ui/share/qrPath';

/** Rasterises the symbol's path (unit squares "M{x} {y}h1v1h-1z") at `px` pixels per module, RGBA. */
function raster(symbol: { side: number; d: string }, px: number) {
  const n = symbol.side * px;
  const rgba = new Uint8ClampedArray(n * n * 4).fill(255);
  for (const m of symbol.d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    const x0 = Number(m[1]) * px;
    const y0 = Number(m[2]) * px;
    for (let y = y0; y < y0 + px; y++) {
      for (let x = x0; x < x0 + px; x++) rgba.fill(0, 4 * (y * n + x), 4 * (y * n + x) + 3);
    }
  }
  return { rgba, n };
}

describe('qrSymbol', () => {
  const link =
    'http://127.0.0.1:4173/?v=1&scene=valley&kappa=10&seed=1&lr=0.05,0.5,3,8&steps=60&backend=auto&noise=0&opt=sgd';

  it('draws a symbol that a QR reader decodes to the link', () => {
    const s = qrSymbol(link);
    const { rgba, n } = raster(s, 4);
    expect(jsQR(rgba, n, n)?.data).toBe(link);
  });

  it('picks the smallest version that holds the text at level M, with a four-module quiet zone', () => {
    // Lower-case letters only fit byte mode (no numeric or alphanumeric segment helps). At level M
    // version 6 holds 106 bytes and version 7 holds 122 (ISO/IEC 18004 table 7); a symbol of
    // version v has 17 + 4v modules a side: 41 and 45.
    const side = (bytes: number) => qrSymbol('q'.repeat(bytes)).side - 2 * QUIET_ZONE;
    expect(side(106)).toBe(41);
    expect(side(107)).toBe(45);
    expect(side(122)).toBe(45);
    const s = qrSymbol(link);
    const modules = s.side - 2 * QUIET_ZONE;
    expect((modules - 17) % 4).toBe(0);
    // Nothing dark in the quiet zone.
    for (const m of s.d.matchAll(/M(\d+) (\d+)/g)) {
      for (const c of [Number(m[1]), Number(m[2])]) {
        expect(c).toBeGreaterThanOrEqual(QUIET_ZONE);
        expect(c).toBeLessThan(QUIET_ZONE + modules);
      }
    }
  });

  it('throws for text beyond a version-40 symbol at level M (2331 bytes)', () => {
    expect(() => qrSymbol('x'.repeat(2332))).toThrow();
    expect(() => qrSymbol('x'.repeat(2331))).not.toThrow();
  });
});
