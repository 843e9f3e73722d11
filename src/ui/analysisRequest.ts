import type { Scene } from '../core/scenes';
import { sweepLrs } from '../core/sweep';
import type { LabState } from '../url/state';
import type { AnalysisRequest } from '../protocol/messages';

/** The scene's slider range as learning rates [10^lo, 10^hi]. */
export function lrBounds(scene: Scene): [number, number] {
  return [10 ** scene.lrRange[0], 10 ** scene.lrRange[1]];
}

/** What the open panel needs the worker to compute; undefined when no panel is open. */
export function analysisRequest(state: LabState, scene: Scene): AnalysisRequest | undefined {
  const [lo, hi] = lrBounds(scene);
  switch (state.panel) {
    case 'none':
      return undefined;
    case 'sharpness':
      return { kind: 'sharpness' };
    case 'sweep':
      return {
        kind: 'sweep',
        lrs: sweepLrs(state.sweepMin ?? lo, state.sweepMax ?? hi, state.sweepCount),
      };
    case 'range':
      return { kind: 'range', min: lo, max: hi };
  }
}
