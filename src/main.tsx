import { startTrainingEarly } from './ui/earlyTraining';
import { warmFormats } from './ui/warmFormats';

// The worker starts first: this entry holds only the link's reader and the worker's client, so the
// worker loads and trains the link's runs while the browser fetches and compiles React, the charts
// and the panels (src/mount.tsx, a chunk of its own) and draws the page (measured with the marks
// bench/firstCurve.ts reads; BENCHMARKS.md).
startTrainingEarly(window.location.search);

const root = document.getElementById('root');
if (root) {
  import('./mount')
    .then(({ mount }) => mount(root))
    .catch((err: unknown) => {
      // The page's own code could not load (a dropped connection, say): say so, not a blank page.
      root.textContent = `lr-lab could not load its page (${err instanceof Error ? err.message : String(err)}); reload to try again.`;
    });
  // While that chunk loads: the number formats its first render needs (src/ui/warmFormats.ts).
  warmFormats(window.location.search);
}
