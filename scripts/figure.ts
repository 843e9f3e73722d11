/**
 * `npm run figure -- --url '<share link>' --out fig.svg`: the lab's side-by-side figure for a link,
 * rendered in Node without a browser, for slides. The link is read by the page's own URL codec,
 * the runs are trained by the worker's own runExperiment on tfjs' cpu backend, and the SVG is drawn
 * by the page's own view components (src/ui/figure/figureMarkup.tsx), so the paths are the ones the
 * page's export gives for the same link on cpu.
 */
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { pickExperiment } from '../src/core/experiment';
import { runExperiment } from '../src/train/experiment';
import type { TF } from '../src/train/tf';
import { createI18n } from '../src/i18n/i18n';
import { figureSvg } from '../src/ui/figure/figureMarkup';
import { resultFrame } from '../src/ui/figure/resultFrame';
import { decode } from '../src/url/codec';
import { englishLinkMessage } from '../src/i18n/linkMessage';

/**
 * The CLI's own console messages. They stay English and out of src/i18n on purpose: this is a
 * developer tool run from a terminal, not a page a student reads.
 */
export const FIGURE_TEXT = {
  usage: "usage: npm run figure -- --url '<share link>' --out fig.svg",
  badUrl: (u: string) => `not a link: ${u}`,
  ignored: (param: string, reason: string) => `the link's ${param} was not used: ${reason}`,
  otherBackend: (b: string) =>
    `the link asks for backend ${b}; this figure is trained on cpu (backends agree to ~1e-6 per step, ` +
    'so its fingerprint can differ from a run on that backend)',
  cancelled: 'training was cancelled',
  wrote: (out: string, fp: string) => `wrote ${out} (fingerprint ${fp} on cpu)`,
} as const;

export interface FigureFromLink {
  readonly svg: string;
  readonly fingerprint: string;
  /** What of the link was not used, and other remarks, for the console. */
  readonly notes: string[];
}

/**
 * The figure for a share link, trained on tfjs' cpu backend. Throws with a clear message for
 * something that is not a link; fields the page would reject get their defaults, as on the page,
 * and are named in `notes`.
 */
export async function figureFromLink(link: string, tf: TF): Promise<FigureFromLink> {
  let url: URL;
  try {
    url = new URL(link, 'http://localhost/');
  } catch {
    throw new Error(FIGURE_TEXT.badUrl(link));
  }
  const { state, rejected } = decode(url.search);
  const notes = rejected.map((r) => FIGURE_TEXT.ignored(r.param, englishLinkMessage(r.message)));
  if (state.backend !== 'cpu' && state.backend !== 'auto') {
    notes.push(FIGURE_TEXT.otherBackend(state.backend));
  }
  if (!(await tf.setBackend('cpu'))) throw new Error('tfjs could not start its cpu backend');
  // Fused where the page's forced cpu backend is (bit for bit the op-by-op runs on cpu).
  const hooks = { now: () => performance.now(), fused: true };
  const result = await runExperiment(tf, pickExperiment(state), hooks);
  if (!result) throw new Error(FIGURE_TEXT.cancelled);
  // The CLI's figure is English, like the page's English export that the e2e tests compare it with.
  const t = createI18n('en').getFixedT('en');
  const svg = figureSvg(
    resultFrame(result),
    {
      scene: t(`scene.${state.scene}`),
      lrs: result.experiment.lrs,
      steps: result.experiment.steps,
      seed: result.experiment.seed,
      fingerprint: result.fingerprint,
      backend: 'cpu',
    },
    t,
  );
  return { svg, fingerprint: result.fingerprint, notes };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  if (!values.url || !values.out) {
    console.error(FIGURE_TEXT.usage);
    process.exit(2);
  }
  // The umbrella package: tfjs-core's ESM build alone does not load in Node (tests/helpers/tfjs.ts).
  const tf: TF = await import('@tensorflow/tfjs');
  const { svg, fingerprint, notes } = await figureFromLink(values.url, tf);
  for (const n of notes) console.error(n);
  await writeFile(values.out, svg, 'utf8');
  console.log(FIGURE_TEXT.wrote(values.out, fingerprint));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
