import { create } from 'qrcode';

/** Light modules a reader needs around the symbol (ISO/IEC 18004 §6.3.8: four modules wide). */
export const QUIET_ZONE = 4;

export interface QrSymbol {
  /** Modules per side, quiet zone included: the SVG's viewBox is `0 0 side side`. */
  readonly side: number;
  /** Every dark module as a unit square, one path (crisp and small in the DOM). */
  readonly d: string;
}

/**
 * The QR symbol of `text` at error correction level M (15 % of the codewords may be damaged: a
 * projector's glare or a phone at an angle), encoded by the `qrcode` package and drawn as one path.
 */
export function qrSymbol(text: string): QrSymbol {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const parts: string[] = [];
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (modules.get(row, col)) parts.push(`M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`);
    }
  }
  return { side: n + 2 * QUIET_ZONE, d: parts.join('') };
}
