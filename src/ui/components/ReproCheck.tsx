import { useState } from 'react';
import { compareTraces, type TraceComparison } from '../../core/compareTraces';
import type { Experiment, RunResult } from '../../core/experiment';
import type { BackendName } from '../../train/backend';
import type { Training } from '../hooks/useTraining';

/** Every visible string of the reproducibility check, in one place for translation. */
export const REPRO_TEXT = {
  title: 'Reproducibility',
  /** The section's accessible name (the backend panel is already "Reproducibility"). */
  region: 'Reproducibility check',
  backend: 'Backend',
  seed: 'Seed',
  fingerprint: 'Fingerprint',
  button: 'Run it twice',
  waiting: 'Available once the runs have finished training.',
  running: 'Training the same experiment again…',
  identical: (values: number, runs: number, fp: string) =>
    `Identical: all ${values} loss values of the ${runs} runs have the same bits the second time (fingerprint ${fp} both times).`,
  different: (run: number, step: number, maxDiff: number) =>
    `Different: run ${run} first differs at step ${step}; the largest difference is ${maxDiff.toExponential(2)}.`,
  lengths: 'A run stopped at a different step.',
  otherBackend: (first: string, second: string) =>
    `The second run was trained on ${second}, not ${first} (it could not start again), so this compares two backends.`,
  failed: (why: string) => `The second run failed: ${why}`,
  whyTitle: 'Why a run repeats exactly, and why backends differ in the last digits',
  why: [
    'The seed fixes every random number: the start point, the gradient noise, the data split and the minibatches are drawn from named streams of that seed, in the same order every time. Each backend then runs the same float32 operations in the same order, so the same link gives the same bits, as this check shows.',
    'Across backends that order is not the same. Float32 addition is not associative — (a + b) + c and a + (b + c) can differ in the last bit — and a GPU sums a reduction in parallel, as a tree, where the CPU sums in a loop; a GPU may fuse a multiply and an add into one rounding (fused multiply-add) where the CPU rounds twice; exp, log and tanh are computed by different code. Each step then differs by about one part in 10⁷ (float32 keeps 24 bits), which can grow over the steps: WebGPU and CPU runs differ in their last digits and fingerprints, while each repeats itself exactly and the verdicts agree.',
    'The notes’ PyTorch switch is the same trade-off: torch.backends.cudnn.deterministic = True (with benchmark = False) uses kernels that give the same bits every run; benchmark = True picks the fastest kernel per run, whose order of sums may change. tfjs’ WebGPU matrix product has such a kernel too: for inner dimensions of 2000 and more it splits the sum across threads with atomic adds, whose order varies — the lab’s models stay far below that.',
  ],
} as const;

interface Props {
  training: Training & {
    runAgain: (experiment: Experiment, backend: BackendName, fused: boolean) => void;
  };
  /** The experiment on screen and its runs, once every run is exact (else undefined). */
  experiment: Experiment;
  runs: readonly (RunResult | undefined)[] | undefined;
  fingerprint: string | undefined;
}

interface Asked {
  readonly backend: BackendName;
  readonly first: readonly ArrayLike<number>[];
  readonly fingerprint: string;
}

/**
 * The notes' lesson on fixed seeds and deterministic kernels, checked live: backend, seed and
 * fingerprint of the run on screen, and "Run it twice", which trains the same experiment again in
 * the worker on the same backend and compares the two loss traces bit for bit.
 */
export function ReproCheck({ training, experiment, runs, fingerprint }: Props) {
  const T = REPRO_TEXT;
  const [asked, setAsked] = useState<Asked | null>(null);
  const backend = training.backend?.name;
  const ready =
    backend !== undefined &&
    fingerprint !== undefined &&
    runs !== undefined &&
    runs.every((r) => r !== undefined);
  const run = () => {
    if (!ready) return;
    setAsked({ backend, first: runs.map((r) => r!.losses), fingerprint });
    training.runAgain(experiment, backend, training.result?.fused ?? false);
  };
  const outcome = training.repeat;
  let report: { text: string; identical?: boolean; comparison?: TraceComparison } | undefined;
  if (asked && outcome?.status === 'running') report = { text: T.running };
  else if (asked && outcome?.status === 'error') report = { text: T.failed(outcome.message) };
  else if (asked && outcome?.status === 'done') {
    const c = compareTraces(asked.first, outcome.losses);
    const parts = [
      c.identical
        ? T.identical(c.values, asked.first.length, outcome.fingerprint)
        : T.different(c.run + 1, c.step, c.maxDiff),
    ];
    if (!c.identical && c.lengthsDiffer) parts.push(T.lengths);
    if (outcome.backend !== asked.backend)
      parts.push(T.otherBackend(asked.backend, outcome.backend));
    report = { text: parts.join(' '), identical: c.identical, comparison: c };
  }
  return (
    <section className="repro-check" aria-label={T.region}>
      <h2>{T.title}</h2>
      <dl>
        <dt>{T.backend}</dt>
        <dd data-testid="repro-backend">{backend ?? '…'}</dd>
        <dt>{T.seed}</dt>
        <dd data-testid="repro-seed">{experiment.seed}</dd>
        <dt>{T.fingerprint}</dt>
        <dd>
          <code data-testid="repro-fingerprint">{fingerprint ?? '…'}</code>
        </dd>
      </dl>
      <p>
        <button type="button" onClick={run} disabled={!ready || outcome?.status === 'running'}>
          {T.button}
        </button>{' '}
        <span
          role="status"
          data-testid="repeat-report"
          data-identical={report?.identical === undefined ? undefined : String(report.identical)}
        >
          {report?.text ?? (ready ? '' : T.waiting)}
        </span>
      </p>
      <details>
        <summary>{T.whyTitle}</summary>
        {T.why.map((p, i) => (
          <p key={i} className="small">
            {p}
          </p>
        ))}
      </details>
    </section>
  );
}
