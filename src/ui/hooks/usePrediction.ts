import { useCallback, useState } from 'react';
import { pickExperiment, settingKey } from '../../core/experiment';
import type { VerdictKind } from '../../core/verdict';
import type { LabState } from '../../url/state';
import { voteKey, type Vote } from '../prediction';

export interface Prediction {
  /** The link asks for predictions (`reveal=vote`). */
  readonly voting: boolean;
  /** Verdicts are hidden: voting, not revealed, and some run still has no vote. */
  readonly concealed: boolean;
  /** Each run's vote, by row. */
  readonly votes: readonly Vote[];
  vote(row: number, kind: VerdictKind): void;
  reveal(): void;
}

/**
 * Predict, then reveal: the students' votes per run and whether the teacher revealed the verdicts.
 * A reveal belongs to the experiment it was pressed for: a new experiment (another preset, a moved
 * slider) hides the verdicts again until its runs have votes; a run keeps its vote while its own
 * learning rate and setting stay.
 */
export function usePrediction(state: LabState): Prediction {
  const [votes, setVotes] = useState<Readonly<Record<string, VerdictKind>>>({});
  const [revealedFor, setRevealedFor] = useState<string | null>(null);
  const setting = settingKey(state);
  const experiment = JSON.stringify(pickExperiment(state));
  const rowVotes = state.lrs.map((lr, i) => votes[voteKey(setting, i, lr)]);
  const voting = state.reveal === 'vote';
  const concealed = voting && revealedFor !== experiment && rowVotes.some((v) => v === undefined);
  const { lrs } = state;
  const vote = useCallback(
    (row: number, kind: VerdictKind) => {
      const lr = lrs[row];
      if (lr === undefined) return;
      setVotes((all) => ({ ...all, [voteKey(setting, row, lr)]: kind }));
    },
    [lrs, setting],
  );
  const reveal = useCallback(() => setRevealedFor(experiment), [experiment]);
  return { voting, concealed, votes: rowVotes, vote, reveal };
}
