import type { ToWorker } from './messages';

const NAME = 'lr-lab-trainer';

type TrainRequest = ToWorker & { readonly type: 'train' };

/**
 * The training worker's name (WorkerOptions.name), carrying the training request it is started
 * for. A message posted to a worker that is still loading is held by the page and handed over by
 * the page's main thread once the worker's script has run, and that thread is then busy with its
 * first render: in a Chromium trace of a fresh page the worker had been ready 80 to 450 ms before
 * the page's first request reached it. Its name is readable from the worker's first line
 * (`requestInName`), so the worker entry starts on that request at once; the same request is
 * posted as well, and the entry does not take it twice (src/worker/trainWorker.ts).
 */
export const workerName = (first: ToWorker | undefined): string =>
  first?.type === 'train' ? `${NAME} ${JSON.stringify(first)}` : NAME;

/** The training request a worker's name carries, if it carries one that reads as such. */
export function requestInName(name: string): TrainRequest | undefined {
  if (!name.startsWith(`${NAME} `)) return undefined;
  try {
    const m = JSON.parse(name.slice(NAME.length + 1)) as Partial<TrainRequest> | null;
    return m?.type === 'train' && typeof m.gen === 'number' && typeof m.experiment === 'object'
      ? (m as TrainRequest)
      : undefined;
  } catch {
    return undefined;
  }
}
