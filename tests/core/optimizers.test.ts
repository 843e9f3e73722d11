import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OPTIMIZER,
  OPTIMIZER_PARAMS,
  OPTIMIZERS,
  isAdaptive,
  referenceState,
  referenceUpdate,
  usesMomentum,
  type OptimizerKind,
  type OptimizerSpec,
} from '../../src/core/optimizers';
import { expectClose } from '../helpers/numeric';

/**
 * The float64 oracle `referenceUpdate` against steps worked out by hand from the published update
 * rules (the formulas in its JSDoc). Most cases use L(w) = ½w², so g = w, and round numbers; the
 * expected values below are decimal results of the hand arithmetic (irrational ones evaluated with
 * 40-digit arithmetic and written as the nearest double), never values produced by the code under
 * test.
 *
 * Tolerance: relative 1e-15, i.e. about 4.5 ulps (float64 ulp = 2.2e-16 relative): the oracle does
 * at most ~10 correctly rounded float64 operations per step and the hand values are exact decimals,
 * so its error over three steps is a few ulps (the expected decimals like 1.8 are themselves
 * rounded to the nearest double on parsing, ½ ulp).
 */
const REL = 1e-15;

const spec = (optimizer: OptimizerKind, over: Partial<OptimizerSpec> = {}): OptimizerSpec => ({
  ...DEFAULT_OPTIMIZER,
  optimizer,
  ...over,
});

/** Runs referenceUpdate from θ0 with g = grad(θ) and returns θ after each step. */
function steps(
  s: OptimizerSpec,
  theta0: readonly number[],
  grad: (theta: readonly number[]) => number[],
  lr: number,
  n: number,
): number[][] {
  const theta = theta0.slice();
  const state = referenceState(theta.length);
  const out: number[][] = [];
  for (let t = 0; t < n; t++) {
    referenceUpdate(s, theta, grad(theta), lr, state);
    out.push(theta.slice());
  }
  expect(state.t).toBe(n);
  return out;
}

/** L = ½w² in 1-D: g = w. */
const half = (theta: readonly number[]) => [theta[0] ?? NaN];

function expectPath(got: number[][], want: number[][], where: string): void {
  expect(got).toHaveLength(want.length);
  want.forEach((row, t) =>
    row.forEach((x, p) => expectClose(got[t]![p]!, x, { rel: REL }, `${where}: θ_${t + 1}[${p}]`)),
  );
}

