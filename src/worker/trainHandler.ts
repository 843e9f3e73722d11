import { settingKey } from '../core/experiment';
import { makeScene } from '../core/scenes';
import { isNetworkScene } from '../core/scenes/cars';
import { contourPaths, contourPlot, type ContourPath } from '../geometry/contours';
import { FIGURE_HEIGHT, FIGURE_WIDTH } from '../geometry/figure';
import type { BackendReport, ExperimentRequest } from '../protocol/messages';
import type { Notice } from '../protocol/notices';
import type { ExperimentResult } from '../protocol/results';
import { backendMemory, NoBackendError, whenDeviceLost } from '../train/backend';
import { runExperiment } from '../train/experiment';
import { PARTIAL_EVERY_MS, throttle } from '../train/partial';
import { GRID_EXACT_BACKENDS, trainSliderGrid } from '../train/sliderGrid';
import { causeOf, Failure } from './failure';
import { resultKey, type ServiceContext } from './serviceContext';

/**
 * Trains the runs of a request and posts the result (with its progress, and a network's losses as
 * they come), then the slider grid. When training fails on a backend, that backend is marked broken
 * and the runs are trained again on the next one, with a notice saying so. `said`: notices to show
 * with the result (the idle probe's switch of backend).
 */
export async function handleTrain(
  msg: ExperimentRequest,
  ctx: ServiceContext,
  stale: () => boolean,
  said: readonly Notice[] = [],
): Promise<void> {
  const { tf, post, now, at, backends } = ctx;
  const notices: Notice[] = [...backends.takeNotices(), ...said];
  const taken = at();
  while (!stale()) {
    let chosen: Awaited<ReturnType<typeof backends.ensure>>;
    try {
      chosen = await backends.ensure(msg);
    } catch (err) {
      // Every backend failed: say why each training attempt did, not only that none is left.
      if (err instanceof NoBackendError) {
        throw new Failure({ code: 'noBackend', notices: [...notices, ...err.notices] });
      }
      throw err;
    }
    const { report, notices: more } = chosen;
    notices.push(...more);
    const started = at();
    // A network's runs take seconds: its losses are posted as they come, and its progress at
    // the same pace (one message per chunk would be a render of the page per chunk).
    const network = isNetworkScene(msg.experiment.scene);
    const steps = msg.experiment.steps;
    const progressDue = throttle(PARTIAL_EVERY_MS);
    const partialDue = throttle(PARTIAL_EVERY_MS);
    /** The steps of the last partial posted: its chunk's progress message would say no more. */
    let told = -1;
    let result: ExperimentResult | null;
    try {
      result = await trainOrLose(
        ctx,
        runExperiment(
          tf,
          msg.experiment,
          {
            now,
            cancelled: stale,
            fused: report.fused,
            onChunk: (stepsDone) => {
              if (stepsDone === told || stale()) return;
              if (!network || progressDue(now(), stepsDone >= steps)) {
                post({ type: 'progress', gen: msg.gen, stepsDone });
              }
            },
            // A newer request may have come in while the chunk was read back: its partials only.
            onPartial: (stepsDone, take) => {
              if (stale() || !partialDue(now(), stepsDone >= steps)) return;
              const { experiment, backend: choice } = msg;
              post({ type: 'partial', gen: msg.gen, experiment, choice, partial: take() });
              told = stepsDone;
            },
            onSurface: (fraction) =>
              post({
                type: 'progress',
                gen: msg.gen,
                stepsDone: msg.experiment.steps,
                surface: fraction,
              }),
          },
          ctx.surfaces,
        ),
      );
    } catch (err) {
      backends.trainingFailed(report.name);
      notices.push({ code: 'trainingFailed', backend: report.name, error: causeOf(err) });
      continue;
    }
    if (!result || stale()) return;
    const trained = at();
    ctx.lastResult = { key: resultKey(msg, report.name), result };
    const contours = contoursOf(ctx, msg, result);
    const traced = at();
    post({
      type: 'result',
      gen: msg.gen,
      choice: msg.backend,
      backend: report,
      notices,
      result,
      contours,
      memory: backendMemory(tf),
      ...(taken !== undefined && started !== undefined && trained !== undefined
        ? { timing: { taken, backend: started, trained, contours: traced ?? trained } }
        : {}),
    });
    // The figure is out: the other backends are measured once the worker is idle.
    ctx.toProbe = report.probeLater ? msg : undefined;
    try {
      await sendGrid(ctx, msg, report, stale);
    } catch {
      // The grid only speeds up slider previews; the exact runs above are what counts.
    }
    return;
  }
}

/**
 * Trains, but gives up as soon as the GPU device is lost: reading results back from a lost device
 * may never finish, and the run must go on elsewhere.
 */
function trainOrLose(ctx: ServiceContext, train: Promise<ExperimentResult | null>) {
  const lost = whenDeviceLost(ctx.tf);
  if (!lost) return train;
  return Promise.race([
    train,
    lost.then((why) => {
      throw new Failure({ code: 'deviceLost', ...(why === undefined ? {} : { why }) });
    }),
  ]);
}

/**
 * Contour lines of a 2-D surface, traced here once per surface: tracing takes tens of milliseconds,
 * which on the main thread would be a long task at every scene or κ change.
 */
function contoursOf(
  ctx: ServiceContext,
  msg: ExperimentRequest,
  result: ExperimentResult,
): ContourPath[] | undefined {
  const { surface, slice } = result;
  if (surface.dims !== 2) return undefined;
  let paths = ctx.contoured.get(surface);
  if (!paths) {
    const [xr = [0, 1], yr = [0, 1]] = slice
      ? [slice.window.alpha, slice.window.beta]
      : makeScene(msg.experiment.scene, msg.experiment).view;
    const view: [[number, number], [number, number]] = [
      [xr[0], xr[1]],
      [yr[0], yr[1]],
    ];
    paths = contourPaths(surface, contourPlot(FIGURE_WIDTH, FIGURE_HEIGHT, view));
    ctx.contoured.set(surface, paths);
  }
  return paths;
}

/** Every slider position trained on the backend of the runs, for instant previews of slider moves. */
async function sendGrid(
  ctx: ServiceContext,
  msg: ExperimentRequest,
  report: BackendReport,
  stale: () => boolean,
) {
  const backend = report.name;
  // Trained on the same path as the runs (fused or not), so that its rows are those runs.
  const key = `${settingKey(msg.experiment)}/${backend}/${report.fused}`;
  // A network's runs are drawn through their own slice: a grid row could not be drawn alone.
  if (key === ctx.gridFor || isNetworkScene(msg.experiment.scene)) return;
  const grid = await trainSliderGrid(ctx.tf, msg.experiment, {
    cancelled: stale,
    fused: report.fused,
  });
  if (grid && !stale()) {
    ctx.gridFor = key;
    const exact = GRID_EXACT_BACKENDS.includes(backend);
    ctx.post({ type: 'grid', gen: msg.gen, choice: msg.backend, backend, grid, exact });
  }
}
