import { useState } from 'react';
import type { Access, ControlGroup } from '../../url/classroom';
import { LIMITS, type LabState } from '../../url/state';
import type { Format } from '../format';

/** What picking a learning rate in a panel does: the page's answer, and the runs, if they change. */
export type AddRunOutcome =
  | { readonly said: 'lrLocked' }
  | { readonly said: 'alreadyRun' }
  | { readonly said: 'runsFull' }
  | { readonly said: 'added'; readonly lrs: readonly number[] };

/**
 * A learning rate picked in a panel becomes a run, unless the teacher's link locked the learning
 * rates, it is a run already, or the runs are full (LIMITS.runs.max).
 */
export function addRunOutcome(lrs: readonly number[], lrAccess: Access, lr: number): AddRunOutcome {
  if (lrAccess !== 'open') return { said: 'lrLocked' };
  if (lrs.includes(lr)) return { said: 'alreadyRun' };
  if (lrs.length >= LIMITS.runs.max) return { said: 'runsFull' };
  return { said: 'added', lrs: [...lrs, lr] };
}

/** Adds a run for a learning rate picked in a panel; `said` is the page's answer under the runs. */
export function useAddRun(
  state: LabState,
  access: (group: ControlGroup) => Access,
  update: (change: Partial<LabState>) => void,
  f: Format,
) {
  const [said, setSaid] = useState('');
  const addRun = (lr: number) => {
    const outcome = addRunOutcome(state.lrs, access('lr'), lr);
    const values = { lr: f.lr(lr), max: LIMITS.runs.max, run: state.lrs.length + 1 };
    setSaid(f.t(`app.${outcome.said}`, values));
    if (outcome.said === 'added') update({ lrs: [...outcome.lrs] });
  };
  return { said, addRun };
}
