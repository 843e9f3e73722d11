import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { OptimizerKind } from '../../core/optimizers';
import {
  FUSED_ANALYTIC_KERNEL,
  OPTIMIZER_CODE,
  PARAM,
  PARAM_COUNT,
  recordWidth,
  type FusedAttrs,
  type FusedScene,
} from './analyticKernel';

/** Runs per workgroup: one invocation trains one run through all steps of the chunk. */
const WORKGROUP = 64;

/**
 * Loss and gradient (x: loss, y, z: gradient) of each scene in WGSL, op for op as the unfused
 * WebGPU ops compute them: tanh, sinh and log1p are written as tfjs-backend-webgpu 4.22 writes them
 * (unary_op_util.ts), so the fused and unfused runs round alike where the driver does.
 */
function sceneWgsl(scene: FusedScene): string {
  const c = (i: number) => `packed[${PARAM.consts + i}]`;
  switch (scene) {
    case 'valley':
      return `
        fn tanhTf(a: f32) -> f32 { let e2x = exp(-2.0 * abs(a)); return sign(a) * (1.0 - e2x) / (1.0 + e2x); }
        fn sinhTf(a: f32) -> f32 { let ex = exp(a); return (ex - 1.0 / ex) / 2.0; }
        fn log1pTf(a: f32) -> f32 { if (isnan(a)) { return a; } return log(1.0 + a); }
        fn lossGrad(x: f32, y: f32) -> vec3<f32> {
          let a = abs(x);
          let s = sinhTf(min(a, ${c(2)}) * 0.5);
          let near = log1pTf(s * s * 2.0);
          let far = (a - 0.6931471805599453) + log1pTf(exp(a * -2.0));
          let d = ${c(2)} - a;
          var mask = select(0.0, 1.0, d > 0.0);
          if (isnan(d)) { mask = d; }
          let logCosh = mask * near + (1.0 - mask) * far;
          let w2 = x * x;
          return vec3<f32>(logCosh + w2 * w2 * ${c(0)}, tanhTf(x) + w2 * x * ${c(1)}, 0.0);
        }`;
    case 'quadratic':
      return `
        fn lossGrad(x: f32, y: f32) -> vec3<f32> {
          let gx = x * ${c(0)} + y * ${c(2)};
          let gy = x * ${c(1)} + y * ${c(3)};
          return vec3<f32>((x * gx + y * gy) * 0.5, gx, gy);
        }`;
    case 'rosenbrock':
      return `
        fn lossGrad(x: f32, y: f32) -> vec3<f32> {
          let a = 1.0 - x;
          let r = y - x * x;
          return vec3<f32>(a * a + r * r * 100.0, a * -2.0 - x * r * 400.0, r * 200.0);
        }`;
    case 'saddle':
      return `
        fn lossGrad(x: f32, y: f32) -> vec3<f32> {
          let y2 = y * y;
          return vec3<f32>(x * x * 0.5 + (y2 * y2 * 0.25 - y2 * 0.5), x, y * (y2 - 1.0));
        }`;
    case 'himmelblau':
      return `
        fn lossGrad(x: f32, y: f32) -> vec3<f32> {
          let a = x * x + y - 11.0;
          let b = x + y * y - 7.0;
          return vec3<f32>(a * a + b * b, x * a * 4.0 + b * 2.0, a * 2.0 + y * b * 4.0);
        }`;
  }
}

/** One coordinate's update in WGSL (src/train/optimizers.ts, formulas in src/core/optimizers.ts). */
function optimizerWgsl(kind: OptimizerKind): string {
  const p = (name: keyof typeof PARAM) => `packed[${PARAM[name]}]`;
  switch (kind) {
    case 'sgd':
      return `let step = g;`;
    case 'momentum':
      return `m[p] = m[p] * ${p('beta')} + g; let step = m[p];`;
    case 'nesterov':
      return `m[p] = m[p] * ${p('beta')} + g; let step = g + m[p] * ${p('beta')};`;
    case 'adagrad':
      return `v[p] = v[p] + g * g; let step = g / (sqrt(v[p]) + ${p('eps')});`;
    case 'rmsprop':
      return `v[p] = v[p] * ${p('rho')} + g * g * ${p('oneMinusRho')};
              let step = g / (sqrt(v[p]) + ${p('eps')});`;
    case 'adam':
    case 'adamw':
      return `m[p] = m[p] * ${p('beta1')} + g * ${p('oneMinusBeta1')};
              v[p] = v[p] * ${p('beta2')} + g * g * ${p('oneMinusBeta2')};
              var step = (m[p] / c1) / (sqrt(v[p] / c2) + ${p('eps')});
              ${kind === 'adamw' ? `step = step + th[p] * ${p('weightDecay')};` : ''}`;
  }
}

/**
 * The WebGPU program (tfjs-backend-webgpu's WebGPUProgram interface): K invocations, each walking
 * its run through the chunk's n steps and writing its record of the [K, R] output.
 */
class AdvanceProgram {
  readonly variableNames = ['carry', 'packed'];
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
    this.shaderKey = `lrlab_advance_${attrs.scene}_${OPTIMIZER_CODE[attrs.optimizer]}_${attrs.dims}`;
  }

  getUserCode(): string {
    const P = this.attrs.dims;
    return `
      ${sceneWgsl(this.attrs.scene)}
      fn main(k: i32) {
        let K = uniforms.carryShape.x;
        if (k >= K) { return; }
        let n = i32(packed[${PARAM.steps}]);
        let W = i32(packed[${PARAM.noiseWidth}]);
        // packed = params, lrs [K], sched [n, 3], noise [n, W] (packedLayout, analyticKernel.ts).
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
        let eta = packed[lrsAt + k];
        for (var i = 0; i <= n; i++) {
          let lg = lossGrad(th.x, th.y);
          result[base + i] = lg.x;
          for (var p = 0; p < ${P}; p++) { result[pathAt + i * ${P} + p] = th[p]; }
          if (i == n) { break; }
          let lr = eta * packed[schedAt + i * 3];
          let c1 = packed[schedAt + i * 3 + 1];
          let c2 = packed[schedAt + i * 3 + 2];
          let grad = vec2<f32>(lg.y, lg.z);
          for (var p = 0; p < ${P}; p++) {
            var g = grad[p];
            if (W == ${P}) { g = g + packed[noiseAt + i * W + p]; }
            else if (W > 0) { g = g + packed[noiseAt + i * W + k * ${P} + p]; }
            ${optimizerWgsl(this.attrs.optimizer)}
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
}

interface WebGPUBackendLike {
  runWebGPUProgram(program: unknown, inputs: TensorInfo[], dtype: 'float32'): TensorInfo;
}

/**
 * The webgpu kernel. n comes in as an attribute too (`steps`), since the output's shape must be
 * known before the GPU runs and reading `packed` back would stall.
 */
const webgpuKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const a = attrs as unknown as FusedAttrs & { steps: number };
  const { carry, packed } = inputs;
  const program = new AdvanceProgram(a, carry!.shape[0]!, a.steps);
  return (backend as unknown as WebGPUBackendLike).runWebGPUProgram(
    program,
    [carry!, packed!],
    'float32',
  );
};

export const WEBGPU_KERNELS: KernelConfig[] = [
  { kernelName: FUSED_ANALYTIC_KERNEL, backendName: 'webgpu', kernelFunc: webgpuKernel },
];