describe('referenceUpdate: the first steps by hand', () => {
  it('sgd: L = ½w², w0 = 2, η = 0.1 → 1.8, 1.62, 1.458', () => {
    // w ← w − ηg = 0.9w: 2 → 1.8 → 1.62 → 1.458.
    expectPath(steps(spec('sgd'), [2], half, 0.1, 3), [[1.8], [1.62], [1.458]], 'sgd');
  });

  it('momentum (heavy ball) β = 0.9: 1.8, 1.44, 0.972', () => {
    // m1 = 0·β + 2 = 2,                 w1 = 2 − 0.1·2 = 1.8
    // m2 = 0.9·2 + 1.8 = 3.6,           w2 = 1.8 − 0.36 = 1.44
    // m3 = 0.9·3.6 + 1.44 = 4.68,       w3 = 1.44 − 0.468 = 0.972
    expectPath(
      steps(spec('momentum', { beta: 0.9 }), [2], half, 0.1, 3),
      [[1.8], [1.44], [0.972]],
      'momentum',
    );
  });

  it('nesterov β = 0.9: 1.62, 1.1502, 0.654642', () => {
    // m1 = 2,                                w1 = 2 − 0.1·(2 + 0.9·2) = 2 − 0.38 = 1.62
    // m2 = 0.9·2 + 1.62 = 3.42,              w2 = 1.62 − 0.1·(1.62 + 3.078) = 1.62 − 0.4698 = 1.1502
    // m3 = 0.9·3.42 + 1.1502 = 4.2282,       w3 = 1.1502 − 0.1·(1.1502 + 3.80538) = 0.654642
    expectPath(
      steps(spec('nesterov', { beta: 0.9 }), [2], half, 0.1, 3),
      [[1.62], [1.1502], [0.654642]],
      'nesterov',
    );
  });

  it('adagrad ε = 0: w0 = 3, η = 7 → −4, 1.6, −0.5334…', () => {
    // v1 = 9,  w1 = 3 − 7·3/√9 = −4
    // v2 = 9 + 16 = 25,  w2 = −4 − 7·(−4)/√25 = −4 + 5.6 = 1.6
    // v3 = 25 + 2.56 = 27.56,  w3 = 1.6 − 7·1.6/5.249761899… = −0.53343008972648617…
    expectPath(
      steps(spec('adagrad', { eps: 0 }), [3], half, 7, 3),
      [[-4], [1.6], [-0.5334300897264862]],
      'adagrad',
    );
  });

  it('adagrad: the first step is η·g/(|g| + ε), so η·sign(g) up to ε, and η/2 when |g| = ε', () => {
    // Default ε = 1e-8, w0 = 2, η = 0.1: w1 = 2 − 0.1/(1 + 5e-9) = 1.9 + 5e-10 (to 3e-18).
    const [w1] = steps(spec('adagrad'), [2], half, 0.1, 1)[0]!;
    expectClose(w1!, 1.9000000005, { rel: REL }, 'adagrad ε = 1e-8');
    // |g| = ε = 1e-8: the step is η·ε/(ε + ε) = η/2 = 0.05: ε bounds the step for tiny gradients.
    const [u1] = steps(spec('adagrad', { eps: 1e-8 }), [1e-8], half, 0.1, 1)[0]!;
    expectClose(u1!, 1e-8 - 0.05, { rel: REL }, 'adagrad |g| = ε');
  });

  it('rmsprop ρ = 0.75, ε = 0: w0 = 2, η = 0.5 → 1, 0.5, 0.22265…', () => {
    // v1 = 0.25·4 = 1,               w1 = 2 − 0.5·2/1 = 1
    // v2 = 0.75·1 + 0.25·1 = 1,      w2 = 1 − 0.5·1/1 = 0.5
    // v3 = 0.75 + 0.25·0.25 = 0.8125, w3 = 0.5 − 0.25/0.9013878… = 0.22264990188738544…
    expectPath(
      steps(spec('rmsprop', { rho: 0.75, eps: 0 }), [2], half, 0.5, 3),
      [[1], [0.5], [0.22264990188738543]],
      'rmsprop',
    );
  });

  it('rmsprop: the first step is η·g/√((1 − ρ)g²) = η/√(1 − ρ) in size (√10·η at ρ = 0.9)', () => {
    for (const g of [2, -0.003, 50]) {
      const [w1] = steps(spec('rmsprop', { rho: 0.9, eps: 0 }), [g], half, 0.1, 1)[0]!;
      expectClose(w1!, g - Math.sign(g) * 0.1 * Math.sqrt(10), { rel: REL }, `rmsprop g = ${g}`);
    }
  });

  it('adam β₁ = 0.9, β₂ = 0.999, ε = 0: w0 = 2, η = 0.1 → 1.9, 1.80017…, 1.70062…', () => {
    // Step 1: m1 = 0.1·2 = 0.2, v1 = 0.001·4 = 0.004; m̂ = 0.2/0.1 = 2, v̂ = 0.004/0.001 = 4:
    //   the bias corrections make the first step η·g/|g| = 0.1 exactly: w1 = 1.9.
    // Step 2: m2 = 0.9·0.2 + 0.1·1.9 = 0.37, m̂ = 0.37/(1 − 0.81) = 1.9473684…;
    //   v2 = 0.999·0.004 + 0.001·3.61 = 0.007606, v̂ = 0.007606/(1 − 0.998001) = 3.8049025…;
    //   w2 = 1.9 − 0.1·1.9473684/1.9506159 = 1.8001664856103087…
    // Step 3: m3 = 0.9·0.37 + 0.1·1.80016649 = 0.51301665, m̂ = m3/0.271 = 1.8930504;
    //   v3 = 0.999·0.007606 + 0.001·3.24059945 = 0.010838993, v̂ = v3/0.002997001 = 3.6166132;
    //   w3 = 1.80016649 − 0.1·1.8930504/1.9017395 = 1.700623391280815…
    expectPath(
      steps(spec('adam', { eps: 0 }), [2], half, 0.1, 3),
      [[1.9], [1.8001664856103088], [1.7006233912808157]],
      'adam',
    );
  });

  it('adam: the first step moves every coordinate by η·sign(g) up to ε, whatever β₁, β₂ and |g|', () => {
    // m̂1 = (1 − β₁)g/(1 − β₁) = g, v̂1 = g²: step g/(|g| + ε). L = ½(w₁² + 10⁴w₂²) from (1, −1):
    // g = (1, −10⁴), an ill-conditioned gradient, but both coordinates move by 0.01.
    const grad = ([a = 0, b = 0]: readonly number[]) => [a, 1e4 * b];
    for (const [beta1, beta2] of [
      [0.9, 0.999],
      [0.5, 0.75],
      [0, 0],
    ] as const) {
      const [w] = steps(spec('adam', { beta1, beta2, eps: 0 }), [1, -1], grad, 0.01, 1);
      expectPath([w!], [[0.99, -0.99]], `adam β = ${beta1}, ${beta2}`);
      // With ε = 1e-8 the step is η·|g|/(|g| + ε): 0.01·1/(1 + 1e-8) for the first coordinate.
      const [we] = steps(spec('adam', { beta1, beta2, eps: 1e-8 }), [1, -1], grad, 0.01, 1);
      expectClose(we![0]!, 1 - 0.01 / (1 + 1e-8), { rel: REL }, 'adam ε, θ[0]');
      expectClose(we![1]!, -1 + (0.01 * 1e4) / (1e4 + 1e-8), { rel: REL }, 'adam ε, θ[1]');
    }
  });

  it('adamw λ = 0.01, ε = 0: w0 = 2, η = 0.1 → 1.898, 1.79627…, 1.69494…', () => {
    // Step 1: the adam step 0.1 plus the decoupled decay ηλw0 = 0.1·0.01·2 = 0.002: w1 = 1.898.
    // Step 2: m2 = 0.18 + 0.1898 = 0.3698, m̂ = 1.9463158; v2 = 0.003996 + 0.001·1.898² = 0.007598404,
    //   v̂ = 3.8011026; w2 = 1.898 − 0.1·(1.9463158/1.9496416 + 0.01·1.898) = 1.7962725881395419…
    // Step 3 likewise: 1.6949445136197504…
    expectPath(
      steps(spec('adamw', { eps: 0, weightDecay: 0.01 }), [2], half, 0.1, 3),
      [[1.898], [1.7962725881395418], [1.6949445136197505]],
      'adamw',
    );
  });

  it('adamw: the decay is η·λ·θ_old, not rescaled by the adaptive denominator', () => {
    // After one step from the same θ0, adamw − adam = −ηλθ0 coordinate by coordinate, even where the
    // gradient is 10⁴ times larger (Loshchilov & Hutter's point: L2 in the gradient would be
    // divided by √v̂ and shrink to nothing there).
    const grad = ([a = 0, b = 0]: readonly number[]) => [a, 1e4 * b];
    const theta0 = [3, -2];
    const [adam] = steps(spec('adam'), theta0, grad, 0.05, 1);
    const [adamw] = steps(spec('adamw', { weightDecay: 0.2 }), theta0, grad, 0.05, 1);
    theta0.forEach((w, p) =>
      expectClose(adamw![p]! - adam![p]!, -0.05 * 0.2 * w, { rel: 1e-13 }, `decay[${p}]`),
    );
  });
});

