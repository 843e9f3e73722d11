import { createContext, useContext } from 'react';
import type { VerdictKind } from '../core/verdict';
import { PALETTE_COLORS } from '../charts/palette';
import type { PaletteKind } from '../core/palettes';

/** The palette the link chose; every component that colours a verdict reads it from here. */
export const PaletteContext = createContext<PaletteKind>('notes');

/** The verdict colours of the chosen palette. */
export function useVerdictColors(): Record<VerdictKind, string> {
  return PALETTE_COLORS[useContext(PaletteContext)];
}
