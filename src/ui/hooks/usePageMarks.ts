import { useEffect } from 'react';
import type { ExperimentResult } from '../../protocol/results';

/** Performance marks are set once per page load (StrictMode runs effects twice in development). */
let appMarked = false;
let figureMarked = false;

/** bench/browser.ts reads when the page first rendered and when the first figure was painted. */
export function usePageMarks(result: ExperimentResult | undefined): void {
  useEffect(() => {
    if (!appMarked) {
      appMarked = true;
      performance.mark('lr-app-rendered');
    }
  }, []);
  useEffect(() => {
    if (result && !figureMarked) {
      figureMarked = true;
      requestAnimationFrame(() => performance.mark('lr-first-figure'));
    }
  }, [result]);
}
