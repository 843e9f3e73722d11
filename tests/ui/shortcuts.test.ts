import { describe, expect, it } from 'vitest';
import { shortcutFor, type FocusKind } from '../../src/ui/shortcuts';
import { score } from '../../src/ui/prediction';

const press = (
  key: string,
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {},
) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  defaultPrevented: false,
  ...mods,
});

describe('keyboard shortcuts', () => {
  const on = (key: string, focus: FocusKind = 'other', presets = 7) =>
    shortcutFor(press(key), focus, presets);

  it('space plays or pauses, arrows step, digits pick presets, ? opens the list', () => {
    expect(on(' ')).toEqual({ kind: 'toggle-play' });
    expect(on('ArrowLeft')).toEqual({ kind: 'step', by: -1 });
    expect(on('ArrowRight')).toEqual({ kind: 'step', by: 1 });
    expect(on('1')).toEqual({ kind: 'preset', index: 0 });
    expect(on('7')).toEqual({ kind: 'preset', index: 6 });
    expect(on('?')).toEqual({ kind: 'help' });
  });

  it('digits past the last preset, 0 and other keys do nothing', () => {
    expect(on('8')).toBeUndefined();
    expect(on('9', 'other', 9)).toEqual({ kind: 'preset', index: 8 });
    expect(on('0')).toBeUndefined();
    expect(on('a')).toBeUndefined();
    expect(on('ArrowUp')).toBeUndefined();
  });

  it('nothing fires while typing in a field', () => {
    for (const key of [' ', 'ArrowLeft', 'ArrowRight', '1', '?']) {
      expect(on(key, 'text'), key).toBeUndefined();
    }
  });

  it('a focused slider keeps its arrows; space and digits still work there', () => {
    expect(on('ArrowLeft', 'slider')).toBeUndefined();
    expect(on('ArrowRight', 'slider')).toBeUndefined();
    expect(on(' ', 'slider')).toEqual({ kind: 'toggle-play' });
    expect(on('2', 'slider')).toEqual({ kind: 'preset', index: 1 });
  });

  it('a focused button keeps space (it presses the button)', () => {
    expect(on(' ', 'button')).toBeUndefined();
    expect(on('ArrowRight', 'button')).toEqual({ kind: 'step', by: 1 });
  });

  it('modifier keys and keys a control already used are left alone', () => {
    expect(shortcutFor(press('1', { ctrlKey: true }), 'other', 7)).toBeUndefined();
    expect(shortcutFor(press('ArrowLeft', { altKey: true }), 'other', 7)).toBeUndefined();
    expect(shortcutFor(press(' ', { metaKey: true }), 'other', 7)).toBeUndefined();
    expect(
      shortcutFor({ ...press('ArrowLeft'), defaultPrevented: true }, 'other', 7),
    ).toBeUndefined();
  });
});

describe('predict-then-reveal scoring', () => {
  it('counts right votes among runs with both a vote and a verdict', () => {
    // Four votes, the third wrong, the fourth run still training: 2 right of 3 judged.
    expect(
      score(
        ['too-small', 'just-right', 'diverged', 'diverged'],
        ['too-small', 'just-right', 'too-large', undefined],
      ),
    ).toEqual({ right: 2, judged: 3 });
    expect(score([undefined, 'too-large'], ['too-small', 'too-large'])).toEqual({
      right: 1,
      judged: 1,
    });
  });
});
