/**
 * Draws the app's PNG icons (public/icon-192.png, public/icon-512.png) for the web app manifest:
 * the lecture figure in miniature — a black valley and a red path of steps reaching its bottom —
 * the favicon's drawing at icon sizes. Run once with `npx tsx scripts/icons.ts`; the PNGs are
 * committed. Pure pixel arithmetic (pngjs encodes), so the files are the same on every machine.
 */
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const BLACK = [0x11, 0x11, 0x11] as const;
const RED = [0xd6, 0x27, 0x28] as const;

/** The valley in unit coordinates (y down, so its bottom is at the largest y): the favicon's curve. */
const valley = (x: number) => 0.79 - 2.4 * (x - 0.5) ** 2;

function icon(size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  const line = 0.035;
  const dots = [0.14, 0.3, 0.42, 0.5].map((x) => [x, valley(x)] as const);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Four samples per pixel, so edges are smooth at 192 px too.
      let black = 0;
      let red = 0;
      for (const [ox, oy] of [
        [0.25, 0.25],
        [0.75, 0.25],
        [0.25, 0.75],
        [0.75, 0.75],
      ] as const) {
        const x = (px + ox) / size;
        const y = (py + oy) / size;
        if (dots.some(([dx, dy]) => Math.hypot(x - dx, y - dy) < 0.055)) red++;
        else if (x > 0.06 && x < 0.94) {
          // Vertical distance scaled by the slope: the distance to the curve, to first order.
          const slope = -4.8 * (x - 0.5);
          if (Math.abs(y - valley(x)) / Math.hypot(1, slope) < line) black++;
        }
      }
      const i = 4 * (py * size + px);
      const white = 4 - black - red;
      for (let c = 0; c < 3; c++) {
        png.data[i + c] = Math.round((white * 255 + black * BLACK[c]! + red * RED[c]!) / 4);
      }
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

for (const size of [192, 512]) writeFileSync(`public/icon-${size}.png`, icon(size));
