import type { i18n as I18n, TFunction } from 'i18next';

/**
 * How many translations one `t` remembers before it starts afresh. A page asks for a few hundred
 * strings; numbers passed in (a step, a count) add one each, so the memory is capped, not the keys.
 */
export const MEMO_SIZE = 4096;

type Options = Readonly<Record<string, unknown>>;

/** A text in a memory key, prefixed with its length so that no two calls share a key. */
const part = (text: string) => `${text.length}:${text}`;

/**
 * The memory's key for a call with a string key and options whose values are all primitives, else
 * undefined (such a call is translated every time: an object among the options, such as a `Trans`
 * component's, can change without the key seeing it). Numbers are keyed with -0 apart, as Intl
 * formats it apart.
 */
function memoKey(key: unknown, options: unknown): string | undefined {
  if (typeof key !== 'string') return undefined;
  if (options === undefined) return part(key);
  if (typeof options !== 'object' || options === null) return undefined;
  let out = part(key);
  for (const [k, v] of Object.entries(options as Options)) {
    const type = typeof v;
    if (type === 'object' || type === 'function' || type === 'symbol') {
      if (v !== null) return undefined;
    }
    out += part(k) + type[0] + part(Object.is(v, -0) ? '-0' : String(v));
  }
  return out;
}

/**
 * `t` that remembers its strings. i18next's own `t` resolves, interpolates and copies its options on
 * every call, and the page calls it hundreds of times a render: traced in Chromium, translating was
 * the largest part of the first result's render (about a sixth of the main thread's scripting
 * between the worker's first result and the page being done). Each `t` has its own memory, and
 * i18next makes a new one for a new language (react-i18next's `getFixedT`), so a string is never
 * taken from another language; the resources are bundled and never change after start.
 */
export function memoT(t: TFunction): TFunction {
  const memo = new Map<string, string>();
  const call = t as unknown as (...args: unknown[]) => unknown;
  const remembering = (key: unknown, options?: unknown, ...rest: unknown[]) => {
    const id = rest.length === 0 ? memoKey(key, options) : undefined;
    if (id === undefined) return call(key, options, ...rest);
    const known = memo.get(id);
    if (known !== undefined) return known;
    const value = call(key, options);
    if (typeof value === 'string') {
      if (memo.size >= MEMO_SIZE) memo.clear();
      memo.set(id, value);
    }
    return value;
  };
  // i18next's fixed `t` carries its language, namespace and key prefix as properties.
  return Object.assign(remembering, t) as unknown as TFunction;
}

/**
 * Makes every `t` that `instance.getFixedT` hands out for a named language (react-i18next's among
 * them) remember; a `t` without one follows the instance's language, and is left as it is.
 */
export function rememberTranslations(instance: I18n): void {
  const getFixedT = instance.getFixedT.bind(instance) as (...args: unknown[]) => TFunction;
  instance.getFixedT = ((...args: unknown[]) => {
    const t = getFixedT(...args);
    return typeof args[0] === 'string' ? memoT(t) : t;
  }) as I18n['getFixedT'];
}
