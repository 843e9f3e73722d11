import { PALETTES } from '../core/palettes';
import { DEFAULT_SEED } from '../core/rng';
import {
  DEFAULT_OPTIMIZER,
  OPTIMIZER_PARAMS,
  OPTIMIZERS,
  type OptimizerKind,
} from '../core/optimizers';
import {
  DEFAULT_GAMMA,
  DEFAULT_SCHEDULE,
  SCHEDULE_PARAMS,
  SCHEDULES,
  type ScheduleKind,
} from '../core/schedules';
import { CURRENT_VERSION, EXPERIMENT_VERSIONS, SLICE_KINDS } from '../core/experiment';
import {
  parseRunOptimizer,
  runOptimizerOf,
  serializeRunOptimizer,
  trimRunOptimizers,
} from '../core/runOptimizers';
import { makeScene, SCENE_IDS, type Scene, type SceneId } from '../core/scenes';
import { DEFAULT_DEPTH, DEFAULT_WIDTH, isNetworkScene } from '../core/scenes/cars';
import { CSV_LIMITS } from '../core/data/csv';
import { DATA_SCENES, DEFAULT_SPLIT } from '../core/scenes/linreg';
import { checkFormula, DEFAULT_FORMULA } from '../core/scenes/formula';
import { FORMULA_MAX_CHARS, type FormulaError, type FormulaErrorKind } from '../core/expr/parse';
import type { LinkItem, LinkMessage, LinkMessageKey } from './message';
import {
  BACKEND_CHOICES,
  LANG_CHOICES,
  LIMITS,
  PANELS,
  SWEEP_METRICS,
  type LabState,
} from './state';
import { CONTROL_GROUPS, REVEAL_MODES, type ControlGroup } from './classroom';
import { PRESET_IDS, type PresetId } from './presets';

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: LinkMessage };

/** One URL field: how to read it, write it, and what it is when absent or bad. */
export interface Field<K extends keyof LabState> {
  readonly key: K;
  /** The query parameter's name. */
  readonly param: string;
  /** `earlier` holds the fields before this one in the table (a start point needs the scene). */
  parse(raw: string, earlier: Partial<LabState>): Parsed<LabState[K]>;
  serialize(value: LabState[K]): string;
  /** The default may depend on fields earlier in the table (the default learning rates depend on the scene). */
  fallback(earlier: Partial<LabState>): LabState[K];
  /** Whether the field means anything for this state; links leave out those that do not. */
  applies?(state: LabState): boolean;
}

