import {
  createContext,
  useCallback,
  useEffect,
  useState,
  type CSSProperties,
  type ReactNode,
} from 'react';

/** Tells the page that its panels are drawn (or failed to load); LazyPanels calls it once. */
export const PanelsShown = createContext<() => void>(() => undefined);

interface Props {
  readonly className: string;
  readonly style: CSSProperties;
  /** The figure is final (useFigure's status). */
  readonly done: boolean;
  readonly failed: boolean;
  readonly network: boolean;
  /** Tells the worker that the page has drawn its first figure (useTraining's `shown`). */
  readonly shown: () => void;
  readonly children: ReactNode;
}

/**
 * The page's outer element and its status: done once the figure is final and the panels, drawn
 * after the page's first frame (LazyPanels), are on screen. The panels' arrival is this
 * component's state, not the page's: set in App, it rendered the whole page again (every chart, the
 * runs, the panels) to change one attribute, in the frame after the panels' commit (a Chromium
 * trace: the long task that followed the first result). Here it renders this element alone; its
 * children are the page's elements of the last render, which React does not render again.
 */
export function PageFrame({ className, style, done, failed, network, shown, children }: Props) {
  const [panelsShown, setPanelsShown] = useState(false);
  const onPanelsShown = useCallback(() => setPanelsShown(true), []);
  const status = done && panelsShown ? 'done' : 'running';
  useEffect(() => {
    if (status === 'done') shown();
  }, [status, shown]);
  return (
    <PanelsShown.Provider value={onPanelsShown}>
      <div
        className={className}
        data-status={status}
        data-error={failed || undefined}
        // A network trains for seconds, its curves drawn as they come (tests/e2e/streaming.spec.ts).
        data-network={network || undefined}
        style={style}
      >
        {children}
      </div>
    </PanelsShown.Provider>
  );
}
