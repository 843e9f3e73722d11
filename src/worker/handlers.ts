import type { RequestOf } from '../protocol/messages';
import type { AnalysisResult } from '../protocol/results';
import { runRangeTest, runSharpness, runSweep } from '../train/analysis';
import { runExperiment } from '../train/experiment';
import { resultKey, type Handlers, type ServiceContext } from './serviceContext';
import { handleTrain } from './trainHandler';

/**
 * A panel's analysis of the current experiment, on the backend training uses. It waits in the same
 * queue as training, after the result it belongs to, and is skipped when a newer one is asked for.
 */
async function analyse(
  msg: RequestOf<'analyse'>,
  ctx: ServiceContext,
  stale: () => boolean,
): Promise<void> {
  const { tf } = ctx;
  const { report } = await ctx.backends.ensure(msg);
  const hooks = { cancelled: stale, fused: report.fused };
  const { request, experiment } = msg;
  let result: AnalysisResult | null;
  if (request.kind === 'sweep') {
    result = await runSweep(tf, experiment, request.lrs, hooks);
  } else if (request.kind === 'range') {
    result = await runRangeTest(tf, experiment, request, hooks);
  } else {
    const trained =
      ctx.lastResult?.key === resultKey(msg, report.name)
        ? ctx.lastResult.result
        : await runExperiment(tf, experiment, { now: ctx.now, ...hooks }, ctx.surfaces);
    result = trained && (await runSharpness(tf, experiment, trained.runs));
  }
  if (result && !stale()) {
    ctx.post({ type: 'analysis', gen: msg.gen, backend: report.name, result });
  }
}

/**
 * The reproducibility check: the same experiment trained once more, from scratch, on the backend
 * named (the one that trained the result on screen), in the same queue as training.
 */
async function repeat(
  msg: RequestOf<'repeat'>,
  ctx: ServiceContext,
  stale: () => boolean,
): Promise<void> {
  const { report } = await ctx.backends.ensure(msg);
  const hooks = { now: ctx.now, cancelled: stale, fused: msg.fused };
  const result = await runExperiment(ctx.tf, msg.experiment, hooks);
  if (!result || stale()) return;
  ctx.post({
    type: 'repeat',
    gen: msg.gen,
    backend: report.name,
    losses: result.runs.map((r) => r.losses),
    fingerprint: result.fingerprint,
  });
}

/** What the worker does for each kind of request, and how it says that one failed. */
export const HANDLERS: Handlers = {
  train: {
    run: (msg, ctx, stale) => handleTrain(msg, ctx, stale),
    failed: (gen, error) => ({ type: 'error', gen, error }),
  },
  analyse: {
    run: analyse,
    failed: (gen, error) => ({ type: 'analysis-error', gen, error }),
  },
  repeat: {
    run: repeat,
    failed: (gen, error) => ({ type: 'repeat-error', gen, error }),
  },
};
