import { DEFAULT_OPTIMIZER, type OptimizerSpec } from '../core/optimizers';
import { makeScene } from '../core/scenes';
import { sceneBands, type StabilityBands } from '../core/stability';
import type { LabState } from './state';

/**
 * The settings of the room rather than of the lesson: the device's backend and how the teacher set
 * the page up. Choosing a preset keeps them; everything else comes from the preset or its default.
 */
export const ROOM_KEYS = ['backend', 'present', 'hide', 'lock', 'reveal'] as const;
type RoomKey = (typeof ROOM_KEYS)[number];

/** What a preset sets; every field it does not name is at its default (as in a link without it). */
export type PresetChange = Partial<Omit<LabState, RoomKey>>;

export interface Preset {
  readonly id: string;
  readonly change: PresetChange;
}

/** The exact bands of the quadratic bowl; a bowl without them is a broken scene, said loudly. */
function bowlBands(kappa: number, spec: OptimizerSpec): StabilityBands {
  const bands = sceneBands(makeScene('quadratic', { kappa }), spec);
  if (!bands) throw new Error(`the quadratic bowl (κ = ${kappa}) has no stability bands`);
  return bands;
}

/** Three significant digits: a learning rate a link and a slide can both print. */
const round3 = (x: number) => Number(x.toPrecision(3));

/**
 * The thresholds lesson: two runs each side of 1/λmax (no overshoot below, overshoot above) and
 * each side of 2/λmax (converges below, diverges above), placed from the bowl's own λmax.
 */
const THRESHOLD_KAPPA = 10;
const PLAIN = bowlBands(THRESHOLD_KAPPA, DEFAULT_OPTIMIZER);
export const THRESHOLD_LRS = [
  0.9 * PLAIN.noOvershoot,
  1.1 * PLAIN.noOvershoot,
  0.95 * PLAIN.divergence,
  1.05 * PLAIN.divergence,
].map(round3);

/**
 * Momentum versus plain descent: the same four learning rates on a narrow bowl (κ = 30), first
 * with plain descent, then with heavy-ball momentum β = 0.5. The last one is beyond plain
 * descent's 2/λmax but inside momentum's 2(1 + β)/λmax = 3/λmax: it diverges without momentum
 * and converges with it; the small ones, which crawl along the flat direction, speed up.
 */
const VERSUS_KAPPA = 30;
const MOMENTUM_SPEC: OptimizerSpec = { ...DEFAULT_OPTIMIZER, optimizer: 'momentum', beta: 0.5 };
const VERSUS_PLAIN = bowlBands(VERSUS_KAPPA, DEFAULT_OPTIMIZER);
export const VERSUS_LRS = [0.15, 0.5, 0.95, 1.25].map((f) => round3(f * VERSUS_PLAIN.divergence));
const VERSUS: PresetChange = {
  scene: 'quadratic',
  kappa: VERSUS_KAPPA,
  lrs: VERSUS_LRS,
  steps: 100,
};

/**
 * Every lesson in one click, in the order of the presets bar and of the digit keys 1–9. Adding a
 * preset is adding an entry here and its `presets.name.<id>` and `presets.title.<id>` in
 * src/i18n/<language>/page.ts (tests/i18n/resources.test.ts fails until every language has them).
 *
 * Overfitting: 5 % of the cars for training (20 rows) and a network of 32 tanh units (193
 * parameters, ten per training row), trained full batch with Adam for 1500 steps: Adam moves
 * every weight at about the same pace, so the network memorises the 20 rows (training loss from
 * 0.50 to 4e-4) while the validation loss, lowest at step 9 (0.376), ends near 1.5 — about 4× its
 * minimum (tests/train/overfitPreset.test.ts). Plain descent on the same data reaches its
 * validation minimum in 1–3 steps and rises by only 1.2–1.4× in 2000 steps, or with larger steps
 * raises its loss and is called too large. η = 0.0018 sits in the middle of the rates whose loss
 * never rises (0.0017–0.002 on cpu and wasm, fused or not; 0.0022 rises once): the verdict says
 * just right, not a misleading too large. About 0.8 s for the 1500 steps on wasm, fused.
 * k-fold: five folds of three learning rates, trained as one batch.
 */
export const PRESETS = [
  { id: 'lecture', change: { scene: 'valley' } },
  { id: 'thresholds', change: { scene: 'quadratic', kappa: THRESHOLD_KAPPA, lrs: THRESHOLD_LRS } },
  { id: 'plain', change: VERSUS },
  {
    id: 'momentum',
    change: { ...VERSUS, optimizer: MOMENTUM_SPEC.optimizer, beta: MOMENTUM_SPEC.beta },
  },
  { id: 'sweep', change: { scene: 'valley', panel: 'sweep' } },
  {
    id: 'overfit',
    change: {
      scene: 'cars',
      split: { train: 0.05, val: 0.475, test: 0.475 },
      width: 32,
      depth: 1,
      steps: 1500,
      optimizer: 'adam',
      lrs: [0.0018],
    },
  },
  {
    id: 'kfold',
    change: {
      scene: 'cars',
      split: { train: 0.6, val: 0.2, test: 0.2 },
      width: 16,
      depth: 1,
      steps: 300,
      lrs: [0.003, 0.05, 0.3],
      folds: 5,
    },
  },
] as const satisfies readonly Preset[];

export type PresetId = (typeof PRESETS)[number]['id'];
export const PRESET_IDS: readonly PresetId[] = PRESETS.map((p) => p.id);

export function presetChange(id: PresetId): PresetChange {
  return PRESETS.find((p) => p.id === id)?.change ?? {};
}