describe('referenceUpdate: identities between optimizers', () => {
  // A 2-D problem L = ½(w₁² + 10w₂²) from (1, −2), 5 steps.
  const grad = ([a = 0, b = 0]: readonly number[]) => [a, 10 * b];
  const run = (s: OptimizerSpec, lr = 0.05) => steps(s, [1, -2], grad, lr, 5);

  it('momentum and nesterov with β = 0 are sgd, bit for bit', () => {
    expect(run(spec('momentum', { beta: 0 }))).toEqual(run(spec('sgd')));
    expect(run(spec('nesterov', { beta: 0 }))).toEqual(run(spec('sgd')));
  });

  it('adamw with λ = 0 is adam, bit for bit', () => {
    expect(run(spec('adamw', { weightDecay: 0 }))).toEqual(run(spec('adam')));
  });

  it('rmsprop with ρ = 0 and adam with β₁ = β₂ = 0 are sign descent (ε = 0)', () => {
    // v = g², step g/|g|: every coordinate moves by η each step while its gradient keeps its sign.
    const want = [1, 2, 3, 4, 5].map((t) => [1 - 0.05 * t, -2 + 0.05 * t]);
    expectPath(run(spec('rmsprop', { rho: 0, eps: 0 })), want, 'rmsprop ρ = 0');
    expectPath(run(spec('adam', { beta1: 0, beta2: 0, eps: 0 })), want, 'adam β = 0');
  });

  it('the optimizer classes match the parameters each reads', () => {
    for (const kind of OPTIMIZERS) {
      expect(usesMomentum(kind), kind).toBe(OPTIMIZER_PARAMS[kind].includes('beta'));
      expect(isAdaptive(kind), kind).toBe(OPTIMIZER_PARAMS[kind].includes('eps'));
    }
  });
});

describe('referenceUpdate: hyper-parameters an optimizer does not read leave its run unchanged', () => {
  // Each field moved far from its default. An unused one must not change a single bit of five steps
  // (θ and state); a used one must change θ (so OPTIMIZER_PARAMS lists exactly what each reads).
  const changed: Omit<OptimizerSpec, 'optimizer'> = {
    beta: 0.5,
    beta1: 0.5,
    beta2: 0.9,
    rho: 0.5,
    eps: 0.1,
    weightDecay: 0.3,
  };
  const fields = Object.keys(changed) as (keyof typeof changed)[];
  const grad = ([a = 0, b = 0]: readonly number[]) => [a, 10 * b];

  const runWithState = (s: OptimizerSpec) => {
    const theta = [1, -2];
    const state = referenceState(2);
    for (let t = 0; t < 5; t++) referenceUpdate(s, theta, grad(theta), 0.05, state);
    return { theta, m: Array.from(state.m), v: Array.from(state.v), t: state.t };
  };

  it.each(OPTIMIZERS)('%s', (kind) => {
    const base = runWithState(spec(kind));
    for (const field of fields) {
      const other = runWithState(spec(kind, { [field]: changed[field] }));
      if (OPTIMIZER_PARAMS[kind].includes(field)) {
        expect(other.theta, `${kind} reads ${field}`).not.toEqual(base.theta);
      } else {
        expect(other, `${kind} ignores ${field}`).toEqual(base);
      }
    }
    // All unused fields changed at once: still the same run.
    const unused = Object.fromEntries(
      fields.filter((f) => !OPTIMIZER_PARAMS[kind].includes(f)).map((f) => [f, changed[f]]),
    );
    expect(runWithState(spec(kind, unused))).toEqual(base);
  });
});
