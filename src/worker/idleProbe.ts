import { BACKEND_ORDER, type BackendName } from '../core/backends';
import type { ProbePair, ProbeTimes } from '../protocol/backends';
import type { BackendReport } from '../protocol/messages';
import {
  pickAfterProbe,
  PROBE_GIVE_UP_RATIO,
  startBackend,
  type BackendChoiceResult,
} from '../train/backend';
import { probeStepMs } from '../train/experiment';
import { fusedApplies } from '../train/fused/register';
import type { ServiceContext } from './serviceContext';
import { handleTrain } from './trainHandler';

export interface ProbeHooks {
  /** The generation of the latest training request: an older one's probe is stale. */
  readonly latestTrain: () => number;
  /** Another request is waiting: the probe gives way (and is tried at the next idle moment). */
  readonly busy: () => boolean;
  /** Whether a backend's GPU is emulated on the CPU (src/worker/emulatedGpu.ts). */
  readonly emulated: (name: BackendName) => Promise<boolean>;
}

/**
 * `auto`'s probe, off the critical path: every (backend, fused) pair is timed on the request's
 * workload once the worker is idle, one pair at a time, and given up (to be tried at the next idle
 * moment) as soon as another request arrives. The pair in use is kept unless the probe measured
 * another one faster (src/train/backend.ts `pickAfterProbe`); then the runs on screen are trained
 * again on it, with a notice saying so, so that the figure and its fingerprint are the ones a
 * reload will give (the page remembers the probe's choice).
 */
export async function probeIdle(ctx: ServiceContext, hooks: ProbeHooks): Promise<void> {
  const { tf, now, backends } = ctx;
  const msg = ctx.toProbe;
  const current = backends.current;
  if (!msg || !current || msg.gen !== hooks.latestTrain()) return;
  const stale = () => msg.gen !== hooks.latestTrain();
  const interrupted = () => hooks.busy() || stale();
  const pairs: ProbePair[] = [];
  const probe: ProbeTimes = {};
  const skipped: BackendName[] = [];
  // The pair in use first: its time bounds how long a slower pair is timed.
  const order = [current.name, ...BACKEND_ORDER.filter((name) => name !== current.name)];
  for (const name of order) {
    if (interrupted()) return;
    if (backends.isBroken(name)) continue;
    if (await hooks.emulated(name).catch(() => false)) {
      skipped.push(name);
      continue;
    }
    if (!(await startBackend(tf, name))) continue;
    const fusedFirst = name === current.name && current.fused;
    const ways = !fusedApplies(tf, msg.experiment.scene)
      ? [false]
      : fusedFirst
        ? [true, false]
        : [false, true];
    for (const fused of ways) {
      if (interrupted()) return;
      const best = Math.min(...pairs.map((p) => p.ms).filter(Number.isFinite));
      try {
        const ms = await probeStepMs(tf, msg.experiment, now, fused, best * PROBE_GIVE_UP_RATIO);
        pairs.push({ backend: name, fused, ms });
        probe[name] = Math.min(probe[name] ?? Infinity, ms);
      } catch {
        // A path that cannot run the workload is simply not a candidate.
      }
    }
  }
  ctx.toProbe = undefined;
  const folds = Math.max(1, msg.experiment.folds);
  const picked = pickAfterProbe(
    pairs,
    { backend: current.name, fused: current.fused },
    msg.experiment.steps * folds,
  );
  if (!picked || !(await startBackend(tf, picked.pick.backend))) {
    backends.drop();
    return;
  }
  const { pick, kept } = picked;
  const chosen: BackendChoiceResult = {
    name: pick.backend,
    reason: { code: kept ? 'kept' : pick.fused ? 'probeFused' : 'probe' },
    notices: [],
    probe,
    fused: kept ? current.fused : pick.fused,
    pairs,
    ...(skipped.length ? { emulated: skipped } : {}),
  };
  const report: BackendReport = {
    name: chosen.name,
    reason: chosen.reason,
    probe,
    fused: chosen.fused ?? true,
    pairs,
    ...(chosen.emulated ? { emulated: chosen.emulated } : {}),
  };
  backends.adopt(msg, chosen, report);
  if (kept) {
    ctx.post({ type: 'probe', gen: msg.gen, scene: msg.experiment.scene, backend: report });
  } else {
    await handleTrain(msg, ctx, stale, [
      { code: 'switched', to: pick.backend, from: current.name },
    ]);
  }
}
