import type { FromWorker } from '../protocol/messages';
import { setBackendLoader } from '../train/backend';
import { emulatedGpu } from './emulatedGpu';
import { browserTf, loadBackend } from './tfBrowser';
import { createTrainService } from './trainService';

/**
 * The training service with tfjs: a chunk of its own, which the worker entry imports once it has
 * answered what it can without tfjs (src/worker/firstResult.ts), so that an analytic scene's first
 * figure does not wait for tfjs to load.
 */
export function startService(post: (m: FromWorker) => void) {
  setBackendLoader(loadBackend);
  return createTrainService(browserTf, post, () => performance.now(), {
    origin: performance.timeOrigin,
    emulated: emulatedGpu,
  });
}
