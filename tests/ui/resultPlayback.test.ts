import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExperimentResult } from '../../src/protocol/results';
import type { Frame } from '../../src/ui/runInputs';
import {
  advanceStart,
  START,
  useResultPlayback,
  type StartInputs,
  type StartState,
} from '../../src/ui/hooks/useResultPlayback';

// Stand-ins: the start reads only whether a result or a streamed frame is there, and which one.
const result = (name: string) => ({ name }) as unknown as ExperimentResult;
const partial = (name: string) => ({ name }) as unknown as Frame;

/** Feeds the inputs render after render, as the page does; the actions taken, in order. */
function run(inputs: readonly StartInputs[], from: StartState = START) {
  let state = from;
  const actions: (string | undefined)[] = [];
  for (const now of inputs) {
    const next = advanceStart(state, now);
    actions.push(next.action);
    state = next.state;
    // A render with the same inputs changes nothing (the page's render-phase update must settle).
    expect(advanceStart(state, now).state).toBe(state);
  }
  return { state, actions };
}

describe('advanceStart', () => {
  const a = result('a');
  const b = result('b');

  it('plays a result there at the first render from step 0', () => {
    expect(run([{ result: a, steps: 40, streaming: undefined }]).actions).toEqual(['restart']);
  });

  it('plays the first result when it arrives, and keeps the cursor for later ones', () => {
    const { actions } = run([
      { result: undefined, steps: 40, streaming: undefined },
      { result: undefined, steps: 40, streaming: undefined },
      { result: a, steps: 40, streaming: undefined },
      // A slider moved: the figure redraws in place.
      { result: b, steps: 40, streaming: undefined },
    ]);
    expect(actions).toEqual([undefined, undefined, 'restart', undefined]);
  });

  it('leaves streamed curves at the end when their result arrives', () => {
    const { actions, state } = run([
      { result: undefined, steps: 300, streaming: undefined },
      { result: undefined, steps: 300, streaming: partial('p1') },
      { result: undefined, steps: 300, streaming: partial('p2') },
      { result: a, steps: 300, streaming: undefined },
    ]);
    expect(actions).toEqual([undefined, undefined, undefined, 'end']);
    expect(state.streamed).toBe(false);
  });

  it('after fromStart, plays the next result from step 0 again (a preset picked)', () => {
    const first = run([{ result: a, steps: 40, streaming: undefined }]).state;
    const { actions } = run(
      [
        { result: a, steps: 40, streaming: undefined },
        { result: b, steps: 40, streaming: undefined },
      ],
      { ...first, played: false },
    );
    // The same inputs change nothing; the next result starts.
    expect(actions).toEqual([undefined, 'restart']);
  });

  it('after a result, streams of later runs start nothing (the cursor stays)', () => {
    const { actions } = run([
      { result: a, steps: 300, streaming: undefined },
      { result: a, steps: 300, streaming: partial('p1') },
      { result: b, steps: 300, streaming: undefined },
    ]);
    expect(actions).toEqual(['restart', undefined, undefined]);
  });
});

describe('useResultPlayback', () => {
  afterEach(() => vi.unstubAllGlobals());

  /** The playback as the page's first render with `result` gives it (no effects run here). */
  function firstRender(reduced: boolean) {
    vi.stubGlobal('window', { matchMedia: () => ({ matches: reduced }) });
    let seen: { cursor: number; playing: boolean } | undefined;
    // One result object, as the page's state holds it from render to render.
    const a = result('a');
    function Probe() {
      const p = useResultPlayback(a, 40, undefined);
      seen = { cursor: p.cursor.get(), playing: p.playing };
      return null;
    }
    renderToStaticMarkup(createElement(Probe));
    return seen;
  }

  it('draws a result there at the first render playing from step 0, in that render', () => {
    // Started from an effect, this render would draw it paused (effects run after it).
    expect(firstRender(false)).toEqual({ cursor: 0, playing: true });
  });

  it('shows the end at once when the user prefers reduced motion', () => {
    expect(firstRender(true)).toEqual({ cursor: 40, playing: false });
  });
});
