import type { LabState } from '../../url/state';
import type { Access, ControlGroup } from '../../url/classroom';
import type { PresetId } from '../../url/presets';
import { Gate } from '../components/Gate';
import { PresenterBar } from '../components/PresenterBar';
import { PresetsBar } from '../components/PresetsBar';
import { ViewControls } from '../components/ViewControls';

interface Props {
  state: LabState;
  update: (change: Partial<LabState>) => void;
  access: (group: ControlGroup) => Access;
  activePreset: PresetId | undefined;
  onPreset: (id: PresetId) => void;
  onShortcuts: () => void;
}

/**
 * One row above the figure: the name, the lessons, and how the page looks (language, colours,
 * presenter mode). It wraps on a phone, and the lessons scroll sideways rather than push the
 * figure down.
 */
export function TopBar({ state, update, access, activePreset, onPreset, onShortcuts }: Props) {
  return (
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
          onShortcuts={onShortcuts}
        />
      </div>
    </header>
  );
}
