/**
 * `npx tsx bench/firstCurveCompare.ts [--repeats N] [--presets a,b] [--backends auto,cpu] NAME=DIR …`
 *
 * The first-curve part of the benchmark alone, for two or more builds side by side: each DIR is a
 * `vite build --outDir DIR`, served by its own `vite preview`; the loads are interleaved (build,
 * preset, backend, build, …) so that a slow moment of this shared machine falls on every build
 * alike. Prints, per preset and backend, each build's median of every mark on the first result's
 * way (bench/firstCurve.ts MARKS) and of the first figure. Example, before and after a change:
 *
 *     git stash && npx vite build --outDir /tmp/before && git stash pop
 *     npx vite build --outDir /tmp/after
 *     npx tsx bench/firstCurveCompare.ts --repeats 5 before=/tmp/before after=/tmp/after
 *
 * `npm run bench` runs the whole first-curve benchmark (every preset × backend) with everything
 * else; this is for measuring one change quickly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/chromium';
import { PRESET_IDS, type PresetId } from '../src/url/presets';
import {
  FIRST_CURVE_BACKENDS,
  MARKS,
  loadOnce,
  type FirstCurveBackend,
  type FirstCurveLoad,
} from './firstCurve';
import { median } from './stats';

const ROOT = resolve(import.meta.dirname, '..');

interface Args {
  readonly repeats: number;
  readonly presets: readonly PresetId[];
  readonly backends: readonly FirstCurveBackend[];
  readonly builds: readonly { readonly name: string; readonly dir: string }[];
  readonly port: number;
}

function parseArgs(argv: readonly string[]): Args {
  let repeats = 3;
  let presets: readonly PresetId[] = PRESET_IDS.filter((p) => p !== 'overfit' && p !== 'kfold');
  let backends: readonly FirstCurveBackend[] = ['auto'];
  let port = 14183;
  const builds: { name: string; dir: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--repeats') repeats = Number(next());
    else if (a === '--presets') presets = next().split(',') as PresetId[];
    else if (a === '--backends') backends = next().split(',') as FirstCurveBackend[];
    else if (a === '--port') port = Number(next());
    else if (a.includes('=')) {
      const [name, dir] = a.split('=') as [string, string];
      builds.push({ name, dir: resolve(dir) });
    } else throw new Error(`unknown argument ${a}`);
  }
  for (const p of presets) if (!PRESET_IDS.includes(p)) throw new Error(`no preset ${p}`);
  for (const b of backends)
    if (!FIRST_CURVE_BACKENDS.includes(b)) throw new Error(`no backend ${b}`);
  if (!builds.length) throw new Error('name at least one build: NAME=DIR');
  if (!(repeats >= 1)) throw new Error('--repeats must be at least 1');
  return { repeats, presets, backends, builds, port };
}

async function preview(dir: string, port: number): Promise<{ child: ChildProcess; base: string }> {
  const base = `http://127.0.0.1:${port}/`;
  const child = spawn(
    'npx',
    // `--outDir` serves that folder with this checkout's config.
    [
      'vite',
      'preview',
      '--port',
      String(port),
      '--strictPort',
      '--host',
      '127.0.0.1',
      '--outDir',
      dir,
    ],
    { cwd: ROOT, detached: true, stdio: 'ignore' },
  );
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`vite preview for ${dir} exited (${child.exitCode})`);
    try {
      if ((await fetch(base)).ok) return { child, base };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  stop(child);
  throw new Error(`vite preview for ${dir} did not answer on ${base}`);
}

/** Stops a preview server this script started: its process group, by its id. */
function stop(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}

const f0 = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x.toFixed(0) : '—');

const args = parseArgs(process.argv.slice(2));
const servers: ChildProcess[] = [];
try {
  const bases: string[] = [];
  for (const [i, b] of args.builds.entries()) {
    const s = await preview(b.dir, args.port + i);
    servers.push(s.child);
    bases.push(s.base);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const loads: (FirstCurveLoad & { build: string })[] = [];
  try {
    for (let r = 0; r < args.repeats; r++) {
      for (const preset of args.presets) {
        for (const backend of args.backends) {
          for (const [i, b] of args.builds.entries()) {
            const l = await loadOnce(browser, bases[i]!, preset, backend);
            loads.push({ ...l, build: b.name });
            console.log(
              `  ${b.name} ${preset} ${backend} → ${l.trainedOn}: first figure ${f0(l.firstCurveMs)} ms`,
            );
          }
        }
      }
    }
  } finally {
    await browser.close();
  }
  const cols = [...MARKS.map((m) => m.replace('lr-', '')), 'done'];
  console.log(`\nmedians of ${args.repeats} fresh loads, ms from navigation\n`);
  console.log(`| preset | backend | build | ${cols.join(' | ')} |`);
  console.log(`|---|---|---|${cols.map(() => '---:').join('|')}|`);
  for (const preset of args.presets) {
    for (const backend of args.backends) {
      for (const b of args.builds) {
        const mine = loads.filter(
          (l) => l.build === b.name && l.preset === preset && l.backend === backend,
        );
        const med = (pick: (l: FirstCurveLoad) => number | undefined) => {
          const xs = mine.map(pick).filter((x): x is number => x !== undefined);
          return xs.length ? median(xs) : undefined;
        };
        const cells = [...MARKS.map((m) => med((l) => l.marks[m])), med((l) => l.doneMs)];
        console.log(`| ${preset} | ${backend} | ${b.name} | ${cells.map(f0).join(' | ')} |`);
      }
    }
  }
} finally {
  for (const s of servers) stop(s);
}
