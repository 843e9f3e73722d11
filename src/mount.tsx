import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { ErrorBoundary } from './ui/ErrorBoundary';
import './ui/styles.css';

/**
 * Draws the page into `root`: React, the charts and the figure (a chunk of its own; the panels under
 * it follow in theirs, src/ui/layout/LazyPanels.tsx).
 */
export function mount(root: HTMLElement): void {
  // When the page's chunk has loaded and run (bench/firstCurve.ts reads it).
  performance.mark('lr-mount');
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary>
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
}
