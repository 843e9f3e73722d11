import { DEFAULT_SEED } from '../rng';
import { carsScene, DEFAULT_DEPTH, DEFAULT_WIDTH } from './cars';
import { csvScene } from './csv';
import { formulaScene } from './formula';
import { himmelblauScene } from './himmelblau';
import { linregScene } from './linreg';
import { quadraticScene } from './quadratic';
import { rosenbrockScene } from './rosenbrock';
import { saddleScene } from './saddle';
import type { Scene, SceneId, SceneOptions } from './scene';
import { valleyScene } from './valley';

export type { Minimum, Scene, SceneId, SceneOptions } from './scene';
export { SCENE_IDS } from './scene';
export { isDataScene, type DataScene } from './linreg';
export { isModelScene, type ModelScene } from './cars';

/** The scene for an id and its options. */
export function makeScene(id: SceneId, options: SceneOptions): Scene {
  switch (id) {
    case 'valley':
      return valleyScene();
    case 'quadratic':
      return quadraticScene(options.kappa);
    case 'rosenbrock':
      return rosenbrockScene();
    case 'saddle':
      return saddleScene();
    case 'himmelblau':
      return himmelblauScene();
    case 'formula':
      return formulaScene(options.formula, options.domain);
    case 'linreg':
      return linregScene(options.seed ?? DEFAULT_SEED, options.split);
    case 'cars':
      return carsScene(options.seed ?? DEFAULT_SEED, options.split, options.width, options.depth);
    case 'csv':
      return csvScene(
        options.fileHash,
        options.targetCol ?? null,
        options.featureCols ?? null,
        options.seed ?? DEFAULT_SEED,
        options.split,
        options.width ?? DEFAULT_WIDTH,
        options.depth ?? DEFAULT_DEPTH,
      );
  }
}
