import type { Prediction } from '../hooks/usePrediction';
import { useFormat } from '../format';

/** The reveal button while verdicts are hidden; the score of the predictions after. */
export function PredictionBar(props: {
  prediction: Prediction;
  /** Right votes and judged runs, once revealed and trained. */
  score: { right: number; judged: number };
}) {
  const { prediction, score } = props;
  const { t } = useFormat();
  return (
    <section className="prediction" aria-label={t('prediction.label')} data-testid="prediction">
      {prediction.concealed ? (
        <>
          <p>{t('prediction.ask')}</p>
          <button type="button" data-testid="reveal" onClick={prediction.reveal}>
            {t('prediction.reveal')}
          </button>
        </>
      ) : (
        <p role="status" data-testid="score">
          {score.judged > 0
            ? t('prediction.score', { right: score.right, count: score.judged })
            : ''}
        </p>
      )}
    </section>
  );
}
