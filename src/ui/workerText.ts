import type { TFunction } from 'i18next';

/**
 * The worker and the backend chooser report in English sentences (they run without the page's
 * language, and their wording is pinned by their own tests). The page reads the known ones back
 * into message keys with their values, so they show in the page's language; anything else (an
 * error message from tfjs itself) is shown as it came.
 */
const PATTERNS: readonly { re: RegExp; key: string; names: readonly string[] }[] = [
  { re: /^chosen in the link$/, key: 'backend.reasonLink', names: [] },
  { re: /^(\w+) could not start$/, key: 'backend.reasonFallback', names: ['forced'] },
  { re: /^fastest in a measured probe$/, key: 'backend.reasonProbe', names: [] },
  // src/train/backend.ts adds ", fused" when the fused kernel won the probe.
  { re: /^fastest in a measured probe, fused$/, key: 'backend.reasonProbeFused', names: [] },
  {
    re: /^fastest in an earlier probe on this device$/,
    key: 'backend.reasonRemembered',
    names: [],
  },
  {
    re: /^fastest in an earlier probe on this device, fused$/,
    key: 'backend.reasonRememberedFused',
    names: [],
  },
  {
    re: /^On (\w+), the GPU device was lost \((.*)\); the next runs train on the next backend\.$/s,
    key: 'backend.noticeLost',
    names: ['name', 'why'],
  },
  {
    re: /^chosen at once for this kind of scene; the others are measured after the figure$/,
    key: 'backend.reasonFirst',
    names: [],
  },
  {
    re: /^chosen at once for this kind of scene; a probe after the figure found nothing faster$/,
    key: 'backend.reasonKept',
    names: [],
  },
  {
    re: /^A probe after the figure measured (\w+) faster than (\w+) here; the runs were trained again on \w+ \(the same runs from the same seed; the fingerprint is \w+'s\)\.$/,
    key: 'backend.noticeSwitched',
    names: ['to', 'from'],
  },
  {
    re: /^The (\w+) backend could not start here; trying the next one\.$/,
    key: 'backend.noticeNoStart',
    names: ['name'],
  },
  {
    re: /^Training on (\w+) failed \((.*)\); trained again from the seed on the next backend\.$/s,
    key: 'backend.noticeFailed',
    names: ['name', 'error'],
  },
  {
    re: /^The training worker stopped \((.*)\); started a new one\.$/s,
    key: 'app.workerRestarted',
    names: ['why'],
  },
];

/** A worker's sentence in the page's language where it is one the page knows. */
export function translateWorkerText(text: string, t: TFunction): string {
  for (const { re, key, names } of PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const values = Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? '']));
    return t(key, values);
  }
  return text;
}
