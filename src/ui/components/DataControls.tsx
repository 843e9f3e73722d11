import { useId } from 'react';
import { LIMITS, type LabState } from '../../url/state';
import type { DataResult } from '../../protocol/results';
import { NumberField } from './NumberField';
import { useCursor, type CursorSource } from '../hooks/useCursor';
import { isNetworkScene } from '../../core/scenes/cars';
import './panels.css';
import { useFormat } from '../format';

interface Props {
  state: LabState;
  update: (change: Partial<LabState>) => void;
  /** The latest result's data facts (split sizes, batches), when it matches the state. */
  data?: DataResult;
  /** The playback cursor: the strip shows that step's minibatch. */
  cursor: CursorSource;
}

/**
 * The data pipeline of a data scene: the split, the DataLoader's batch size, shuffling and drop-last,
 * and early stopping; with a strip of the training rows showing which ones form the current batch.
 */
export function DataControls({ state, update, data, cursor }: Props) {
  const { t } = useFormat();
  const shuffleId = useId();
  const dropId = useId();
  const sliceId = useId();
  const pct = (x: number) => Math.round(x * 100);
  const { train, val, test } = state.split;
  const setSplit = (part: 'train' | 'val', value: number) => {
    const next = { ...state.split, [part]: value / 100 };
    next.test = Math.max(0, Math.round((1 - next.train - next.val) * 100) / 100);
    if (next.train + next.val <= 1) update({ split: next });
  };
  return (
    <section className="controls data-controls" aria-label={t('data.label')}>
      <p className="read">{t('data.read')}</p>
      <NumberField
        label={t('data.train')}
        value={pct(train)}
        min={LIMITS.trainFraction.min * 100}
        max={100}
        integer
        onCommit={(v) => setSplit('train', v)}
      />
      <NumberField
        label={t('data.val')}
        value={pct(val)}
        min={0}
        max={95}
        integer
        onCommit={(v) => setSplit('val', v)}
      />
      <span className="field">
        <span>{t('data.test')}</span>
        <output>{pct(test)}</output>
      </span>
      <NumberField
        label={t('data.batch')}
        value={state.batchSize}
        {...LIMITS.batchSize}
        integer
        onCommit={(batchSize) => update({ batchSize })}
      />
      <span className="field">
        <label htmlFor={shuffleId}>
          <input
            id={shuffleId}
            type="checkbox"
            checked={state.shuffle}
            onChange={(e) => update({ shuffle: e.currentTarget.checked })}
          />{' '}
          {t('data.shuffle')}
        </label>
      </span>
      <span className="field">
        <label htmlFor={dropId}>
          <input
            id={dropId}
            type="checkbox"
            checked={state.dropLast}
            onChange={(e) => update({ dropLast: e.currentTarget.checked })}
          />{' '}
          {t('data.dropLast')}
        </label>
      </span>
      {isNetworkScene(state.scene) && (
        <>
          <NumberField
            label={t('data.depth')}
            value={state.depth}
            {...LIMITS.depth}
            integer
            onCommit={(depth) => update({ depth })}
          />
          <span className="field">
            <label htmlFor={sliceId}>{t('data.slice')}</label>
            <select
              id={sliceId}
              value={state.slice}
              onChange={(e) =>
                update({ slice: e.currentTarget.value === 'random' ? 'random' : 'pca' })
              }
            >
              <option value="pca">{t('data.slicePca')}</option>
              <option value="random">{t('data.sliceRandom')}</option>
            </select>
          </span>
          <NumberField
            label={t('data.width')}
            value={state.width}
            {...LIMITS.width}
            integer
            onCommit={(width) => update({ width })}
          />
        </>
      )}
      <NumberField
        label={t('data.folds')}
        value={state.folds}
        {...LIMITS.folds}
        integer
        onCommit={(folds) => update({ folds: folds === 1 ? 2 : folds })}
      />
      <NumberField
        label={t('data.patience')}
        value={state.patience}
        {...LIMITS.patience}
        integer
        onCommit={(patience) => update({ patience })}
      />
      {data && <BatchStrip data={data} cursor={cursor} />}
    </section>
  );
}

/** The training rows as cells, the current step's minibatch filled: what one step of SGD sees. */
function BatchStrip({ data, cursor: source }: { data: DataResult; cursor: CursorSource }) {
  const cursor = useCursor(source);
  const { t } = useFormat();
  const { sizes, batches } = data;
  const counts = { train: sizes.train, val: sizes.val, test: sizes.test, dropped: sizes.dropped };
  const width = 560;
  const cell = width / Math.max(1, sizes.train);
  if (!batches) {
    return (
      <p className="said" data-testid="batch-strip">
        {t(sizes.dropped > 0 ? 'data.fullBatchDropped' : 'data.fullBatch', counts)}
      </p>
    );
  }
  const steps = batches.idx.length / batches.B;
  const step = Math.min(Math.max(0, cursor), steps - 1);
  const inBatch = new Set<number>();
  for (let j = 0; j < batches.B; j++) {
    if (batches.weight[step * batches.B + j]! > 0) inBatch.add(batches.idx[step * batches.B + j]!);
  }
  // Rows in index order, so a reshuffled epoch visibly picks different cells.
  const rows = Array.from(new Set(batches.idx)).sort((a, b) => a - b);
  return (
    <figure className="batch-strip" data-testid="batch-strip">
      <svg
        viewBox={`0 0 ${width} 18`}
        role="img"
        aria-label={t('data.stripLabel', { step, size: inBatch.size, train: sizes.train })}
      >
        {rows.map((r, i) => (
          <rect
            key={r}
            x={i * cell}
            y={1}
            width={Math.max(1, cell - 1)}
            height={16}
            fill={inBatch.has(r) ? '#1f5fbf' : '#e3e6ea'}
            data-in-batch={inBatch.has(r) || undefined}
          />
        ))}
      </svg>
      <figcaption>
        {t(sizes.dropped > 0 ? 'data.stripDropped' : 'data.strip', {
          ...counts,
          step,
          size: inBatch.size,
        })}
      </figcaption>
    </figure>
  );
}
