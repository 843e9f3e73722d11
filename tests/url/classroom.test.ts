import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/url/codec';
import { accessOf } from '../../src/url/classroom';
import { englishLinkMessage } from '../../src/i18n/linkMessage';

describe('classroom fields', () => {
  it('read presenter mode, hidden and locked groups and the reveal mode, and write them back', () => {
    const { state, rejected } = decode('present=1&hide=backend,lr,lr&lock=optimizer&reveal=vote');
    expect(rejected).toEqual([]);
    expect(state.present).toBe(true);
    // A set, in the table's order (presets, scene, lr, optimizer, data, analysis, playback, backend).
    expect(state.hide).toEqual(['lr', 'backend']);
    expect(state.lock).toEqual(['optimizer']);
    expect(state.reveal).toBe('vote');
    const link = new URLSearchParams(encode(state));
    expect(link.get('present')).toBe('1');
    expect(link.get('hide')).toBe('lr,backend');
    expect(link.get('lock')).toBe('optimizer');
    expect(link.get('reveal')).toBe('vote');
  });

  it('leave an ordinary page out of the link', () => {
    const link = new URLSearchParams(encode(decode('').state));
    for (const p of ['present', 'hide', 'lock', 'reveal', 'preset'])
      expect(link.has(p)).toBe(false);
  });

  it('name what they cannot read and fall back to an ordinary page', () => {
    const { state, rejected } = decode('present=yes&hide=lr,chalk&lock=&reveal=later');
    expect(rejected.map((r) => r.param).sort()).toEqual(['hide', 'lock', 'present', 'reveal']);
    expect(englishLinkMessage(rejected.find((r) => r.param === 'hide')!.message)).toContain(
      '"chalk"',
    );
    expect(state).toMatchObject({ present: false, hide: [], lock: [], reveal: 'always' });
  });

  it('hiding wins over locking', () => {
    const { state } = decode('hide=lr&lock=lr,data');
    expect(accessOf(state, 'lr')).toBe('hidden');
    expect(accessOf(state, 'data')).toBe('locked');
    expect(accessOf(state, 'optimizer')).toBe('open');
  });
});
