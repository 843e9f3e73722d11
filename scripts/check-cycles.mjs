#!/usr/bin/env node
/**
 * Lists the import cycles among the modules under a folder (default `src`) and exits 1 when there
 * is one, so it can guard the test command once the codebase has none (docs/ARCHITECTURE.md,
 * Layers and the arrows between them).
 *
 * Edges are the static `import … from`, `import '…'` and `export … from` declarations with a
 * relative specifier, read with the TypeScript compiler's parser (no type checking, so it takes
 * well under a second). Type-only imports count too: a cycle of types is still two modules that
 * cannot be understood or moved one without the other; `--runtime` leaves them out. A cycle is a
 * strongly connected component of the import graph (Tarjan 1972) with more than one module, or a
 * module that imports itself; each is printed with one closed path through it.
 *
 * Usage: node scripts/check-cycles.mjs [folder] [--runtime]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const args = process.argv.slice(2);
const runtimeOnly = args.includes('--runtime');
const root = resolve(args.find((a) => !a.startsWith('--')) ?? 'src');
const EXTENSIONS = ['.ts', '.tsx'];

/** Every .ts / .tsx file under `dir` (declaration files aside). */
function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (EXTENSIONS.some((e) => name.endsWith(e)) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The file a relative specifier names, as the bundler resolves it; undefined outside the tree. */
function resolveSpecifier(from, spec) {
  const base = resolve(dirname(from), spec);
  const candidates = [
    base,
    ...EXTENSIONS.map((e) => base + e),
    ...EXTENSIONS.map((e) => join(base, `index${e}`)),
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile() && files.has(c));
}

/** Whether a declaration brings in types only (`import type`, `export type … from`). */
function typeOnly(node) {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause) return false;
    if (clause.isTypeOnly) return true;
    const named = clause.namedBindings;
    // `import { type A, type B } from` with nothing else is erased as well.
    return (
      !clause.name &&
      named !== undefined &&
      ts.isNamedImports(named) &&
      named.elements.length > 0 &&
      named.elements.every((e) => e.isTypeOnly)
    );
  }
  return ts.isExportDeclaration(node) && node.isTypeOnly;
}

const files = new Set(sourceFiles(root));
/** @type {Map<string, string[]>} */
const edges = new Map();
for (const file of files) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const targets = new Set();
  for (const node of source.statements) {
    const spec =
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
        ? node.moduleSpecifier.text
        : undefined;
    if (!spec || !spec.startsWith('.')) continue;
    if (runtimeOnly && typeOnly(node)) continue;
    const target = resolveSpecifier(file, spec);
    if (target) targets.add(target);
  }
  edges.set(file, [...targets].sort());
}

// Tarjan's strongly connected components, iterative so a deep graph cannot overflow the stack.
const index = new Map();
const low = new Map();
const onStack = new Set();
const stack = [];
const components = [];
let counter = 0;
for (const start of [...files].sort()) {
  if (index.has(start)) continue;
  const work = [[start, 0]];
  index.set(start, counter);
  low.set(start, counter++);
  stack.push(start);
  onStack.add(start);
  while (work.length > 0) {
    const frame = work[work.length - 1];
    const [v, i] = frame;
    const next = edges.get(v) ?? [];
    if (i < next.length) {
      frame[1] = i + 1;
      const w = next[i];
      if (!index.has(w)) {
        index.set(w, counter);
        low.set(w, counter++);
        stack.push(w);
        onStack.add(w);
        work.push([w, 0]);
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), index.get(w)));
      }
      continue;
    }
    work.pop();
    if (work.length > 0) {
      const parent = work[work.length - 1][0];
      low.set(parent, Math.min(low.get(parent), low.get(v)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = (edges.get(v) ?? []).includes(v);
      if (component.length > 1 || selfLoop) components.push(component.sort());
    }
  }
}

/** One closed path through a component: breadth-first from its first module back to itself. */
function closedPath(component) {
  const inside = new Set(component);
  const from = component[0];
  const previous = new Map();
  const queue = [from];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of edges.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === from) {
        const path = [from];
        for (let u = v; u !== from; u = previous.get(u)) path.splice(1, 0, u);
        return [...path, from];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [from, from];
}

const name = (f) => relative(process.cwd(), f);
const kind = runtimeOnly ? 'runtime import' : 'import';
if (components.length === 0) {
  console.log(`No ${kind} cycles among the ${files.size} modules under ${name(root)}.`);
} else {
  console.error(
    `${components.length} ${kind} cycle${components.length === 1 ? '' : 's'} under ${name(root)}:`,
  );
  for (const c of components) {
    console.error(`- ${c.length} modules: ${c.map(name).join(', ')}`);
    console.error(`  e.g. ${closedPath(c).map(name).join(' → ')}`);
  }
  process.exitCode = 1;
}
