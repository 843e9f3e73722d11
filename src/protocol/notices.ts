import type { BackendName } from '../core/backends';

/**
 * What the worker tells the page, as codes with typed values: nothing crosses the worker boundary
 * as a sentence, and the page alone puts them into words, in its own language (src/ui/notices.ts,
 * one message key per code, checked by the compiler). Text that comes from elsewhere, such as an
 * error message of tfjs or of the browser, travels as a value and is shown as it came.
 * docs/ARCHITECTURE.md has the recipe for adding a code.
 */

/** Why the worker trains on the backend it reports, per code: the values each one carries. */
export interface BackendReasonValues {
  /** The link named the backend. */
  readonly link: object;
  /** The backend the link named could not start; this one is the next that did. */
  readonly fallback: { readonly forced: BackendName };
  /** `auto`: fastest in a probe just measured, op by op. */
  readonly probe: object;
  /** `auto`: fastest in a probe just measured, with the fused kernel. */
  readonly probeFused: object;
  /** `auto`: fastest in a probe on this device that the page remembers, op by op. */
  readonly remembered: object;
  /** `auto`: the same, with the fused kernel. */
  readonly rememberedFused: object;
  /** `auto`: its first choice for the kind of scene; the others are measured after the figure. */
  readonly first: object;
  /** `auto`: the first choice, which a probe after the figure did not beat. */
  readonly kept: object;
}
export type BackendReasonCode = keyof BackendReasonValues;
/** A reason: its code and its values. */
export type BackendReason = {
  readonly [C in BackendReasonCode]: { readonly code: C } & BackendReasonValues[C];
}[BackendReasonCode];

/** Why a worker was replaced (src/worker/client.ts). */
export type WorkerStop =
  /** It stopped answering, even a ping: closed or killed without an error event. */
  | { readonly code: 'silent' }
  /** Its error event, with the browser's message where it gave one. */
  | { readonly code: 'crashed'; readonly message?: string };

/** Why something failed: a thrown error's own text, or one of the faults the worker knows. */
export type Cause =
  /** An error's message, from tfjs, the browser or a check of the code; shown as it came. */
  | { readonly code: 'thrown'; readonly message: string }
  /** The GPU device was lost; `why` is the device's own reason and message, if it gave any. */
  | { readonly code: 'deviceLost'; readonly why?: string }
  /** No backend could start; `notices` are what each attempt at training said first. */
  | { readonly code: 'noBackend'; readonly notices: readonly Notice[] }
  /** The worker was replaced too often in a short while; the page must be reloaded. */
  | { readonly code: 'keepsStopping'; readonly why: WorkerStop };

/** Something the user should see next to the figure, per code: the values each one carries. */
export interface NoticeValues {
  /** A forced backend could not start; the next one in BACKEND_ORDER is tried. */
  readonly noStart: { readonly backend: BackendName };
  /** The GPU device of `backend` was lost while the worker was idle; the next runs go elsewhere. */
  readonly deviceLost: { readonly backend: BackendName; readonly why?: string };
  /** Training on `backend` failed; the same runs were trained from the seed on the next one. */
  readonly trainingFailed: { readonly backend: BackendName; readonly error: Cause };
  /** An idle-time probe measured `to` faster than `from`; the runs were trained again on `to`. */
  readonly switched: { readonly to: BackendName; readonly from: BackendName };
  /** The training worker stopped and a new one was started (the page's client says so). */
  readonly workerRestarted: { readonly why: WorkerStop };
}
export type NoticeCode = keyof NoticeValues;
/** A notice: its code and its values. */
export type Notice = {
  readonly [C in NoticeCode]: { readonly code: C } & NoticeValues[C];
}[NoticeCode];
