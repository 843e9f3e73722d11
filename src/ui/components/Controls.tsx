import { useId, useState } from 'react';
import { makeScene, SCENE_IDS, type SceneId } from '../../core/scenes';
import { BACKEND_CHOICES, LIMITS, type BackendChoice, type LabState } from '../../url/state';
import type { Access, ControlGroup } from '../../url/classroom';
import { Gate } from './Gate';
import { NumberField } from './NumberField';
import { FormulaField } from './FormulaField';
import { shareUrl } from '../shareUrl';
import { useFormat } from '../format';

interface Props {
  state: LabState;
  update: (change: Partial<LabState>) => void;
  /** How the teacher's link offers the scene's and the backend's controls (all open if absent). */
  access?: (group: ControlGroup) => Access;
  /** The scene the link names, when the page shows another meanwhile (a user's file not chosen yet). */
  shownScene?: SceneId;
}

const OPEN = (): Access => 'open';

/** The experiment's settings: scene, its knobs, steps, seed, noise and backend. */
export function Controls({ state, update, access = OPEN, shownScene }: Props) {
  const { t } = useFormat();
  const sceneId = useId();
  const backendId = useId();
  const kappaId = useId();
  return (
    <section className="controls" aria-label={t('controls.label')}>
      <Gate access={access('scene')}>
        <span className="field">
          <label htmlFor={sceneId}>{t('controls.scene')}</label>
          <select
            id={sceneId}
            value={shownScene ?? state.scene}
            onChange={(e) => {
              const scene = SCENE_IDS.find((s) => s === e.currentTarget.value) ?? 'valley';
              // A new scene brings its own default learning rates, steps and start: the old ones mean
              // nothing there.
              // A user's table (not chosen yet) is a network: it starts from a network's defaults.
              const s = makeScene(scene === 'csv' ? 'cars' : scene, state);
              update({ scene, lrs: [...s.defaultLrs], steps: s.defaultSteps, start: null });
            }}
          >
            {SCENE_IDS.map((s) => (
              <option key={s} value={s}>
                {t(`scene.${s}`)}
              </option>
            ))}
          </select>
        </span>
        {state.scene === 'formula' && <FormulaField state={state} update={update} />}
        {state.scene === 'quadratic' && (
          <span className="field">
            <label htmlFor={kappaId}>{t('controls.kappa', { kappa: state.kappa })}</label>
            <input
              id={kappaId}
              type="range"
              min={0}
              max={3}
              step={0.05}
              value={Math.log10(state.kappa)}
              aria-valuetext={`κ = ${state.kappa}`}
              onChange={(e) =>
                update({ kappa: Number((10 ** Number(e.currentTarget.value)).toPrecision(3)) })
              }
            />
          </span>
        )}
        <NumberField
          label={t('controls.steps')}
          value={state.steps}
          min={LIMITS.steps.min}
          max={LIMITS.steps.max}
          integer
          onCommit={(steps) => update({ steps })}
        />
        <NumberField
          label={t('controls.seed')}
          value={state.seed}
          min={LIMITS.seed.min}
          max={LIMITS.seed.max}
          integer
          onCommit={(seed) => update({ seed })}
        />
        <NumberField
          label={t('controls.noise')}
          value={state.noise}
          min={LIMITS.noise.min}
          max={LIMITS.noise.max}
          step={0.1}
          onCommit={(noise) => update({ noise })}
        />
      </Gate>
      <Gate access={access('backend')}>
        <span className="field">
          <label htmlFor={backendId}>{t('controls.backend')}</label>
          <select
            id={backendId}
            value={state.backend}
            onChange={(e) =>
              update({
                backend: BACKEND_CHOICES.find((b) => b === e.currentTarget.value) ?? 'auto',
              })
            }
          >
            {BACKEND_CHOICES.map((b: BackendChoice) => (
              <option key={b} value={b}>
                {b === 'auto' ? t('controls.auto') : b}
              </option>
            ))}
          </select>
        </span>
      </Gate>
      {state.start !== null && (
        <Gate access={access('scene')}>
          <span className="field">
            <button type="button" onClick={() => update({ start: null })}>
              {t('controls.startAgain')}
            </button>
          </span>
        </Gate>
      )}
      <CopyLink state={state} />
    </section>
  );
}

/** Copies the link of the current state (the address bar may be a moment behind a dragged slider). */
function CopyLink({ state }: { state: LabState }) {
  const { t } = useFormat();
  // The key, not the sentence: a language switch after copying re-says it in the new language.
  const [said, setSaid] = useState<'' | 'controls.copied' | 'controls.copyBlocked'>('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(shareUrl(state));
      setSaid('controls.copied');
    } catch {
      setSaid('controls.copyBlocked');
    }
  };
  return (
    <span className="field">
      <button type="button" onClick={() => void copy()}>
        {t('controls.copyLink')}
      </button>
      <span role="status" className="said" data-testid="copy-said">
        {said && t(said)}
      </span>
    </span>
  );
}
