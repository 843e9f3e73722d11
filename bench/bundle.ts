/**
 * Sizes of the production build: the JavaScript the page loads before the training worker starts
 * (the entry module scripts and modulepreload links of index.html), and the worker chunk.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSizes {
  /** Files counted as initial JavaScript, relative to the build folder, with raw and gzip bytes. */
  readonly initial: { file: string; raw: number; gzip: number }[];
  readonly worker: { file: string; raw: number; gzip: number }[];
  /** The page's own chunk (React, the charts, the panels; src/mount.tsx), loaded after the worker starts. */
  readonly page?: { file: string; raw: number; gzip: number }[];
  readonly wasm: { file: string; raw: number; gzip: number }[];
}

const gz = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length;

function sized(dist: string, file: string) {
  const bytes = readFileSync(join(dist, file));
  return { file, raw: bytes.length, gzip: gz(bytes) };
}

/** Paths of module scripts and modulepreload links in an HTML file, in order, without duplicates. */
export function initialScripts(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attr = (name: string) =>
      new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
    const value = (name: string) => {
      const m = attr(name);
      return m ? (m[2] ?? m[3] ?? m[4] ?? '') : undefined;
    };
    const isScript = /^<script/i.test(tag) && value('type') === 'module' && value('src');
    const isPreload = /^<link/i.test(tag) && value('rel') === 'modulepreload' && value('href');
    const path = isScript ? value('src') : isPreload ? value('href') : undefined;
    if (path && !/^[a-z]+:/i.test(path)) {
      const clean = path.replace(/^\.?\//, '').split(/[?#]/)[0]!;
      if (!found.includes(clean)) found.push(clean);
    }
  }
  return found;
}

export function bundleSizes(dist: string): BundleSizes {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const assets = readdirSync(join(dist, 'assets'));
  const initial = initialScripts(html)
    .filter((f) => !/(^|\/)trainWorker-[^/]*\.js$/.test(f))
    .map((f) => sized(dist, f));
  const worker = assets
    .filter((f) => /^trainWorker-.*\.js$/.test(f))
    .map((f) => sized(dist, `assets/${f}`));
  const page = assets
    .filter((f) => /^mount-.*\.js$/.test(f))
    .map((f) => sized(dist, `assets/${f}`));
  const wasm = assets.filter((f) => f.endsWith('.wasm')).map((f) => sized(dist, `assets/${f}`));
  return { initial, worker, page, wasm };
}
