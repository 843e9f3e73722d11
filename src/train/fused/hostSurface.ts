import { compileProgram, lanesOf, runProgramLanes32 } from '../../core/expr/program';
import type { Experiment } from '../../core/experiment';
import { isDataScene, type Scene } from '../../core/scenes';
import { curvePoints, GRID_SIDE, gridPoints } from '../../core/surfacePoints';
import type { Surface } from '../../protocol/results';
import { analyticSpec, isFusedScene, type AnalyticSpec } from './analyticKernel';

/*
 * A scene's surface on the host, whatever backend trains its runs: as tfjs ops on a GPU backend it
 * compiled a program per op of the loss for one evaluation per scene (on WebGPU through
 * SwiftShader 0.3–1.3 s a page). An analytic scene's is the cpu backend's bits: each node of the
 * loss tree is rounded to float32 as a tfjs op rounds its result (tests/train/hostSurface.test.ts
 * holds them to the cpu backend's batched loss); the worker entry draws the first figure with it
 * before tfjs has loaded (src/worker/firstResult.ts). linreg's is its float64 loss, rounded once.
 * A network's slice is src/train/modelSurface.ts's.
 */

/** The fused kernel's spec of an analytic scene with a formula; undefined for any other scene. */
export function surfaceSpec(exp: Experiment, scene: Scene): AnalyticSpec | undefined {
  if (!isFusedScene(exp.scene) || isDataScene(scene) || !scene.formula) return undefined;
  return analyticSpec(exp.scene, scene.formula, exp);
}

/** The loss at N points (row-major N × P), as the cpu backend's batched loss computes it. */
function hostPoints(spec: AnalyticSpec, points: Float32Array): Float32Array {
  const P = spec.dims;
  const n = points.length / P;
  const prog = compileProgram([spec.trees.loss], true, false);
  const out = new Float32Array(n);
  const lanes = Math.min(n, 1024);
  const regs = lanesOf(prog, lanes);
  const at = prog.outputs[0]! * lanes;
  for (let i = 0; i < n; i += lanes) {
    const m = Math.min(lanes, n - i);
    for (let k = 0; k < m; k++) {
      regs[k] = points[(i + k) * P]!;
      if (P > 1) regs[lanes + k] = points[(i + k) * P + 1]!;
    }
    // The last batch's spare lanes compute on the previous batch's points and are not read.
    runProgramLanes32(prog, regs, lanes);
    for (let k = 0; k < m; k++) out[i + k] = regs[at + k]!;
  }
  return out;
}

/** An analytic scene's surface: the 1-D curve or 2-D grid of src/core/surfacePoints.ts. */
export function hostSurface(
  spec: AnalyticSpec,
  view: readonly (readonly [number, number])[],
): Surface {
  const [xr = [0, 1], yr = [0, 1]] = view;
  if (spec.dims === 1) {
    const xs = curvePoints(xr);
    return { dims: 1, xs, values: hostPoints(spec, xs) };
  }
  return { dims: 2, n: GRID_SIDE, values: hostPoints(spec, gridPoints(xr, yr)) };
}

/**
 * A scene's surface from its float64 loss (`scene.loss`), each value rounded once to float32, on
 * the same points: for linreg, the MSE over its training rows, L(w, b) = (1/m)·Σᵢ (w·xᵢ + b − yᵢ)²
 * (src/core/scenes/linreg.ts).
 */
export function lossSurface(scene: Scene): Surface {
  const [xr = [0, 1], yr = [0, 1]] = scene.view;
  if (scene.dims === 1) {
    const xs = curvePoints(xr);
    return { dims: 1, xs, values: xs.map((x) => scene.loss([x])) };
  }
  const points = gridPoints(xr, yr);
  const values = new Float32Array(points.length / 2);
  for (let i = 0; i < values.length; i++)
    values[i] = scene.loss([points[2 * i]!, points[2 * i + 1]!]);
  return { dims: 2, n: GRID_SIDE, values };
}

/** The surface of a scene that is not a network: its analytic program, else its float64 loss. */
export function sceneSurfaceOnHost(exp: Experiment, scene: Scene): Surface {
  const spec = surfaceSpec(exp, scene);
  return spec ? hostSurface(spec, scene.view) : lossSurface(scene);
}
