import type { MlpLayout } from '../src/core/models/mlp';

/**
 * A benchmark peer: a network trainer written the way a straightforward teaching playground
 * writes one, to measure the lab's shipped path against (bench/scalarPeerBench.ts). It is
 * deliberately plain: an object per neuron and per link, one sample at a time through the network
 * and back, one weight at a time, float64 throughout, derivatives accumulated over the minibatch and
 * applied by plain SGD after it, and the losses (the MSE over every training row and every test
 * row) computed once per epoch, as such a page draws them.
 *
 * It trains the lab's network (an MLP of tanh layers and a linear output, src/core/models/mlp.ts)
 * from the lab's own θ₀ and minibatch schedule, so the two train the same thing step by step; only
 * the arithmetic's organisation differs. Used by the benchmark only; the lab never runs it.
 */

interface Link {
  readonly from: Neuron;
  readonly to: Neuron;
  weight: number;
  /** Σ over the minibatch's samples of ∂(loss of the sample)/∂weight. */
  accumulated: number;
}

interface Neuron {
  bias: number;
  readonly inputs: Link[];
  readonly outputs: Link[];
  /** Weighted sum of the inputs plus the bias, for the current sample. */
  total: number;
  /** Activation: tanh(total) in a hidden layer, total at the output, the feature at an input. */
  output: number;
  /** ∂(loss of the sample)/∂total. */
  delta: number;
  /** Σ over the minibatch of ∂(loss of the sample)/∂bias. */
  accumulated: number;
}

/** The network as layers of neurons; layer 0 is the inputs, the last layer one output neuron. */
export type PeerNetwork = Neuron[][];

const neuron = (): Neuron => ({
  bias: 0,
  inputs: [],
  outputs: [],
  total: 0,
  output: 0,
  delta: 0,
  accumulated: 0,
});

/**
 * Builds the network of `layout` with the weights of θ (the lab's layout: layer l's W[i][j] at
 * w.offset + i·cols + j, its biases at b.offset + j).
 */
export function peerNetwork(layout: MlpLayout, theta: ArrayLike<number>): PeerNetwork {
  const layers: PeerNetwork = [Array.from({ length: layout.features }, neuron)];
  for (const { w, b } of layout.layers) {
    const below = layers[layers.length - 1]!;
    const layer = Array.from({ length: w.cols }, neuron);
    layer.forEach((to, j) => {
      to.bias = theta[b.offset + j]!;
      below.forEach((from, i) => {
        const link: Link = { from, to, weight: theta[w.offset + i * w.cols + j]!, accumulated: 0 };
        from.outputs.push(link);
        to.inputs.push(link);
      });
    });
    layers.push(layer);
  }
  return layers;
}

/** The network's weights back in the lab's θ order. */
export function peerTheta(layout: MlpLayout, net: PeerNetwork): Float64Array {
  const theta = new Float64Array(layout.P);
  layout.layers.forEach(({ w, b }, l) => {
    net[l + 1]!.forEach((to, j) => {
      theta[b.offset + j] = to.bias;
      to.inputs.forEach((link, i) => (theta[w.offset + i * w.cols + j] = link.weight));
    });
  });
  return theta;
}

/** One sample forward: returns the prediction ŷ. */
function forward(net: PeerNetwork, x: ArrayLike<number>, row: number): number {
  const inputs = net[0]!;
  for (let i = 0; i < inputs.length; i++) inputs[i]!.output = x[row * inputs.length + i]!;
  const last = net.length - 1;
  for (let l = 1; l <= last; l++) {
    for (const n of net[l]!) {
      let total = n.bias;
      for (const link of n.inputs) total += link.weight * link.from.output;
      n.total = total;
      n.output = l === last ? total : Math.tanh(total);
    }
  }
  return net[last]![0]!.output;
}

/**
 * One sample backward for the squared error (ŷ − y)²: δ_out = 2(ŷ − y); a hidden neuron's
 * δ = (1 − a²)·Σ_links weight·δ_above; each link accumulates δ_to·a_from, each bias δ.
 */
function backward(net: PeerNetwork, yHat: number, y: number): void {
  const last = net.length - 1;
  for (let l = last; l >= 1; l--) {
    for (const n of net[l]!) {
      if (l === last) n.delta = 2 * (yHat - y);
      else {
        let sum = 0;
        for (const link of n.outputs) sum += link.weight * link.to.delta;
        n.delta = (1 - n.output * n.output) * sum;
      }
      n.accumulated += n.delta;
      for (const link of n.inputs) link.accumulated += n.delta * link.from.output;
    }
  }
}

/** Plain SGD with the mean over the minibatch's `count` samples: w ← w − η·(Σ ∂)/count. */
function update(net: PeerNetwork, lr: number, count: number): void {
  for (let l = 1; l < net.length; l++) {
    for (const n of net[l]!) {
      n.bias -= (lr * n.accumulated) / count;
      n.accumulated = 0;
      for (const link of n.inputs) {
        link.weight -= (lr * link.accumulated) / count;
        link.accumulated = 0;
      }
    }
  }
}

/** The MSE over the given rows, one sample at a time. */
export function peerLoss(
  net: PeerNetwork,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  rows: ArrayLike<number>,
): number {
  if (rows.length === 0) return 0;
  let sum = 0;
  for (let s = 0; s < rows.length; s++) {
    const r = rows[s]!;
    const e = forward(net, x, r) - y[r]!;
    sum += e * e;
  }
  return sum / rows.length;
}

export interface PeerRun {
  readonly layout: MlpLayout;
  /** θ₀ in the lab's layout. */
  readonly start: ArrayLike<number>;
  /** All rows (n × F, row-major) and targets; train and test pick from them. */
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly train: ArrayLike<number>;
  readonly test: ArrayLike<number>;
  /** The lab's minibatch schedule: step t's rows idx[t·B … t·B + B) with weights 0 (padding) or 1. */
  readonly schedule: {
    readonly B: number;
    readonly idx: Int32Array;
    readonly weight: Float32Array;
  };
  readonly steps: number;
  readonly lr: number;
  /** Losses at steps 0, every, 2·every, … and at the last step; a playground's is one epoch. */
  readonly every: number;
}

export interface PeerResult {
  /** Steps at which the losses were computed. */
  readonly steps: number[];
  readonly train: number[];
  readonly test: number[];
  readonly theta: Float64Array;
}

/** Trains one network with plain minibatch SGD, losses every `every` steps and at the last. */
export function trainPeer(run: PeerRun): PeerResult {
  const net = peerNetwork(run.layout, run.start);
  const { B, idx, weight } = run.schedule;
  const out: PeerResult = { steps: [], train: [], test: [], theta: new Float64Array(0) };
  const record = (t: number) => {
    out.steps.push(t);
    out.train.push(peerLoss(net, run.x, run.y, run.train));
    out.test.push(peerLoss(net, run.x, run.y, run.test));
  };
  for (let t = 0; t < run.steps; t++) {
    if (t % run.every === 0) record(t);
    let count = 0;
    for (let j = 0; j < B; j++) {
      if (weight[t * B + j] === 0) continue;
      const r = idx[t * B + j]!;
      backward(net, forward(net, run.x, r), run.y[r]!);
      count++;
    }
    if (count > 0) update(net, run.lr, count);
  }
  record(run.steps);
  return { ...out, theta: peerTheta(run.layout, net) };
}
