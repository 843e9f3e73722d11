import {
  Component,
  lazy,
  startTransition,
  Suspense,
  useContext,
  useEffect,
  useState,
  type ComponentProps,
  type ReactNode,
} from 'react';
import { PanelsShown } from './PageFrame';
import type { Panels as PanelsComponent } from './Panels';
import { useFormat } from '../format';

/*
 * The panels under the figure and the runs (analysis, settings, sharing and export, backend,
 * reproducibility) are a chunk of their own, drawn after the page's first frame: the first screen
 * shows the figure and the runs' sliders, and compiling and drawing the panels first made every
 * first figure wait for them (the page's first render is what the first figure waits for;
 * BENCHMARKS.md). A link's analytic result is usually there for that first frame; a network's first
 * curves come later, and the panels (with Copy link) are there before them. They are drawn in a
 * transition: React renders it in slices, and what the worker sends meanwhile is drawn first.
 */
const loadPanels = () => import('./Panels').then((m) => ({ default: m.Panels }));
const Panels = lazy(loadPanels);

type Props = ComponentProps<typeof PanelsComponent>;

/** Tells the page (PageFrame) once the panels are on screen, or once they failed to load. */
export function LazyPanels(props: Props) {
  const onShown = useContext(PanelsShown);
  // The panels' component once they are due: the loaded one (no suspending), else the lazy one.
  const [Due, setDue] = useState<typeof Panels | typeof PanelsComponent | undefined>(undefined);
  useEffect(() => {
    // Shown once their chunk is there and the page's first frame has been painted. Shown before
    // their chunk had loaded, they waited in their Suspense boundary and appeared in whichever
    // render came next, the worker's first result among them: the figure then waited for the
    // panels to mount (traced: 50-100 ms). Shown with the chunk there, they render in their own
    // transition, which a result arriving meanwhile interrupts.
    let loaded: typeof PanelsComponent | undefined;
    let framed = false;
    let shown = false;
    const show = () => {
      if (shown) return;
      shown = true;
      startTransition(() => setDue(() => loaded ?? Panels));
    };
    const ready = () => {
      if (loaded && framed) show();
    };
    loadPanels().then(
      (m) => {
        loaded = m.default;
        ready();
      },
      // Shown anyway: their render tries the chunk again and reports a failure (PanelsFailed).
      show,
    );
    // A task queued from a frame's callbacks runs once that frame has been painted; a hidden tab
    // paints no frames, and gets its panels a second on.
    let task: ReturnType<typeof setTimeout> | undefined;
    const painted = () => {
      framed = true;
      ready();
    };
    const frame = requestAnimationFrame(() => {
      task = setTimeout(painted);
    });
    const latest = setTimeout(painted, 1000);
    return () => {
      shown = true;
      cancelAnimationFrame(frame);
      clearTimeout(task);
      clearTimeout(latest);
    };
  }, []);
  return (
    <PanelsFailed onShown={onShown}>
      {Due && (
        <Suspense fallback={null}>
          <Due {...props} />
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
  const { t } = useFormat();
  return (
    <p className="panels notice" role="alert">
      {t('error.panels', { message })}
    </p>
  );
}
