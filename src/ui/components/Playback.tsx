import { useId } from 'react';
import { useCursor, type CursorSource } from '../hooks/useCursor';
import { useFormat } from '../format';

interface Props {
  steps: number;
  cursor: CursorSource;
  playing: boolean;
  onPlay: () => void;
  onPause: () => void;
  onStep: () => void;
  onReset: () => void;
  onScrub: (step: number) => void;
}

/** Play / pause / step / reset and the step scrubber. */
export function Playback(props: Props) {
  const { steps, playing, onPlay, onPause, onStep, onReset, onScrub } = props;
  const cursor = useCursor(props.cursor);
  const scrubId = useId();
  const { t } = useFormat();
  return (
    <section className="playback" aria-label={t('playback.label')}>
      {playing ? (
        <button type="button" onClick={onPause}>
          {t('playback.pause')}
        </button>
      ) : (
        <button type="button" onClick={onPlay}>
          {t('playback.play')}
        </button>
      )}
      <button type="button" onClick={onStep} disabled={cursor >= steps}>
        {t('playback.step')}
      </button>
      <button type="button" onClick={onReset} title={t('playback.resetTitle')}>
        {t('playback.reset')}
      </button>
      <label htmlFor={scrubId}>{t('playback.position', { cursor, steps })}</label>
      <input
        id={scrubId}
        type="range"
        data-testid="scrubber"
        min={0}
        max={steps}
        step={1}
        value={cursor}
        onChange={(e) => onScrub(Number(e.currentTarget.value))}
        onPointerDown={onPause}
      />
    </section>
  );
}
