import { useMemo } from 'react';
import type { LabState } from '../../url/state';
import type { Access, ControlGroup } from '../../url/classroom';
import { presetOf } from '../../url/codec';
import { PRESET_IDS, type PresetId } from '../../url/presets';
import { Gate } from '../components/Gate';
import { PresenterBar } from '../components/PresenterBar';
import { PresetsBar } from '../components/PresetsBar';
import { ShortcutsDialog } from '../components/ShortcutsDialog';
import { ViewControls } from '../components/ViewControls';
import { useLabShortcuts } from '../hooks/useLabShortcuts';
import type { Playback } from '../hooks/usePlayback';

interface Props {
  state: LabState;
  update: (change: Partial<LabState>) => void;
  access: (group: ControlGroup) => Access;
  onPreset: (id: PresetId) => void;
  /** What the keys play, pause and step (space and the arrows). */
  playback: Playback;
}

/**
 * One row above the figure: the name, the lessons, and how the page looks (language, colours,
 * presenter mode). It wraps on a phone, and the lessons scroll sideways rather than push the
 * figure down. The keys that pick a lesson or drive playback, and their list, are the classroom's
 * too: they are set here.
 */
export function TopBar({ state, update, access, onPreset, playback }: Props) {
  // The preset comparison waits for a new state, not every render of the page.
  const activePreset = useMemo(() => presetOf(state, PRESET_IDS), [state]);
  const keys = useLabShortcuts(access, playback, onPreset);
  return (
    <>
      <header className="topbar">
        <h1>lr-lab</h1>
        <Gate access={access('presets')}>
          <PresetsBar active={activePreset} onPick={onPreset} />
        </Gate>
        <div className="topbar-end">
          <ViewControls state={state} update={update} />
          <PresenterBar
            present={state.present}
            onPresent={(present) => update({ present })}
            onShortcuts={() => keys.setHelp(true)}
          />
        </div>
      </header>
      <ShortcutsDialog open={keys.help} onClose={() => keys.setHelp(false)} off={keys.off} />
    </>
  );
}
