import { useId } from 'react';
import { OPTIMIZER_PARAMS, OPTIMIZERS, type OptimizerKind } from '../../core/optimizers';
import { DEFAULT_GAMMA, SCHEDULE_PARAMS, SCHEDULES, type ScheduleKind } from '../../core/schedules';
import { LIMITS, type LabState } from '../../url/state';
import { NumberField } from './NumberField';

export const OPTIMIZER_NAMES: Record<OptimizerKind, string> = {
  sgd: 'Gradient descent (SGD)',
  momentum: 'Momentum (heavy ball)',
  nesterov: 'Nesterov momentum',
  adagrad: 'Adagrad',
  rmsprop: 'RMSProp',
  adam: 'Adam',
  adamw: 'AdamW',
};

export const SCHEDULE_NAMES: Record<ScheduleKind, string> = {
  constant: 'Constant',
  step: 'Step decay',
  exp: 'Exponential decay',
  cosine: 'Cosine',
};

interface Props {
  state: LabState;
  update: (change: Partial<LabState>) => void;
}

/** The optimizer and the learning-rate schedule, with the hyper-parameters each one reads. */
export function OptimizerControls({ state, update }: Props) {
  const optId = useId();
  const schedId = useId();
  const uses = OPTIMIZER_PARAMS[state.optimizer];
  const schedUses = SCHEDULE_PARAMS[state.schedule];
  return (
    <section className="controls" aria-label="Optimizer and schedule">
      <span className="field">
        <label htmlFor={optId}>Optimizer</label>
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
              {OPTIMIZER_NAMES[o]}
            </option>
          ))}
        </select>
      </span>
      {uses.includes('beta') && (
        <NumberField
          label="Momentum β"
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
          label="Decay ρ"
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
          label="Weight decay λ"
          value={state.weightDecay}
          {...LIMITS.weightDecay}
          step={0.01}
          onCommit={(weightDecay) => update({ weightDecay })}
        />
      )}
      <span className="field">
        <label htmlFor={schedId}>Schedule</label>
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
              {SCHEDULE_NAMES[s]}
            </option>
          ))}
        </select>
      </span>
      {schedUses.includes('gamma') && (
        <NumberField
          label={state.schedule === 'exp' ? 'γ per step' : 'γ per decay'}
          value={state.gamma}
          {...LIMITS.gamma}
          step={0.01}
          onCommit={(gamma) => update({ gamma })}
        />
      )}
      {schedUses.includes('every') && (
        <NumberField
          label="Decay every (steps)"
          value={state.every}
          {...LIMITS.every}
          integer
          onCommit={(every) => update({ every })}
        />
      )}
      <NumberField
        label="Warm-up steps"
        value={state.warmup}
        {...LIMITS.warmup}
        integer
        onCommit={(warmup) => update({ warmup })}
      />
    </section>
  );
}
