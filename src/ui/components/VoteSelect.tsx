import { VERDICTS, type VerdictKind } from '../../core/verdict';
import type { Vote } from '../prediction';
import { useFormat } from '../format';

/** Each kind's key under `vote.kind` in the resources. */
const KIND_KEY = {
  'too-small': 'tooSmall',
  'just-right': 'justRight',
  'too-large': 'tooLarge',
  diverged: 'diverged',
} as const satisfies Record<VerdictKind, string>;

/** A student's prediction for one run, before the verdicts are revealed. */
export function VoteSelect(props: { run: number; vote: Vote; onVote: (k: VerdictKind) => void }) {
  const { run, vote, onVote } = props;
  const { t } = useFormat();
  return (
    <select
      className="vote"
      data-testid="vote"
      aria-label={t('vote.label', { run })}
      value={vote ?? ''}
      onChange={(e) => {
        const kind = VERDICTS.find((k) => k === e.currentTarget.value);
        if (kind) onVote(kind);
      }}
    >
      <option value="" disabled>
        {t('vote.choose')}
      </option>
      {VERDICTS.map((k) => (
        <option key={k} value={k}>
          {t(`vote.kind.${KIND_KEY[k]}`)}
        </option>
      ))}
    </select>
  );
}

/** After the reveal: the vote, marked right or wrong against the computed verdict. */
export function VoteMark({ vote, verdict }: { vote: Vote; verdict: VerdictKind }) {
  const { t } = useFormat();
  if (vote === undefined) return null;
  const right = vote === verdict;
  return (
    <small
      className={`vote-mark ${right ? 'right' : 'wrong'}`}
      data-vote={right ? 'right' : 'wrong'}
    >
      {' '}
      {right ? '✓' : '✗'} {t('vote.yours')} {t(`vote.kind.${KIND_KEY[vote]}`)} (
      {right ? t('vote.right') : t('vote.wrong')})
    </small>
  );
}
