import { useEffect, useRef, useState } from 'react';
import type { RunResult } from '../../core/experiment';
import type { Format } from '../format';
import { runOverfit, verdictWords, type RunValidation } from '../runInputs';

/**
 * What the polite live region says: each run's verdict when it is new or has changed (a slider
 * moved, a run added), not the whole table again after every result — a screen reader user hears
 * what changed. The first result says every run.
 */
export function useAnnouncement(
  runs: readonly RunResult[] | undefined,
  /** Data scenes: each run's validation, so that a run that overfits is said to. */
  validation: readonly (RunValidation | undefined)[] | undefined,
  done: boolean,
  f: Format,
): string {
  const said = useRef<string[]>([]);
  const [text, setText] = useState('');
  useEffect(() => {
    if (!runs || !done) return;
    const words = runs.map((r, i) => verdictWords(r, runOverfit(r, validation?.[i]), f.t));
    const labels = runs.map((r, i) => `${r.lr} ${words[i]}`);
    const changed = runs.flatMap((r, i) =>
      said.current[i] === labels[i] ? [] : [f.t('app.announce', { run: i + 1, verdict: words[i] })],
    );
    said.current = labels;
    // Keep the last announcement when nothing changed (a language switch re-says it below).
    if (changed.length > 0) setText(changed.join(' '));
  }, [runs, validation, done, f]);
  return text;
}
