import { useState } from 'react';
import { PRESET_IDS, type PresetId } from '../../url/presets';
import type { Access, ControlGroup } from '../../url/classroom';
import type { ShortcutKey } from '../shortcuts';
import { useShortcuts } from './useShortcuts';
import type { Playback } from './usePlayback';

/**
 * The lab's keys (space, arrows, digits, ?), minus those whose controls the teacher's link hid or
 * locked; returns whether the shortcuts list is open and which keys are off.
 */
export function useLabShortcuts(
  access: (group: ControlGroup) => Access,
  playback: Playback,
  pickPreset: (id: PresetId) => void,
) {
  const [help, setHelp] = useState(false);
  const off = new Set<ShortcutKey>([
    ...(access('playback') === 'open' ? [] : (['space', 'left', 'right'] as const)),
    ...(access('presets') === 'open' ? [] : (['digits'] as const)),
  ]);
  useShortcuts(PRESET_IDS.length, (a) => {
    if (a.kind === 'help') {
      setHelp(true);
      return true;
    }
    if (help) return false;
    if (a.kind === 'preset') {
      const id = PRESET_IDS[a.index];
      if (off.has('digits') || id === undefined) return false;
      pickPreset(id);
      return true;
    }
    if (off.has('space')) return false;
    if (a.kind === 'toggle-play') {
      if (playback.playing) playback.pause();
      else playback.play();
    } else if (a.by > 0) playback.step();
    else playback.scrub(playback.cursor.get() - 1);
    return true;
  });
  return { help, setHelp, off };
}
