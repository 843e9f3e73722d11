/// <reference lib="webworker" />
import type { Ping, ToWorker } from './protocol';
import { setBackendLoader } from '../train/backend';
import { browserTf, loadBackend } from './tfBrowser';
import { createTrainService } from './trainService';

const scope = self as unknown as DedicatedWorkerGlobalScope;
setBackendLoader(loadBackend);
const service = createTrainService(
  browserTf,
  (m) => scope.postMessage(m),
  () => performance.now(),
  { origin: performance.timeOrigin },
);
scope.onmessage = (e: MessageEvent<ToWorker | Ping>) =>
  e.data.type === 'ping' ? scope.postMessage({ type: 'pong' }) : service.receive(e.data);
scope.postMessage({ type: 'ready', at: performance.timeOrigin + performance.now() });
