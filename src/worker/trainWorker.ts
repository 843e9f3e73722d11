/// <reference lib="webworker" />
import type { DataMessage, Ping, ToWorker } from '../protocol/messages';
import { keepTable } from '../core/data/csv';
import { setBackendLoader } from '../train/backend';
import { emulatedGpu } from './emulatedGpu';
import { browserTf, loadBackend } from './tfBrowser';
import { createTrainService } from './trainService';

const scope = self as unknown as DedicatedWorkerGlobalScope;
setBackendLoader(loadBackend);
const service = createTrainService(
  browserTf,
  (m) => scope.postMessage(m),
  () => performance.now(),
  { origin: performance.timeOrigin, emulated: emulatedGpu },
);
scope.onmessage = (e: MessageEvent<ToWorker | Ping | DataMessage>) => {
  if (e.data.type === 'ping') scope.postMessage({ type: 'pong' });
  else if (e.data.type === 'data') keepTable(e.data.table);
  else service.receive(e.data);
};
scope.postMessage({ type: 'ready', at: performance.timeOrigin + performance.now() });
