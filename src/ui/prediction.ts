import type { VerdictKind } from '../core/verdict';

/** A student's prediction for one run: one of the four verdicts, or none yet. */
export type Vote = VerdictKind | undefined;

/**
 * Where a run's vote is kept: the run's setting (everything but the learning rates), its row and
 * its learning rate, so moving one run's slider asks again for that run's vote only.
 */
export function voteKey(setting: string, row: number, lr: number): string {
  return `${setting}|${row}|${lr}`;
}

/** Whether a vote matches the verdict the run's numbers gave (only the kind: the step of divergence is not asked). */
export function voteIsRight(vote: Vote, verdict: VerdictKind): boolean {
  return vote === verdict;
}

/** Right votes among the runs that have both a vote and a verdict. */
export function score(
  votes: readonly Vote[],
  verdicts: readonly (VerdictKind | undefined)[],
): { right: number; judged: number } {
  let right = 0;
  let judged = 0;
  votes.forEach((v, i) => {
    const verdict = verdicts[i];
    if (v === undefined || verdict === undefined) return;
    judged++;
    if (voteIsRight(v, verdict)) right++;
  });
  return { right, judged };
}
