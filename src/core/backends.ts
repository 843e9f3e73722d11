/**
 * The names of tfjs' backends, as a link chooses one and the worker reports it: shared vocabulary
 * of the URL, the worker protocol and the page (docs/ARCHITECTURE.md, Layers and the arrows).
 */

/** Backends in fallback order: a forced backend that cannot start falls to the next one. */
export const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_ORDER)[number];

/** What a link may ask for: a backend by name, or `auto` (the fastest measured here). */
export const BACKEND_CHOICES = ['auto', ...BACKEND_ORDER] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
