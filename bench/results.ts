/** The shape of bench/results.json, and how a metric is judged against its target. */

export interface Target {
  readonly op: '>=' | '<=';
  readonly value: number;
}

export interface Metric {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target?: Target;
  /** Only for metrics with a target. */
  readonly pass?: boolean;
  /** What was measured, in a few words. */
  readonly note?: string;
}

export function metric(
  name: string,
  value: number,
  unit: string,
  extra: { target?: Target; note?: string } = {},
): Metric {
  const { target, note } = extra;
  const pass =
    target === undefined
      ? undefined
      : Number.isFinite(value) &&
        (target.op === '>=' ? value >= target.value : value <= target.value);
  return { name, value, unit, ...(target ? { target, pass } : {}), ...(note ? { note } : {}) };
}
