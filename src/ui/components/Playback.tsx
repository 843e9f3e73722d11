import { useId } from 'react';

interface Props {
  steps: number;
  cursor: number;
  playing: boolean;
  onPlay: () => void;
  onPause: () => void;
  onStep: () => void;
  onReset: () => void;
  onScrub: (step: number) => void;
}

/** Play / pause / step / reset and the step scrubber. */
export function Playback({
  steps,
  cursor,
  playing,
  onPlay,
  onPause,
  onStep,
  onReset,
  onScrub,
}: Props) {
  const scrubId = useId();
  return (
    <section className="playback" aria-label="Playback">
      {playing ? (
        <button type="button" onClick={onPause}>
          Pause
        </button>
      ) : (
        <button type="button" onClick={onPlay}>
          Play
        </button>
      )}
      <button type="button" onClick={onStep} disabled={cursor >= steps}>
        Step
      </button>
      <button type="button" onClick={onReset} title="Train again from the link's seed and replay">
        Reset
      </button>
      <label htmlFor={scrubId}>
        Step {cursor} / {steps}
      </label>
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
