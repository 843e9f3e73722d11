import type { Prediction } from '../hooks/usePrediction';

const STRINGS = {
  label: 'Predict, then reveal',
  ask: 'Predict each run: too small, just right, too large or diverged? The verdicts appear once every run has a prediction, or when the teacher reveals them.',
  reveal: 'Reveal the verdicts',
  score: (right: number, judged: number) =>
    `${right} of ${judged} ${judged === 1 ? 'prediction' : 'predictions'} right.`,
} as const;

/** The reveal button while verdicts are hidden; the score of the predictions after. */
export function PredictionBar(props: {
  prediction: Prediction;
  /** Right votes and judged runs, once revealed and trained. */
  score: { right: number; judged: number };
}) {
  const { prediction, score } = props;
  return (
    <section className="prediction" aria-label={STRINGS.label} data-testid="prediction">
      {prediction.concealed ? (
        <>
          <p>{STRINGS.ask}</p>
          <button type="button" data-testid="reveal" onClick={prediction.reveal}>
            {STRINGS.reveal}
          </button>
        </>
      ) : (
        <p role="status" data-testid="score">
          {score.judged > 0 ? STRINGS.score(score.right, score.judged) : ''}
        </p>
      )}
    </section>
  );
}
