import { makeScene, SCENE_IDS, type SceneId } from '../core/scenes';
import { BACKEND_CHOICES, LIMITS, type LabState } from './state';

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** One URL field: how to read it, write it, and what it is when absent or bad. */
export interface Field<K extends keyof LabState> {
  readonly key: K;
  /** The query parameter's name. */
  readonly param: string;
  parse(raw: string): Parsed<LabState[K]>;
  serialize(value: LabState[K]): string;
  /** The default may depend on fields earlier in the table (the default learning rates depend on the scene). */
  fallback(earlier: Partial<LabState>): LabState[K];
}

/** Untrusted text shown back to the user is clipped, so a huge parameter cannot flood the notice. */
export function clip(raw: string): string {
  return raw.length > 32 ? `${raw.slice(0, 32)}…` : raw;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/** A finite number written in plain decimal or exponent notation, nothing else ("0x10", "1e", " 3" are not). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(raw: string, min: number, max: number, integer: boolean): Parsed<number> {
  if (!NUMBER.test(raw)) return bad(`"${clip(raw)}" is not a number`);
  const x = Number(raw);
  if (!Number.isFinite(x)) return bad(`"${clip(raw)}" is not finite`);
  if (integer && !Number.isInteger(x)) return bad(`${raw} is not a whole number`);
  if (x < min || x > max) return bad(`${raw} is outside ${min}…${max}`);
  return ok(x);
}

function oneOf<T extends string>(choices: readonly T[], raw: string): Parsed<T> {
  const hit = choices.find((c) => c === raw);
  return hit === undefined ? bad(`"${clip(raw)}" is not one of ${choices.join(', ')}`) : ok(hit);
}

const numberField = <K extends 'seed' | 'steps' | 'kappa' | 'noise'>(
  key: K,
  limits: { min: number; max: number },
  integer: boolean,
  fallback: number,
): Field<K> => ({
  key,
  param: key,
  parse: (raw) => parseNumber(raw, limits.min, limits.max, integer) as Parsed<LabState[K]>,
  serialize: (v) => String(v),
  fallback: () => fallback as LabState[K],
});

/** The seed of the study notes' homework code (`myseed = 42069`). */
export const DEFAULT_SEED = 42069;
export const DEFAULT_STEPS = 60;
/** Condition number of the quadratic bowl: enough to show the zig-zag and the slow flat direction. */
export const DEFAULT_KAPPA = 10;

/**
 * The table of URL fields, in parse order. Adding a field is adding a row here.
 */
export const FIELDS = [
  {
    key: 'scene',
    param: 'scene',
    parse: (raw) => oneOf<SceneId>(SCENE_IDS, raw),
    serialize: (v) => v,
    fallback: () => 'valley',
  } satisfies Field<'scene'>,
  numberField('seed', LIMITS.seed, true, DEFAULT_SEED),
  {
    key: 'lrs',
    param: 'lr',
    parse: (raw) => {
      const parts = raw.split(',');
      if (parts.length > LIMITS.runs.max) {
        return bad(`${parts.length} learning rates; at most ${LIMITS.runs.max}`);
      }
      const lrs: number[] = [];
      for (const part of parts) {
        const x = parseNumber(part, LIMITS.lr.min, LIMITS.lr.max, false);
        if (!x.ok) return bad(`learning rate ${x.reason}`);
        lrs.push(x.value);
      }
      return ok(lrs);
    },
    serialize: (v) => v.map(String).join(','),
    fallback: (earlier) =>
      makeScene(earlier.scene ?? 'valley', { kappa: DEFAULT_KAPPA }).defaultLrs,
  } satisfies Field<'lrs'>,
  numberField('steps', LIMITS.steps, true, DEFAULT_STEPS),
  {
    key: 'backend',
    param: 'backend',
    parse: (raw) => oneOf(BACKEND_CHOICES, raw),
    serialize: (v) => v,
    fallback: () => 'auto',
  } satisfies Field<'backend'>,
  numberField('kappa', LIMITS.kappa, false, DEFAULT_KAPPA),
  numberField('noise', LIMITS.noise, false, 0),
] as const;
