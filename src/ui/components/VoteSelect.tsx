import { VERDICTS, type VerdictKind } from '../../core/verdict';
import type { Vote } from '../prediction';

const STRINGS = {
  label: (run: number) => `Your prediction for run ${run}`,
  choose: 'Predict…',
  kinds: {
    'too-small': 'too small',
    'just-right': 'just right',
    'too-large': 'too large',
    diverged: 'diverged',
  } satisfies Record<VerdictKind, string>,
  yours: 'your vote:',
  right: 'right',
  wrong: 'wrong',
} as const;

/** A student's prediction for one run, before the verdicts are revealed. */
export function VoteSelect(props: { run: number; vote: Vote; onVote: (k: VerdictKind) => void }) {
  const { run, vote, onVote } = props;
  return (
    <select
      className="vote"
      data-testid="vote"
      aria-label={STRINGS.label(run)}
      value={vote ?? ''}
      onChange={(e) => {
        const kind = VERDICTS.find((k) => k === e.currentTarget.value);
        if (kind) onVote(kind);
      }}
    >
      <option value="" disabled>
        {STRINGS.choose}
      </option>
      {VERDICTS.map((k) => (
        <option key={k} value={k}>
          {STRINGS.kinds[k]}
        </option>
      ))}
    </select>
  );
}

/** After the reveal: the vote, marked right or wrong against the computed verdict. */
export function VoteMark({ vote, verdict }: { vote: Vote; verdict: VerdictKind }) {
  if (vote === undefined) return null;
  const right = vote === verdict;
  return (
    <small
      className={`vote-mark ${right ? 'right' : 'wrong'}`}
      data-vote={right ? 'right' : 'wrong'}
    >
      {' '}
      {right ? '✓' : '✗'} {STRINGS.yours} {STRINGS.kinds[vote]} (
      {right ? STRINGS.right : STRINGS.wrong})
    </small>
  );
}
