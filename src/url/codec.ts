import { clip, FIELDS, PRESET_PARAM, type Field } from './fields';
import type { LinkMessage } from './message';
import { presetChange, ROOM_KEYS, type PresetId } from './presets';
import { LIMITS, type LabState } from './state';
import { CURRENT_VERSION } from '../core/experiment';

/**
 * The URL format's newest version, written as `v` (the `version` field of the table, first): a new
 * state has it, and a link keeps the one it was written at. Bump it (src/core/experiment.ts
 * EXPERIMENT_VERSIONS and VERSION_RULES) when a field changes meaning or an experiment's numbers
 * change.
 */
export const URL_VERSION = CURRENT_VERSION;

/** A part of the URL that was not used, and why: the notice names each one. */
export interface Rejection {
  readonly param: string;
  /** Why, as a resource key and values: the page says it in its own language (src/ui/components/Notices.tsx). */
  readonly message: LinkMessage;
}

const rejection = (param: string, message: LinkMessage): Rejection => ({ param, message });

export interface Decoded {
  readonly state: LabState;
  readonly rejected: readonly Rejection[];
}

type AnyField = Field<keyof LabState>;
const TABLE = FIELDS as readonly AnyField[];
const KNOWN = new Set<string>([PRESET_PARAM.param, ...TABLE.map((f) => f.param)]);

/**
 * Reads the state from a query string. Never throws: a field that is missing gets its default, a field
 * that is present but bad gets its default and a Rejection naming it. With `preset=<id>` the
 * defaults are the preset's: a field the link gives still wins over the preset.
 */
export function decode(search: string): Decoded {
  const rejected: Rejection[] = [];
  let query = search.startsWith('?') ? search.slice(1) : search;
  if (query.length > LIMITS.queryChars) {
    rejected.push(rejection('link', { key: 'tooLong', values: { max: LIMITS.queryChars } }));
    query = '';
  }
  const params = new URLSearchParams(query);
  const presetRaw = params.get(PRESET_PARAM.param);
  const preset = presetRaw === null ? undefined : PRESET_PARAM.parse(presetRaw);
  if (preset && !preset.ok) rejected.push(rejection(PRESET_PARAM.param, preset.message));
  const base: Partial<Record<keyof LabState, unknown>> = preset?.ok
    ? presetChange(preset.value)
    : {};
  const state: Partial<Record<keyof LabState, unknown>> = {};
  for (const field of TABLE) {
    const raw = params.get(field.param);
    const parsed = raw === null ? undefined : field.parse(raw, state as Partial<LabState>);
    if (parsed?.ok) {
      state[field.key] = parsed.value;
    } else {
      if (parsed && !parsed.ok && raw !== null) {
        rejected.push({ param: field.param, message: parsed.message });
      }
      state[field.key] =
        field.key in base ? base[field.key] : field.fallback(state as Partial<LabState>);
    }
  }
  for (const key of new Set(params.keys())) {
    if (!KNOWN.has(key)) rejected.push(rejection(clip(key), { key: 'unknownField', values: {} }));
    else if (params.getAll(key).length > 1) {
      rejected.push(rejection(key, { key: 'repeated', values: {} }));
    }
  }
  return { state: state as unknown as LabState, rejected };
}

/**
 * Writes every field that means something for this state, its version first (the one it was read
 * at: a state from a version-1 link stays version 1), so a link keeps its meaning if defaults
 * change later (fields that do not apply, such as β for plain SGD, are left out).
 */
export function encode(state: LabState): string {
  const params = new URLSearchParams();
  for (const field of TABLE) {
    if (field.applies && !field.applies(state)) continue;
    params.set(field.param, field.serialize(state[field.key]));
  }
  return params.toString().replace(/%2C/g, ',');
}

/**
 * The state a preset opens, as its short link `?preset=<id>` would, keeping the settings of the
 * room (backend, presenter mode, hidden and locked controls, reveal mode) from `current`.
 */
export function applyPreset(current: LabState, id: PresetId): LabState {
  const room: Partial<Record<keyof LabState, unknown>> = {};
  for (const key of ROOM_KEYS) room[key] = current[key];
  return { ...decode(`${PRESET_PARAM.param}=${id}`).state, ...room } as LabState;
}

/**
 * The preset whose state this is, if any (its button shows pressed). The version aside: a lesson
 * opened from a link written at an older version is still that lesson.
 */
export function presetOf(state: LabState, ids: readonly PresetId[]): PresetId | undefined {
  const link = encode(state);
  return ids.find((id) => encode({ ...applyPreset(state, id), version: state.version }) === link);
}
