#!/usr/bin/env node
/**
 * Runs npm scripts at the same time and fails if any of them fails: `npm test` checks types, lint,
 * cycles and the unit tests side by side with the production build and, once the build is there,
 * the end-to-end tests. tsc, ESLint, Prettier and Vite's build are single-threaded or nearly, and an
 * end-to-end test spends much of its time waiting on the page (playback, the GPU process, the
 * preview server): one after the other they leave a core of a two-core machine idle, side by side
 * they keep both busy.
 *
 * An argument `a>b` runs script `b` after script `a` has passed, in the same lane. Each script's
 * output is printed whole when it ends, so the logs do not interleave, except the scripts named
 * with `--live <script>`, whose output streams as it comes (a long end-to-end run shows its
 * progress). The exit status is the first failure's, or 0.
 *
 * Usage: node scripts/parallel.mjs [--live <script>] <script | a>b> …
 */
import { spawn } from 'node:child_process';

const args = process.argv.slice(2);
const live = new Set();
const lanes = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--live') live.add(args[++i]);
  else lanes.push(args[i].split('>'));
}
if (lanes.length === 0) {
  console.error('usage: node scripts/parallel.mjs [--live <script>] <script | a>b> …');
  process.exit(2);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const t0 = Date.now();

/** Runs one npm script; resolves to its exit status. */
const run = (name) =>
  new Promise((done) => {
    const streaming = live.has(name);
    const chunks = [];
    const child = spawn(npm, ['run', '--silent', name], {
      stdio: ['ignore', streaming ? 'inherit' : 'pipe', streaming ? 'inherit' : 'pipe'],
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
    });
    child.stdout?.on('data', (c) => chunks.push(c));
    child.stderr?.on('data', (c) => chunks.push(c));
    child.on('error', (e) => chunks.push(Buffer.from(`${e.message}\n`)));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - t0) / 1000).toFixed(1);
      const status = code ?? (signal ? 1 : 0);
      const head = `── npm run ${name}: ${status === 0 ? 'ok' : `failed (${signal ?? code})`} after ${seconds} s`;
      process.stdout.write(`${head}\n${Buffer.concat(chunks).toString()}\n`);
      done(status);
    });
  });

const results = await Promise.all(
  lanes.map(async (lane) => {
    for (const name of lane) {
      const status = await run(name);
      if (status !== 0) return { name, status };
    }
    return { name: lane.join('>'), status: 0 };
  }),
);

const failed = results.filter((r) => r.status !== 0);
if (failed.length > 0) {
  console.error(`failed: ${failed.map((r) => r.name).join(', ')}`);
  process.exit(failed[0].status || 1);
}
