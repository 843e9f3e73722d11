import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { OptimizerKind } from '../../core/optimizers';
import {
  FUSED_ANALYTIC_KERNEL,
  OPTIMIZER_CODE,
  PARAM,
  PARAM_COUNT,
  programOf,
  recordWidth,
  type FusedAttrs,
} from './analyticKernel';
import { toWgsl, WGSL_PRELUDE } from '../../core/expr/wgsl';

/** Runs per workgroup: one invocation trains one run through all steps of the chunk. */
export const WORKGROUP = 64;

/**
 * Loss and gradient (x: loss, y, z: gradient) of the scene's program in WGSL, generated from the same
 * trees as the unfused ops (src/core/expr/wgsl.ts): tanh, sinh and log1p are written as
 * tfjs-backend-webgpu 4.22 writes them (unary_op_util.ts), so the fused and unfused runs round alike
 * where the driver does.
 */
function sceneWgsl(scene: string): string {
  const { loss, grad } = programOf(scene);
  const g = grad.map(toWgsl);
  return `
        ${WGSL_PRELUDE}
        fn lossGrad(x: f32, y: f32) -> vec3<f32> {
          return vec3<f32>(${toWgsl(loss)}, ${g[0]}, ${g[1] ?? '0.0'});
        }`;
}

/** One coordinate's update in WGSL (src/train/optimizers.ts, formulas in src/core/optimizers.ts). */
function optimizerWgsl(kind: OptimizerKind): string {
  return OPTIMIZER_WGSL[kind]((name) => `chunkInput[${PARAM[name]}]`);
}

/** Each optimizer's update, given how to read a parameter; a new one fails to compile until it has one. */
const OPTIMIZER_WGSL: Record<OptimizerKind, (p: (name: keyof typeof PARAM) => string) => string> = {
  sgd: () => `let step = g;`,
  momentum: (p) => `m[p] = m[p] * ${p('beta')} + g; let step = m[p];`,
  nesterov: (p) => `m[p] = m[p] * ${p('beta')} + g; let step = g + m[p] * ${p('beta')};`,
  adagrad: (p) => `v[p] = v[p] + g * g; let step = g / (sqrt(v[p]) + ${p('eps')});`,
  rmsprop: (p) => `v[p] = v[p] * ${p('rho')} + g * g * ${p('oneMinusRho')};
              let step = g / (sqrt(v[p]) + ${p('eps')});`,
  adam: (p) => adamWgsl(p, ''),
  adamw: (p) => adamWgsl(p, `step = step + th[p] * ${p('weightDecay')};`),
};

function adamWgsl(p: (name: keyof typeof PARAM) => string, decay: string): string {
  return `m[p] = m[p] * ${p('beta1')} + g * ${p('oneMinusBeta1')};
              v[p] = v[p] * ${p('beta2')} + g * g * ${p('oneMinusBeta2')};
              var step = (m[p] / c1) / (sqrt(v[p] / c2) + ${p('eps')});
              ${decay}`;
}

/**
 * The kernel's WGSL: `fn main(k: i32)` walks run k through the chunk's n steps and writes its record
 * of the [K, R] output `result`, reading `carry`, `chunkInput` and `uniforms.carryShape` (K, 3P), as
 * tfjs-backend-webgpu declares them for a program (AdvanceProgram) and as trainOnDevice
 * (deviceAnalytic.ts) declares them without tfjs. Both run this same text, so they round alike.
 */
