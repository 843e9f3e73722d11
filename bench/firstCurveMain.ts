/**
 * `npx tsx bench/firstCurveMain.ts <base URL> [repeats] [presets,…] [backends,…]`: the first-curve
 * benchmark alone against a running `vite preview`, printing where the time goes (for profiling;
 * `npm run bench` runs it with everything else).
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/chromium';
import type { PresetId } from '../src/url/presets';
import { firstCurveBench, MARKS, type FirstCurveBackend } from './firstCurve';

const [base = 'http://127.0.0.1:4182/', repeats = '1', presets, backends] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const { rows, loads } = await firstCurveBench(
    browser,
    base,
    Number(repeats),
    (l) => console.log(l),
    presets ? (presets.split(',') as PresetId[]) : undefined,
    backends ? (backends.split(',') as FirstCurveBackend[]) : undefined,
  );
  for (const r of rows) {
    const marks = MARKS.map((m) => `${m.replace('lr-', '')} ${r.marks[m]?.toFixed(0) ?? '—'}`);
    console.log(`${r.preset} ${r.backend}: ${marks.join(' · ')}`);
  }
  const last = loads.at(-1);
  if (last) {
    for (const x of last.resources) console.log(`  ${x.endMs.toFixed(0)} ms ${x.name}`);
  }
} finally {
  await browser.close();
}
