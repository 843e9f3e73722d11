import { useEffect, useLayoutEffect } from 'react';
import type { ExperimentResult } from '../../protocol/results';

/** Performance marks are set once per page load (StrictMode runs effects twice in development). */
let appMarked = false;
let curveMarked = false;
let figureMarked = false;

/**
 * bench/firstCurve.ts reads when the page first rendered, when its first curve was painted (a
 * network's losses as they stream, or a final result, whichever comes first) and when the first
 * final figure was painted. Each mark is the frame after React drew it: its callback is asked for
 * as React commits (a layout effect), so it runs in the frame that paints the commit. Asked for
 * from a passive effect, it waited for React to run its effects, which it may do after that frame
 * and after other work queued meanwhile (measured: 100-200 ms after the figure was painted).
 */
export function usePageMarks(result: ExperimentResult | undefined, streaming: boolean): void {
  useEffect(() => {
    if (!appMarked) {
      appMarked = true;
      performance.mark('lr-app-rendered');
    }
  }, []);
  useLayoutEffect(() => {
    if ((result || streaming) && !curveMarked) {
      curveMarked = true;
      requestAnimationFrame(() => performance.mark('lr-first-curve'));
    }
    if (result && !figureMarked) {
      figureMarked = true;
      requestAnimationFrame(() => performance.mark('lr-first-figure'));
    }
  }, [result, streaming]);
}
