import {
  Component,
  lazy,
  startTransition,
  Suspense,
  useEffect,
  useState,
  type ComponentProps,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { Panels as PanelsComponent } from './Panels';

/*
 * The panels under the figure and the runs (analysis, settings, sharing and export, backend,
 * reproducibility) are a chunk of their own, drawn after the figure: the first screen shows the
 * figure and the runs' sliders, and compiling and drawing the panels first made every first figure
 * wait for them (the page's first render is what the first figure waits for; BENCHMARKS.md).
 * Their chunk is fetched at once; they are drawn once the first curve has been painted, or after
 * `PANELS_AT_LATEST_MS` if no curve comes (a user's file not chosen yet, a failed training), in a
 * transition: React renders it in slices, and what the worker sends meanwhile is drawn first.
 */
const PANELS_AT_LATEST_MS = 1500;
const loadPanels = () => import('./Panels').then((m) => ({ default: m.Panels }));
const Panels = lazy(loadPanels);

type Props = ComponentProps<typeof PanelsComponent> & {
  /** The first curve has been painted: the panels' turn. */
  after: boolean;
  /** Called once the panels are on screen, or once they failed to load (the page is done then). */
  onShown: () => void;
};

export function LazyPanels({ after, onShown, ...props }: Props) {
  const [due, setDue] = useState(false);
  useEffect(() => {
    // Fetched now (a failed fetch is tried again, and reported, when the panels render).
    loadPanels().catch(() => undefined);
    const latest = setTimeout(() => startTransition(() => setDue(true)), PANELS_AT_LATEST_MS);
    return () => clearTimeout(latest);
  }, []);
  useEffect(() => {
    if (after) startTransition(() => setDue(true));
  }, [after]);
  return (
    <PanelsFailed onShown={onShown}>
      {due && (
        <Suspense fallback={null}>
          <Panels {...props} />
          <Shown onShown={onShown} />
        </Suspense>
      )}
    </PanelsFailed>
  );
}

/** Commits together with the panels (one Suspense boundary), so its effect says they are drawn. */
function Shown({ onShown }: { onShown: () => void }) {
  useEffect(onShown, [onShown]);
  return null;
}

/** A panels chunk that cannot load (a dropped connection) leaves the figure and says so. */
class PanelsFailed extends Component<
  { onShown: () => void; children: ReactNode },
  { error?: Error }
> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch() {
    this.props.onShown();
  }

  override render() {
    return this.state.error ? <Failed message={this.state.error.message} /> : this.props.children;
  }
}

function Failed({ message }: { message: string }) {
  const { t } = useTranslation();
  return (
    <p className="panels notice" role="alert">
      {t('error.panels', { message })}
    </p>
  );
}
