import { useMemo } from 'react';
import { pickExperiment } from '../../core/experiment';
import { makeScene } from '../../core/scenes';
import { accessOf, type ControlGroup } from '../../url/classroom';
import { analysisRequest } from '../analysisRequest';
import { useLabState } from './useLabState';
import { useLanguage } from './useLanguage';
import { useUserData } from './useUserData';

/**
 * The lab's parameters, the first stage of the page: the link's state (written back to the address
 * bar on every change), with a user's file applied, what the teacher's link hides or locks, the
 * page's language, the scene it names and what the open panel asks the worker to compute.
 */
export function useLab() {
  const { state: linked, rejected, update } = useLabState();
  // A link to a user's file trains on it once the file is chosen here (src/ui/hooks/useUserData.ts).
  const userData = useUserData(linked, update);
  const state = userData.effective;
  // The teacher's link hides or locks groups of controls.
  const access = (group: ControlGroup) => accessOf(state, group);
  const { i18n, f } = useLanguage(state);
  // A user's table is a scene of its file and columns, and its data depend on the seed and split.
  const sceneKey = state.scene === 'csv' ? JSON.stringify(pickExperiment(state)) : '';
  const scene = useMemo(
    () =>
      makeScene(
        state.scene,
        state.scene === 'csv'
          ? state
          : { kappa: state.kappa, formula: state.formula, domain: state.domain },
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state.scene, state.kappa, state.formula, state.domain, sceneKey],
  );
  const analysis = useMemo(() => analysisRequest(state, scene), [state, scene]);
  return { linked, rejected, update, userData, state, access, i18n, f, scene, analysis };
}

export type Lab = ReturnType<typeof useLab>;
