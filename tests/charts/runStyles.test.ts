import { describe, expect, it } from 'vitest';
import { RUN_DASHES, runStyles } from '../../src/charts/runStyles';
import { CONCEALED_COLORS, OKABE_ITO_COLORS, VERDICT_COLORS } from '../../src/charts/palette';
import { VERDICTS, type VerdictKind } from '../../src/core/verdict';

type Kind = VerdictKind | undefined;

/** Every list of `length` entries drawn from `options` (options.length ** length lists). */
function* lists(options: readonly Kind[], length: number): Generator<Kind[]> {
  if (length === 0) {
    yield [];
    return;
  }
  for (const rest of lists(options, length - 1)) for (const o of options) yield [...rest, o];
}

const key = (s: { color: string; dash: string }) => `${s.color}|${s.dash}`;

describe('runStyles', () => {
  it('never draws two runs alike, for every list of up to 8 verdicts (pending included)', () => {
    // Exhaustive: 4 verdicts and "pending" (undefined) up to 6 runs, the 4 verdicts at 7 and 8
    // runs (4^8 = 65 536 lists), in both palettes.
    for (const colors of [VERDICT_COLORS, OKABE_ITO_COLORS]) {
      for (let n = 1; n <= 8; n++) {
        const options: Kind[] = n <= 6 ? [...VERDICTS, undefined] : [...VERDICTS];
        for (const kinds of lists(options, n)) {
          const styles = runStyles(kinds, colors);
          const distinct = new Set(styles.map(key));
          if (distinct.size !== n) throw new Error(`alike: ${kinds.join(',')}`);
        }
      }
    }
  });

  it('draws the first run of each verdict solid in the verdict colour itself', () => {
    const kinds: VerdictKind[] = ['too-large', 'too-small', 'too-large', 'diverged', 'too-small'];
    const styles = runStyles(kinds, VERDICT_COLORS);
    // First of each verdict: rows 0 (too large), 1 (too small), 3 (diverged).
    for (const row of [0, 1, 3]) {
      expect(styles[row]).toEqual({ color: VERDICT_COLORS[kinds[row]!], dash: '' });
    }
    // The second of a verdict: its second dash, and a darker shade of the same hue (not equal).
    expect(styles[2]?.dash).toBe(RUN_DASHES[1]);
    expect(styles[4]?.dash).toBe(RUN_DASHES[1]);
    expect(styles[2]?.color).not.toBe(VERDICT_COLORS['too-large']);
  });

  it('the momentum preset (four runs, one verdict) gets four looks, no longer four alike', () => {
    const styles = runStyles(['too-large', 'too-large', 'too-large', 'too-large'], VERDICT_COLORS);
    expect(new Set(styles.map((s) => s.dash)).size).toBe(4);
    expect(new Set(styles.map((s) => s.color)).size).toBe(4);
  });

  it('while concealed, colours by row (none of the verdict colours) and solid', () => {
    const kinds: Kind[] = ['diverged', 'diverged', 'just-right', undefined, 'too-small'];
    const styles = runStyles(kinds, VERDICT_COLORS, true);
    expect(styles).toEqual(kinds.map((_, row) => ({ color: CONCEALED_COLORS[row], dash: '' })));
    for (const s of styles) expect(Object.values(VERDICT_COLORS)).not.toContain(s.color);
  });
});
