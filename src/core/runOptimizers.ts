import { OPTIMIZER_PARAMS, OPTIMIZERS, type OptimizerKind, type OptimizerSpec } from './optimizers';

/**
 * A run's own optimizer: its kind and the hyper-parameters it sets itself; those it leaves out come
 * from the experiment's (global) optimizer fields. So GD, momentum and Adam at one learning rate can
 * share one figure, each run with its own update rule.
 */
export type RunOptimizer = { readonly optimizer: OptimizerKind } & Partial<
  Omit<OptimizerSpec, 'optimizer'>
>;

/** An experiment's optimizer fields and the runs' own choices (null or missing: the experiment's). */
export interface RunOptimizerSpec extends OptimizerSpec {
  readonly runOptimizers: readonly (RunOptimizer | null)[];
}

type Param = Exclude<keyof OptimizerSpec, 'optimizer'>;

/** The hyper-parameters as the link spells them (the same names as their global fields). */
export const RUN_PARAM_NAMES = {
  beta: 'beta',
  beta1: 'b1',
  beta2: 'b2',
  rho: 'rho',
  eps: 'eps',
  weightDecay: 'wd',
} as const satisfies Record<Param, string>;

/** The optimizer run `i` trains with: its own choice over the experiment's fields. */
export function runOptimizerOf(exp: RunOptimizerSpec, i: number): OptimizerSpec {
  const own = exp.runOptimizers[i];
  const base: OptimizerSpec = {
    optimizer: exp.optimizer,
    beta: exp.beta,
    beta1: exp.beta1,
    beta2: exp.beta2,
    rho: exp.rho,
    eps: exp.eps,
    weightDecay: exp.weightDecay,
  };
  if (!own) return base;
  const out: Record<string, unknown> = { ...base, optimizer: own.optimizer };
  for (const p of Object.keys(RUN_PARAM_NAMES) as Param[]) {
    const v = own[p];
    if (v !== undefined) out[p] = v;
  }
  return out as unknown as OptimizerSpec;
}

/**
 * What makes two runs train alike: the kind and only the hyper-parameters that kind reads (plain
 * descent with β = 0.5 and with β = 0.9 is the same update), as a string.
 */
export function optimizerKey(spec: OptimizerSpec): string {
  return JSON.stringify([spec.optimizer, ...OPTIMIZER_PARAMS[spec.optimizer].map((p) => spec[p])]);
}

/** Whether run `i` trains with another optimizer than the experiment's own. */
export function hasOwnOptimizer(exp: RunOptimizerSpec, i: number): boolean {
  return optimizerKey(runOptimizerOf(exp, i)) !== optimizerKey(exp);
}

/** Whether some run of the experiment trains with another optimizer than another run. */
export function mixedOptimizers(
  exp: RunOptimizerSpec & { readonly lrs: readonly number[] },
): boolean {
  return optimizerGroups(exp, exp.lrs.length).length > 1;
}

/** Runs that train with one optimizer: its spec and their indices, in run order. */
export interface OptimizerGroup {
  readonly spec: OptimizerSpec;
  readonly runs: readonly number[];
}

/**
 * The runs of an experiment grouped by the optimizer they train with, groups in order of their first
 * run. Each group trains as one batch; since a run on cpu and wasm does not depend on the batch
 * around it, training the groups apart and putting the runs back in order changes no number.
 */
export function optimizerGroups(exp: RunOptimizerSpec, runs: number): OptimizerGroup[] {
  const groups = new Map<string, { spec: OptimizerSpec; runs: number[] }>();
  for (let i = 0; i < runs; i++) {
    const spec = runOptimizerOf(exp, i);
    const key = optimizerKey(spec);
    const g = groups.get(key);
    if (g) g.runs.push(i);
    else groups.set(key, { spec, runs: [i] });
  }
  return [...groups.values()];
}

/** The list with trailing "the experiment's" entries left out (so an unchanged figure keeps its link). */
export function trimRunOptimizers(list: readonly (RunOptimizer | null)[]): (RunOptimizer | null)[] {
  let end = list.length;
  while (end > 0 && !list[end - 1]) end--;
  return list.slice(0, end);
}

/**
 * One run's entry in the link: empty for the experiment's optimizer, else the kind followed by
 * `_name_value` for each hyper-parameter it sets (`adam_b1_0.8`), characters a link keeps as they are.
 */
export function serializeRunOptimizer(r: RunOptimizer | null): string {
  if (!r) return '';
  const parts: string[] = [r.optimizer];
  for (const p of Object.keys(RUN_PARAM_NAMES) as Param[]) {
    const v = r[p];
    if (v !== undefined) parts.push(RUN_PARAM_NAMES[p], String(v));
  }
  return parts.join('_');
}

/** Why an entry was refused: the text (clipped by the caller) and which part. */
export type RunOptimizerError =
  | { readonly kind: 'unknownOptimizer'; readonly raw: string }
  | { readonly kind: 'unknownParam'; readonly raw: string }
  | { readonly kind: 'badValue'; readonly raw: string };

/**
 * Reads one entry as `serializeRunOptimizer` writes it; `limits` bounds each hyper-parameter
 * (the global fields' limits). Never throws.
 */
export function parseRunOptimizer(
  raw: string,
  limits: Record<Param, { readonly min: number; readonly max: number }>,
): { ok: true; value: RunOptimizer | null } | { ok: false; error: RunOptimizerError } {
  if (raw === '') return { ok: true, value: null };
  const [kind = '', ...rest] = raw.split('_');
  const optimizer = OPTIMIZERS.find((o) => o === kind);
  if (!optimizer) return { ok: false, error: { kind: 'unknownOptimizer', raw: kind } };
  if (rest.length % 2 !== 0) return { ok: false, error: { kind: 'badValue', raw } };
  const out: Record<string, unknown> = { optimizer };
  for (let j = 0; j < rest.length; j += 2) {
    const name = rest[j]!;
    const text = rest[j + 1]!;
    const param = (Object.keys(RUN_PARAM_NAMES) as Param[]).find(
      (p) => RUN_PARAM_NAMES[p] === name,
    );
    if (!param) return { ok: false, error: { kind: 'unknownParam', raw: name } };
    const x = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
    const { min, max } = limits[param];
    if (!Number.isFinite(x) || x < min || x > max) {
      return { ok: false, error: { kind: 'badValue', raw: `${name}_${text}` } };
    }
    out[param] = x;
  }
  return { ok: true, value: out as RunOptimizer };
}