export function advanceWgsl(attrs: FusedAttrs): string {
  const P = attrs.dims;
  return `
      ${sceneWgsl(attrs.scene)}
      fn main(k: i32) {
        let K = uniforms.carryShape.x;
        if (k >= K) { return; }
        let n = i32(chunkInput[${PARAM.steps}]);
        let W = i32(chunkInput[${PARAM.noiseWidth}]);
        // chunkInput = params, lrs [K], sched [n, 3], noise [n, W] (chunkInputLayout, analyticKernel.ts).
        let lrsAt = ${PARAM_COUNT};
        let schedAt = lrsAt + K;
        let noiseAt = schedAt + 3 * n;
        let R = (n + 1) * ${1 + P} + ${3 * P};
        let base = k * R;
        let pathAt = base + n + 1;
        var th = vec2<f32>(0.0);
        var m = vec2<f32>(0.0);
        var v = vec2<f32>(0.0);
        for (var p = 0; p < ${P}; p++) {
          th[p] = carry[k * ${3 * P} + p];
          m[p] = carry[k * ${3 * P} + ${P} + p];
          v[p] = carry[k * ${3 * P} + ${2 * P} + p];
        }
        let eta = chunkInput[lrsAt + k];
        for (var i = 0; i <= n; i++) {
          let lg = lossGrad(th.x, th.y);
          result[base + i] = lg.x;
          for (var p = 0; p < ${P}; p++) { result[pathAt + i * ${P} + p] = th[p]; }
          if (i == n) { break; }
          let lr = eta * chunkInput[schedAt + i * 3];
          let c1 = chunkInput[schedAt + i * 3 + 1];
          let c2 = chunkInput[schedAt + i * 3 + 2];
          let grad = vec2<f32>(lg.y, lg.z);
          for (var p = 0; p < ${P}; p++) {
            var g = grad[p];
            if (W == ${P}) { g = g + chunkInput[noiseAt + i * W + p]; }
            else if (W > 0) { g = g + chunkInput[noiseAt + i * W + k * ${P} + p]; }
            ${optimizerWgsl(attrs.optimizer)}
            th[p] = th[p] - lr * step;
          }
        }
        let carryAt = pathAt + (n + 1) * ${P};
        for (var p = 0; p < ${P}; p++) {
          result[carryAt + p] = th[p];
          result[carryAt + ${P} + p] = m[p];
          result[carryAt + ${2 * P} + p] = v[p];
        }
      }`;
}

/**
 * The WebGPU program (tfjs-backend-webgpu's WebGPUProgram interface): K invocations, each walking
 * its run through the chunk's n steps and writing its record of the [K, R] output.
 */
class AdvanceProgram {
  readonly variableNames = ['carry', 'chunkInput'];
  readonly outputShape: number[];
  readonly shaderKey: string;
  readonly dispatchLayout = { x: [0] };
  readonly dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];

  constructor(
    private readonly attrs: FusedAttrs,
    K: number,
    n: number,
  ) {
    this.outputShape = [K, recordWidth(n, attrs.dims)];
    this.dispatch = [Math.ceil(K / WORKGROUP), 1, 1];
    // The generated scene code is part of the key: one shader per program (tfjs caches by key).
    this.shaderKey = `lrlab_advance_${sceneWgsl(attrs.scene)}_${OPTIMIZER_CODE[attrs.optimizer]}_${attrs.dims}`;
  }

  getUserCode(): string {
    return advanceWgsl(this.attrs);
  }
}

interface WebGPUBackendLike {
  runWebGPUProgram(program: unknown, inputs: TensorInfo[], dtype: 'float32'): TensorInfo;
}

/**
 * The webgpu kernel. n comes in as an attribute too (`steps`), since the output's shape must be
 * known before the GPU runs and reading `chunkInput` back would stall.
 */
const webgpuKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const a = attrs as unknown as FusedAttrs & { steps: number };
  const { carry, chunkInput } = inputs;
  const program = new AdvanceProgram(a, carry!.shape[0]!, a.steps);
  return (backend as unknown as WebGPUBackendLike).runWebGPUProgram(
    program,
    [carry!, chunkInput!],
    'float32',
  );
};

export const WEBGPU_KERNELS: KernelConfig[] = [
  { kernelName: FUSED_ANALYTIC_KERNEL, backendName: 'webgpu', kernelFunc: webgpuKernel },
];
