#!/usr/bin/env node
/**
 * Runs npm scripts at the same time and fails if any of them fails: `npm test` checks types, lint,
 * the unit tests and the production build side by side. tsc, ESLint, Prettier and Vite's build are
 * single-threaded or nearly: one after the other they leave a core of a two-core machine idle, side
 * by side with the unit tests' forks they keep both busy. Each script's output is printed whole when it ends, so the
 * logs do not interleave; the exit status is the first failure's, or 0.
 *
 * Usage: node scripts/parallel.mjs <script> <script> …
 */
import { spawn } from 'node:child_process';

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error('usage: node scripts/parallel.mjs <npm script> …');
  process.exit(2);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const t0 = Date.now();
const results = await Promise.all(
  scripts.map(
    (name) =>
      new Promise((done) => {
        const chunks = [];
        const child = spawn(npm, ['run', '--silent', name], {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
        });
        child.stdout.on('data', (c) => chunks.push(c));
        child.stderr.on('data', (c) => chunks.push(c));
        child.on('error', (e) => chunks.push(Buffer.from(`${e.message}\n`)));
        child.on('close', (code, signal) => {
          const seconds = ((Date.now() - t0) / 1000).toFixed(1);
          const status = code ?? (signal ? 1 : 0);
          const head = `── npm run ${name}: ${status === 0 ? 'ok' : `failed (${signal ?? code})`} after ${seconds} s`;
          process.stdout.write(`${head}\n${Buffer.concat(chunks).toString()}\n`);
          done({ name, status });
        });
      }),
  ),
);

const failed = results.filter((r) => r.status !== 0);
if (failed.length > 0) {
  console.error(`failed: ${failed.map((r) => r.name).join(', ')}`);
  process.exit(failed[0].status || 1);
}
