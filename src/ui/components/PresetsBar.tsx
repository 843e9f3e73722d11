import { PRESETS, type PresetId } from '../../url/presets';

const STRINGS = {
  label: 'Presets',
  names: {
    lecture: 'The lecture figure',
    thresholds: 'Quadratic: 1/λmax and 2/λmax',
    plain: 'Narrow valley, plain descent',
    momentum: 'Narrow valley, with momentum',
    sweep: 'Learning-rate sweep',
    overfit: 'Overfitting',
    kfold: '5-fold cross-validation',
  } satisfies Record<PresetId, string>,
  titles: {
    lecture:
      'Four learning rates on the lecture valley: too small, just right, too large, diverged',
    thresholds:
      'The quadratic bowl with runs either side of 1/λmax (overshoot begins) and 2/λmax (divergence begins)',
    plain: 'Four learning rates of plain gradient descent on a bowl with condition number 30',
    momentum:
      'The same four learning rates with heavy-ball momentum β = 0.5: the one beyond 2/λmax converges',
    sweep: 'The lecture valley with a sweep of 64 learning rates, each coloured by its verdict',
    overfit:
      'A small training set and a wide network: validation loss turns up while training loss falls',
    kfold: 'Five folds of three learning rates, trained as one batch; the mean picks one',
  } satisfies Record<PresetId, string>,
} as const;

interface Props {
  /** The preset whose state is on the page, if any. */
  active: PresetId | undefined;
  onPick: (id: PresetId) => void;
}

/** Every lesson in one click; the digit keys 1–9 pick them too (shown on each button). */
export function PresetsBar({ active, onPick }: Props) {
  return (
    <nav className="presets" aria-label={STRINGS.label}>
      {PRESETS.map((p, i) => (
        <button
          key={p.id}
          type="button"
          data-preset={p.id}
          aria-pressed={active === p.id}
          aria-keyshortcuts={i < 9 ? String(i + 1) : undefined}
          title={STRINGS.titles[p.id]}
          onClick={() => onPick(p.id)}
        >
          {i < 9 && <kbd aria-hidden="true">{i + 1}</kbd>} {STRINGS.names[p.id]}
        </button>
      ))}
    </nav>
  );
}
