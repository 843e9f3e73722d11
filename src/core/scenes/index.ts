import { quadraticScene } from './quadratic';
import type { Scene, SceneId, SceneOptions } from './scene';
import { valleyScene } from './valley';

export type { Scene, SceneId, SceneOptions, Thresholds } from './scene';
export { SCENE_IDS } from './scene';

/** The scene for an id and its options. */
export function makeScene(id: SceneId, options: SceneOptions): Scene {
  switch (id) {
    case 'valley':
      return valleyScene();
    case 'quadratic':
      return quadraticScene(options.kappa);
  }
}