/** Untrusted text shown back to the user is clipped, so a huge parameter cannot flood the notice. */
export function clip(raw: string): string {
  return raw.length > 32 ? `${raw.slice(0, 32)}…` : raw;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
/** A refusal as a message key with its values (the page words it in its language). */
const bad = <T>(
  key: LinkMessageKey,
  values: Record<string, string | number> = {},
  item?: LinkItem,
): Parsed<T> => {
  return { ok: false, message: { key, values, item } };
};

/** A finite number written in plain decimal or exponent notation, nothing else ("0x10", "1e", " 3" are not). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(raw: string, min: number, max: number, integer: boolean): Parsed<number> {
  if (!NUMBER.test(raw)) return bad('notNumber', { raw: clip(raw) });
  const x = Number(raw);
  if (!Number.isFinite(x)) return bad('notFinite', { raw: clip(raw) });
  if (integer && !Number.isInteger(x)) return bad('notWhole', { raw });
  if (x < min || x > max) return bad('outside', { raw, min, max });
  return ok(x);
}

/** A comma-separated list of numbers, each within the limits. */
function parseList(
  raw: string,
  what: LinkItem,
  count: { min: number; max: number },
  limits: { min: number; max: number },
): Parsed<number[]> {
  const parts = raw.split(',');
  if (parts.length > count.max) {
    return bad('tooMany', { count: parts.length, what, max: count.max });
  }
  if (parts.length < count.min) {
    return bad('tooFew', { count: parts.length, what, min: count.min });
  }
  const out: number[] = [];
  for (const part of parts) {
    const x = parseNumber(part, limits.min, limits.max, false);
    if (!x.ok) return bad(x.message.key, x.message.values, what);
    out.push(x.value);
  }
  return ok(out);
}

function oneOf<T extends string>(choices: readonly T[], raw: string): Parsed<T> {
  const hit = choices.find((c) => c === raw);
  return hit === undefined
    ? bad('notOneOf', { raw: clip(raw), choices: choices.join(', ') })
    : ok(hit);
}

type NumberKey = {
  [K in keyof LabState]: LabState[K] extends number ? K : never;
}[keyof LabState];

const numberField = <K extends NumberKey>(
  key: K,
  param: string,
  limits: { min: number; max: number },
  integer: boolean,
  fallback: (earlier: Partial<LabState>) => number,
  applies?: (state: LabState) => boolean,
): Field<K> => ({
  key,
  param,
  parse: (raw) => parseNumber(raw, limits.min, limits.max, integer) as Parsed<LabState[K]>,
  serialize: (v) => String(v),
  fallback: (earlier) => fallback(earlier) as LabState[K],
  applies,
});

const choiceField = <K extends keyof LabState>(
  key: K,
  param: string,
  choices: readonly LabState[K][] & readonly string[],
  fallback: LabState[K] & string,
  applies?: (state: LabState) => boolean,
): Field<K> => ({
  key,
  param,
  parse: (raw) => oneOf(choices, raw) as Parsed<LabState[K]>,
  serialize: (v) => String(v),
  fallback: () => fallback,
  applies,
});

export { DEFAULT_SEED };
/** Condition number of the quadratic bowl: enough to show the zig-zag and the slow flat direction. */
export const DEFAULT_KAPPA = 10;

/**
 * The scene whose defaults and dimensions the later fields read, kept for the last (scene, κ,
 * formula): making the cars scene loads and standardises its data (about 2 ms), and one link asks
 * for it several times. Only read here; the learning rates are copied out (see the `lrs` field). A
 * user's table is not in the link, so its scene is not built here: its defaults are those of a
 * network (every network has them alike).
 */
let lastScene: { readonly key: string; readonly scene: Scene } | undefined;
const sceneOf = (earlier: Partial<LabState>): Scene => {
  const id = earlier.scene === 'csv' ? 'cars' : (earlier.scene ?? 'valley');
  const options = {
    kappa: earlier.kappa ?? DEFAULT_KAPPA,
    formula: earlier.formula,
    domain: earlier.domain,
  };
  const key = JSON.stringify([id, options]);
  if (lastScene?.key !== key) lastScene = { key, scene: makeScene(id, options) };
  return lastScene.scene;
};
const isFormula = (s: LabState) => s.scene === 'formula';

/** A formula's refusal as the link's message: where (1-based column) and what. */
export function formulaMessage(error: FormulaError): LinkMessage {
  const key = FORMULA_MESSAGE[error.kind];
  return { key, values: { col: error.column + 1, found: error.found, max: FORMULA_MAX_CHARS } };
}
const FORMULA_MESSAGE = {
  empty: 'formulaEmpty',
  tooLong: 'formulaTooLong',
  unexpected: 'formulaUnexpected',
  unclosed: 'formulaUnclosed',
  unknownName: 'formulaUnknownName',
  needsArgument: 'formulaNeedsArgument',
  notFinite: 'formulaNotFinite',
  tooComplex: 'formulaTooComplex',
} as const satisfies Record<FormulaErrorKind, LinkMessageKey>;

/**
 * A hyper-parameter field is written when the optimizer uses it, or when a run of its own
 * optimizer uses it without setting it (so it reads the global value).
 */
const optimizerUses = (param: (typeof OPTIMIZER_PARAMS)[OptimizerKind][number]) => (s: LabState) =>
  OPTIMIZER_PARAMS[s.optimizer].includes(param) ||
  s.runOptimizers.some(
    (r, i) =>
      r !== null &&
      i < s.lrs.length &&
      r[param] === undefined &&
      OPTIMIZER_PARAMS[runOptimizerOf(s, i).optimizer].includes(param),
  );
const scheduleUses = (param: 'gamma' | 'every') => (s: LabState) =>
  SCHEDULE_PARAMS[s.schedule].includes(param);
const sweeping = (s: LabState) => s.panel === 'sweep';
const learnsFromData = (s: LabState) => DATA_SCENES.includes(s.scene);
const isNetwork = (s: LabState) => isNetworkScene(s.scene);
const ownData = (s: LabState) => s.scene === 'csv';
/** Own data before a file is chosen (`?scene=csv` alone) writes no empty file fields. */
const chosenFile = (s: LabState) => ownData(s) && s.fileName !== '';

const booleanField = <K extends 'shuffle' | 'dropLast'>(
  key: K,
  param: string,
  fallback: boolean,
): Field<K> => ({
  key,
  param,
  parse: (raw) =>
    raw === '1' || raw === '0'
      ? ok((raw === '1') as LabState[K])
      : bad('notBinary', { raw: clip(raw) }),
  serialize: (v) => (v ? '1' : '0'),
  fallback: () => fallback as LabState[K],
  applies: learnsFromData,
});

/** A set of control groups, written in the table's order (so one lesson has one link). */
const groupsField = <K extends 'hide' | 'lock'>(key: K, param: string): Field<K> => ({
  key,
  param,
  parse: (raw) => {
    const named = new Set<ControlGroup>();
    for (const part of raw.split(',')) {
      const group = CONTROL_GROUPS.find((g) => g === part);
      if (group === undefined) {
        return bad('notGroup', { raw: clip(part), choices: CONTROL_GROUPS.join(', ') });
      }
      named.add(group);
    }
    return ok(CONTROL_GROUPS.filter((g) => named.has(g)) as LabState[K]);
  },
  serialize: (v) => v.join(','),
  fallback: () => [] as LabState[K],
  applies: (s) => s[key].length > 0,
});

/**
 * `preset=<id>`: a short link to a lesson. It is not a field of the state: it changes the defaults
 * every other field falls back to (a field the link also gives wins), and the page then writes the
 * full link in its place, so what is shared is the exact state, whatever later versions call
 * a preset. An unknown id opens the lab's own default, the lecture figure, with a notice naming it.
 */
export const PRESET_PARAM = {
  param: 'preset',
  parse(raw: string): Parsed<PresetId> {
    const id = PRESET_IDS.find((p) => p === raw);
    return id === undefined
      ? bad('unknownPreset', { raw: clip(raw), choices: PRESET_IDS.join(', ') })
      : ok(id);
  },
} as const;

/**
 * The table of URL fields, in parse order. Adding a field is adding a row here.
 */
export const FIELDS = [
  {
    // First, so a link starts with it. A link is read at the version it was written at (what each
    // version trains differently: VERSION_RULES in src/core/experiment.ts); without `v` (a short
    // link, a preset, a link typed by hand) at the newest. Any other value is refused, and the
    // link read at the newest version, with a notice saying so.
    key: 'version',
    param: 'v',
    parse: (raw) => {
      const version = EXPERIMENT_VERSIONS.find((v) => String(v) === raw);
      return version === undefined
        ? bad('unknownVersion', { raw: clip(raw), version: CURRENT_VERSION })
        : ok(version);
    },
    serialize: (v) => String(v),
    fallback: () => CURRENT_VERSION,
  } satisfies Field<'version'>,
  choiceField('scene', 'scene', SCENE_IDS, 'valley' as SceneId),
  numberField('kappa', 'kappa', LIMITS.kappa, false, () => DEFAULT_KAPPA),
  {
    // Before `fn`: whether a formula is finite is checked on its domain.
    key: 'domain',
    param: 'domain',
    parse: (raw) => {
      const parts = parseList(raw, 'domain', { min: 2, max: 4 }, LIMITS.start);
      if (!parts.ok) return parts;
      const d = parts.value;
      if (d.length === 3) return bad('tooFew', { count: 3, what: 'domain', min: 4 });
      for (let i = 0; i < d.length; i += 2) {
        if (!(d[i]! < d[i + 1]!)) return bad('domainOrder', { raw: clip(raw) });
      }
      return ok(d);
    },
    serialize: (v) => (v ?? []).map(String).join(','),
    fallback: () => null,
    applies: (s) => isFormula(s) && s.domain !== null,
  } satisfies Field<'domain'>,
  {
    key: 'formula',
    param: 'fn',
    parse: (raw, earlier) => {
      const checked = checkFormula(raw, earlier.domain);
      if (!checked.ok) return { ok: false, message: formulaMessage(checked.error) };
      return ok(raw);
    },
    serialize: (v) => v,
    fallback: () => DEFAULT_FORMULA,
    applies: isFormula,
  } satisfies Field<'formula'>,
  numberField('seed', 'seed', LIMITS.seed, true, () => DEFAULT_SEED),
  {
    key: 'lrs',
    param: 'lr',
    parse: (raw) => parseList(raw, 'lr', LIMITS.runs, LIMITS.lr),
    serialize: (v) => v.map(String).join(','),
    fallback: (earlier) => [...sceneOf(earlier).defaultLrs],
  } satisfies Field<'lrs'>,
  numberField('steps', 'steps', LIMITS.steps, true, (earlier) => sceneOf(earlier).defaultSteps),
  choiceField('backend', 'backend', BACKEND_CHOICES, 'auto'),
  numberField('noise', 'noise', LIMITS.noise, false, () => 0),
  choiceField('optimizer', 'opt', OPTIMIZERS, DEFAULT_OPTIMIZER.optimizer),
  numberField(
    'beta',
    'beta',
    LIMITS.beta,
    false,
    () => DEFAULT_OPTIMIZER.beta,
    optimizerUses('beta'),
  ),
  numberField(
    'beta1',
    'b1',
    LIMITS.beta,
    false,
    () => DEFAULT_OPTIMIZER.beta1,
    optimizerUses('beta1'),
  ),
  numberField(
    'beta2',
    'b2',
    LIMITS.beta2,
    false,
    () => DEFAULT_OPTIMIZER.beta2,
    optimizerUses('beta2'),
  ),
  numberField('rho', 'rho', LIMITS.beta2, false, () => DEFAULT_OPTIMIZER.rho, optimizerUses('rho')),
  numberField('eps', 'eps', LIMITS.eps, false, () => DEFAULT_OPTIMIZER.eps, optimizerUses('eps')),
  numberField(
    'weightDecay',
    'wd',
    LIMITS.weightDecay,
    false,
    () => DEFAULT_OPTIMIZER.weightDecay,
    optimizerUses('weightDecay'),
  ),
  choiceField('schedule', 'sched', SCHEDULES, DEFAULT_SCHEDULE.schedule),
  numberField(
    'warmup',
    'warmup',
    LIMITS.warmup,
    true,
    () => DEFAULT_SCHEDULE.warmup,
    (s) => s.warmup > 0,
  ),
  numberField(
    'gamma',
    'gamma',
    LIMITS.gamma,
    false,
    (earlier) => DEFAULT_GAMMA[earlier.schedule ?? ('constant' satisfies ScheduleKind)],
    scheduleUses('gamma'),
  ),
  numberField(
    'every',
    'every',
    LIMITS.every,
    true,
    () => DEFAULT_SCHEDULE.every,
    scheduleUses('every'),
  ),
  {
    // Each run's own optimizer, comma-separated in run order: empty for the global one (`opt`),
    // else `adam` or `momentum_beta_0.5` (src/core/runOptimizers.ts). Absent: every run the global.
    key: 'runOptimizers',
    param: 'ropt',
    parse: (raw) => {
      const parts = raw.split(',');
      if (parts.length > LIMITS.runs.max) {
        return bad('tooMany', { count: parts.length, what: 'ropt', max: LIMITS.runs.max });
      }
      const out = [];
      for (const part of parts) {
        const r = parseRunOptimizer(part, {
          beta: LIMITS.beta,
          beta1: LIMITS.beta,
          beta2: LIMITS.beta2,
          rho: LIMITS.beta2,
          eps: LIMITS.eps,
          weightDecay: LIMITS.weightDecay,
        });
        if (!r.ok) return bad('badRunOptimizer', { raw: clip(r.error.raw) }, 'ropt');
        out.push(r.value);
      }
      return ok(trimRunOptimizers(out));
    },
    serialize: (v) => trimRunOptimizers(v).map(serializeRunOptimizer).join(','),
    fallback: () => [],
    applies: (s) => trimRunOptimizers(s.runOptimizers.slice(0, s.lrs.length)).length > 0,
  } satisfies Field<'runOptimizers'>,
  {
    key: 'start',
    param: 'start',
    parse: (raw, earlier) => {
      const dims = sceneOf(earlier).dims;
      // A network's start is its seeded initialisation: thousands of numbers do not fit a link.
      if (dims > 2) return bad('networkStart');
      return parseList(raw, 'start', { min: dims, max: dims }, LIMITS.start);
    },
    serialize: (v) => (v ?? []).map(String).join(','),
    fallback: () => null,
    applies: (s) => s.start !== null,
  } satisfies Field<'start'>,
  {
    key: 'split',
    param: 'split',
    parse: (raw) => {
      const parts = parseList(raw, 'split', { min: 3, max: 3 }, { min: 0, max: 1 });
      if (!parts.ok) return parts;
      const [train = 0, val = 0, test = 0] = parts.value;
      if (Math.abs(train + val + test - 1) > 1e-9) return bad('notSumOne', { raw });
      if (!(train >= LIMITS.trainFraction.min)) {
        return bad('trainBelow', { train, min: LIMITS.trainFraction.min });
      }
      return ok({ train, val, test });
    },
    serialize: (v) => [v.train, v.val, v.test].map(String).join(','),
    fallback: () => DEFAULT_SPLIT,
    applies: learnsFromData,
  } satisfies Field<'split'>,
  numberField('batchSize', 'batch', LIMITS.batchSize, true, () => 0, learnsFromData),
  booleanField('shuffle', 'shuffle', true),
  booleanField('dropLast', 'droplast', false),
  numberField('patience', 'patience', LIMITS.patience, true, () => 0, learnsFromData),
  {
    key: 'folds',
    param: 'kfold',
    parse: (raw) => {
      const k = parseNumber(raw, LIMITS.folds.min, LIMITS.folds.max, true);
      return k.ok && k.value === 1 ? bad('oneFold') : k;
    },
    serialize: (v) => String(v),
    fallback: () => 0,
    applies: (s) => learnsFromData(s) && s.folds > 0,
  } satisfies Field<'folds'>,
  {
    // The file of a user's own data (scene=csv): its name, size and hash. The rows stay on the
    // reader's device; a reader who opens the link chooses the file, and its hash tells whether
    // it is the same one (src/ui/hooks/useUserData.ts).
    key: 'fileName',
    param: 'file',
    parse: (raw) =>
      raw.length > 0 && raw.length <= LIMITS.fileName
        ? ok(raw)
        : bad('badFileName', { max: LIMITS.fileName }),
    serialize: (v) => v,
    fallback: () => '',
    applies: chosenFile,
  } satisfies Field<'fileName'>,
  numberField('fileSize', 'fsize', { min: 0, max: CSV_LIMITS.bytes }, true, () => 0, chosenFile),
  {
    key: 'fileHash',
    param: 'fhash',
    parse: (raw) => (/^[0-9a-f]{16}$/.test(raw) ? ok(raw) : bad('badHash', { raw: clip(raw) })),
    serialize: (v) => v,
    fallback: () => '',
    applies: (s) => chosenFile(s) && s.fileHash !== '',
  } satisfies Field<'fileHash'>,
  {
    key: 'targetCol',
    param: 'ycol',
    parse: (raw) => parseNumber(raw, 0, CSV_LIMITS.columns - 1, true),
    serialize: (v) => String(v ?? ''),
    fallback: () => null,
    applies: (s) => ownData(s) && s.targetCol !== null,
  } satisfies Field<'targetCol'>,
  {
    key: 'featureCols',
    param: 'xcols',
    parse: (raw) => {
      const list = parseList(
        raw,
        'xcols',
        { min: 1, max: CSV_LIMITS.columns },
        { min: 0, max: CSV_LIMITS.columns - 1 },
      );
      if (!list.ok) return list;
      if (!list.value.every(Number.isInteger) || new Set(list.value).size !== list.value.length) {
        return bad('badColumns', { raw: clip(raw) });
      }
      return list;
    },
    serialize: (v) => (v ?? []).map(String).join(','),
    fallback: () => null,
    applies: (s) => ownData(s) && s.featureCols !== null,
  } satisfies Field<'featureCols'>,
  numberField('width', 'width', LIMITS.width, true, () => DEFAULT_WIDTH, isNetwork),
  choiceField('slice', 'slice', SLICE_KINDS, 'pca', isNetwork),
  numberField('depth', 'depth', LIMITS.depth, true, () => DEFAULT_DEPTH, isNetwork),
  choiceField('panel', 'panel', PANELS, 'none', (s) => s.panel !== 'none'),
  numberField('sweepCount', 'sweep', LIMITS.sweepCount, true, () => 64, sweeping),
  {
    key: 'sweepMin',
    param: 'smin',
    parse: (raw) => parseNumber(raw, LIMITS.lr.min, LIMITS.lr.max, false),
    serialize: (v) => String(v),
    fallback: () => null,
    applies: (s) => sweeping(s) && s.sweepMin !== null,
  } satisfies Field<'sweepMin'>,
  {
    key: 'sweepMax',
    param: 'smax',
    parse: (raw) => parseNumber(raw, LIMITS.lr.min, LIMITS.lr.max, false),
    serialize: (v) => String(v),
    fallback: () => null,
    applies: (s) => sweeping(s) && s.sweepMax !== null,
  } satisfies Field<'sweepMax'>,
  choiceField('sweepMetric', 'metric', SWEEP_METRICS, 'final', sweeping),
  {
    key: 'present',
    param: 'present',
    parse: (raw) =>
      raw === '1' || raw === '0' ? ok(raw === '1') : bad('notBinary', { raw: clip(raw) }),
    serialize: (v) => (v ? '1' : '0'),
    fallback: () => false,
    applies: (s) => s.present,
  } satisfies Field<'present'>,
  groupsField('hide', 'hide'),
  groupsField('lock', 'lock'),
  choiceField('reveal', 'reveal', REVEAL_MODES, 'always', (s) => s.reveal !== 'always'),
  // The view, not the experiment: written only when chosen, so a link without them follows the
  // reader's browser language and the notes' colours.
  choiceField('lang', 'lang', LANG_CHOICES, 'auto', (s) => s.lang !== 'auto'),
  choiceField('palette', 'palette', PALETTES, 'notes', (s) => s.palette !== 'notes'),
] as const;
