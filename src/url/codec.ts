import { clip, FIELDS, type Field } from './fields';
import { englishOf, type LinkMessage } from './message';
import { LIMITS, type LabState } from './state';

/** The URL format's version, written as `v`. Bump it when a field changes meaning. */
export const URL_VERSION = 1;

/** A part of the URL that was not used, and why: the notice names each one. */
export interface Rejection {
  readonly param: string;
  /** In English. */
  readonly reason: string;
  /** The same as a resource key and values, for the page's language. */
  readonly message: LinkMessage;
}

const rejection = (param: string, message: LinkMessage): Rejection => ({
  param,
  reason: englishOf(message),
  message,
});

export interface Decoded {
  readonly state: LabState;
  readonly rejected: readonly Rejection[];
}

type AnyField = Field<keyof LabState>;
const TABLE = FIELDS as readonly AnyField[];
const KNOWN = new Set<string>(['v', ...TABLE.map((f) => f.param)]);

/**
 * Reads the state from a query string. Never throws: a field that is missing gets its default, a field
 * that is present but bad gets its default and a Rejection naming it.
 */
export function decode(search: string): Decoded {
  const rejected: Rejection[] = [];
  let query = search.startsWith('?') ? search.slice(1) : search;
  if (query.length > LIMITS.queryChars) {
    rejected.push(rejection('link', { key: 'tooLong', values: { max: LIMITS.queryChars } }));
    query = '';
  }
  const params = new URLSearchParams(query);
  const version = params.get('v');
  if (version !== null && version !== String(URL_VERSION)) {
    rejected.push(
      rejection('v', {
        key: 'unknownVersion',
        values: { raw: clip(version), version: URL_VERSION },
      }),
    );
  }
  const state: Partial<Record<keyof LabState, unknown>> = {};
  for (const field of TABLE) {
    const raw = params.get(field.param);
    const parsed = raw === null ? undefined : field.parse(raw, state as Partial<LabState>);
    if (parsed?.ok) {
      state[field.key] = parsed.value;
    } else {
      if (parsed && !parsed.ok && raw !== null) {
        rejected.push({ param: field.param, reason: parsed.reason, message: parsed.message });
      }
      state[field.key] = field.fallback(state as Partial<LabState>);
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
 * Writes every field that means something for this state, version first, so a link keeps its
 * meaning if defaults change later (fields that do not apply, such as β for plain SGD, are left out).
 */
export function encode(state: LabState): string {
  const params = new URLSearchParams();
  params.set('v', String(URL_VERSION));
  for (const field of TABLE) {
    if (field.applies && !field.applies(state)) continue;
    params.set(field.param, field.serialize(state[field.key]));
  }
  return params.toString().replace(/%2C/g, ',');
}
