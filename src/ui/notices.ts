import type { TFunction } from 'i18next';
import type { en } from '../i18n/en';
import type {
  BackendReason,
  BackendReasonCode,
  BackendReasonValues,
  Cause,
  Notice,
  NoticeCode,
  NoticeValues,
  WorkerStop,
} from '../protocol/notices';

/** A message key of the groups the worker's codes are worded in (`en` has every key). */
type Key = `backend.${keyof typeof en.backend & string}` | `app.${keyof typeof en.app & string}`;

/** How one code is worded: its message key, and the key's `{{variables}}` from the code's values. */
interface Wording<V> {
  readonly key: Key;
  readonly values?: (v: V, t: TFunction) => Record<string, string>;
}

/**
 * Every reason the worker gives for its backend, with its key: a new code does not compile until
 * it is worded here (and its key exists in English, so in every language: tests/i18n).
 */
const REASONS: { readonly [C in BackendReasonCode]: Wording<BackendReasonValues[C]> } = {
  link: { key: 'backend.reasonLink' },
  fallback: { key: 'backend.reasonFallback', values: (v) => ({ forced: v.forced }) },
  probe: { key: 'backend.reasonProbe' },
  probeFused: { key: 'backend.reasonProbeFused' },
  remembered: { key: 'backend.reasonRemembered' },
  rememberedFused: { key: 'backend.reasonRememberedFused' },
  first: { key: 'backend.reasonFirst' },
  kept: { key: 'backend.reasonKept' },
};

/** Every notice, with its key (the same check as REASONS). */
const NOTICES: { readonly [C in NoticeCode]: Wording<NoticeValues[C]> } = {
  noStart: { key: 'backend.noticeNoStart', values: (v) => ({ name: v.backend }) },
  deviceLost: {
    key: 'backend.noticeLost',
    values: (v, t) => ({ name: v.backend, why: v.why ?? t('backend.noReason') }),
  },
  trainingFailed: {
    key: 'backend.noticeFailed',
    values: (v, t) => ({ name: v.backend, error: causeText(v.error, t) }),
  },
  switched: { key: 'backend.noticeSwitched', values: (v) => ({ to: v.to, from: v.from }) },
  workerRestarted: {
    key: 'app.workerRestarted',
    values: (v, t) => ({ why: workerStopText(v.why, t) }),
  },
};

function worded<V>(w: Wording<V>, v: V, t: TFunction): string {
  return t(w.key, w.values?.(v, t) ?? {});
}

/** Why the worker trains on its backend, in `t`'s language. */
export function reasonText(reason: BackendReason, t: TFunction): string {
  return worded(REASONS[reason.code] as Wording<BackendReason>, reason, t);
}

/** A notice from the worker (or the page's client), in `t`'s language. */
export function noticeText(notice: Notice, t: TFunction): string {
  return worded(NOTICES[notice.code] as Wording<Notice>, notice, t);
}

/** Why a worker was replaced; the browser's own error message is shown as it came. */
export function workerStopText(why: WorkerStop, t: TFunction): string {
  if (why.code === 'silent') return t('app.workerSilent');
  return why.message ?? t('app.workerCrashed');
}

/** Why something failed, in `t`'s language; an error's own text is shown as it came. */
export function causeText(cause: Cause, t: TFunction): string {
  switch (cause.code) {
    case 'thrown':
      return cause.message;
    case 'deviceLost':
      return t('backend.lostCause', { why: cause.why ?? t('backend.noReason') });
    case 'noBackend':
      // Each attempt's own notice after the fact that none is left, as one sentence each.
      return [t('backend.noBackend'), ...cause.notices.map((n) => noticeText(n, t))].join(' ');
    case 'keepsStopping':
      return t('app.workerKeepsStopping', { why: workerStopText(cause.why, t) });
  }
}
