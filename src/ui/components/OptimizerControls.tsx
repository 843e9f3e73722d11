import { useId } from 'react';
import { OPTIMIZER_PARAMS, OPTIMIZERS, type OptimizerKind } from '../../core/optimizers';
import { DEFAULT_GAMMA, SCHEDULE_PARAMS, SCHEDULES, type ScheduleKind } from '../../core/schedules';
import { LIMITS, type LabState } from '../../url/state';
import { NumberField } from './NumberField';
import './panels.css';
import { useFormat } from '../format';

/** Optimizers named after their authors keep their names in every language. */
const PROPER_NAMES: Partial<Record<OptimizerKind, string>> = {
  adagrad: 'Adagrad',
  rmsprop: 'RMSProp',
  adam: 'Adam',
  adamw: 'AdamW',
};

/** The resource key of each schedule's name. */
const SCHEDULE_KEYS: Record<ScheduleKind, string> = {
  constant: 'optimizer.constant',
  step: 'optimizer.step',
  exp: 'optimizer.exp',
  cosine: 'optimizer.cosine',
};

interface Props {
  state: LabState;
  update: (change: Partial<LabState>) => void;
}

/** The optimizer and the learning-rate schedule, with the hyper-parameters each one reads. */
export function OptimizerControls({ state, update }: Props) {
  const { t } = useFormat();
  const optId = useId();
  const schedId = useId();
  const uses = OPTIMIZER_PARAMS[state.optimizer];
  const schedUses = SCHEDULE_PARAMS[state.schedule];
  return (
    <section className="controls" aria-label={t('optimizer.label')}>
      <p className="read">{t('optimizer.read')}</p>
      <span className="field">
        <button
          type="button"
          data-testid="per-run-optimizer"
          aria-pressed={state.runOptimizers.length > 0}
          onClick={() =>
            update({
              // Every run starts from the global optimizer, written out so that the rows can choose.
              runOptimizers:
                state.runOptimizers.length > 0
                  ? []
                  : state.lrs.map(() => ({ optimizer: state.optimizer })),
            })
          }
        >
          {state.runOptimizers.length > 0 ? t('optimizer.perRunOff') : t('optimizer.perRun')}
        </button>
        {state.runOptimizers.length > 0 && <small>{t('optimizer.perRunRead')}</small>}
      </span>
      <span className="field">
        <label htmlFor={optId}>{t('optimizer.optimizer')}</label>
        <select
          id={optId}
          value={state.optimizer}
          onChange={(e) =>
            update({
              optimizer: OPTIMIZERS.find((o) => o === e.currentTarget.value) ?? 'sgd',
            })
          }
        >
          {OPTIMIZERS.map((o) => (
            <option key={o} value={o}>
              {PROPER_NAMES[o] ?? t(`optimizer.${o}`)}
            </option>
          ))}
        </select>
      </span>
      {uses.includes('beta') && (
        <NumberField
          label={t('optimizer.beta')}
          value={state.beta}
          {...LIMITS.beta}
          step={0.05}
          onCommit={(beta) => update({ beta })}
        />
      )}
      {uses.includes('beta1') && (
        <NumberField
          label="β₁"
          value={state.beta1}
          {...LIMITS.beta}
          step={0.01}
          onCommit={(beta1) => update({ beta1 })}
        />
      )}
      {uses.includes('beta2') && (
        <NumberField
          label="β₂"
          value={state.beta2}
          {...LIMITS.beta2}
          step={0.001}
          onCommit={(beta2) => update({ beta2 })}
        />
      )}
      {uses.includes('rho') && (
        <NumberField
          label={t('optimizer.rho')}
          value={state.rho}
          {...LIMITS.beta2}
          step={0.01}
          onCommit={(rho) => update({ rho })}
        />
      )}
      {uses.includes('eps') && (
        <NumberField
          label="ε"
          value={state.eps}
          {...LIMITS.eps}
          onCommit={(eps) => update({ eps })}
        />
      )}
      {uses.includes('weightDecay') && (
        <NumberField
          label={t('optimizer.weightDecay')}
          value={state.weightDecay}
          {...LIMITS.weightDecay}
          step={0.01}
          onCommit={(weightDecay) => update({ weightDecay })}
        />
      )}
      <span className="field">
        <label htmlFor={schedId}>{t('optimizer.schedule')}</label>
        <select
          id={schedId}
          value={state.schedule}
          onChange={(e) => {
            const schedule = SCHEDULES.find((s) => s === e.currentTarget.value) ?? 'constant';
            // Each schedule has its own sensible γ (per 20 steps or per step).
            update({ schedule, gamma: DEFAULT_GAMMA[schedule] });
          }}
        >
          {SCHEDULES.map((s) => (
            <option key={s} value={s}>
              {t(SCHEDULE_KEYS[s])}
            </option>
          ))}
        </select>
      </span>
      {schedUses.includes('gamma') && (
        <NumberField
          label={t(state.schedule === 'exp' ? 'optimizer.gammaStep' : 'optimizer.gammaDecay')}
          value={state.gamma}
          {...LIMITS.gamma}
          step={0.01}
          onCommit={(gamma) => update({ gamma })}
        />
      )}
      {schedUses.includes('every') && (
        <NumberField
          label={t('optimizer.every')}
          value={state.every}
          {...LIMITS.every}
          integer
          onCommit={(every) => update({ every })}
        />
      )}
      <NumberField
        label={t('optimizer.warmup')}
        value={state.warmup}
        {...LIMITS.warmup}
        integer
        onCommit={(warmup) => update({ warmup })}
      />
    </section>
  );
}
