import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
/** Where Debian's chromium package keeps its libraries, SwiftShader's Vulkan driver among them. */
const CHROMIUM_LIBS = '/usr/lib/chromium';
const ICD = resolve(CHROMIUM_LIBS, 'vk_swiftshader_icd.json');

/**
 * Runs a WebGPU check script (tests/gpu/*.ts) in Node: Dawn's bindings (the `webgpu` package) on
 * SwiftShader's Vulkan driver, which Debian's Chromium ships beside itself and the test command
 * requires anyway (a missing one fails the test, it is not skipped). A child process, since the
 * Vulkan loader's library path must be set before the process starts. Returns the JSON lines the
 * script printed, parsed (the string "Infinity" read back as Infinity), after checking it exited 0.
 */
export function runOnDawn<T>(script: string, input: unknown, timeoutMs = 240_000): T[] {
  expect(
    existsSync(ICD),
    `${ICD} is missing: this test needs Debian's chromium package (SwiftShader's Vulkan driver)`,
  ).toBe(true);
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, JSON.stringify(input)], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: {
      ...process.env,
      LD_LIBRARY_PATH: [CHROMIUM_LIBS, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      VK_ICD_FILENAMES: ICD,
      VK_DRIVER_FILES: ICD,
    },
  });
  expect(run.status, `${script} exited ${run.status}:\n${run.stderr}`).toBe(0);
  return run.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l, (_, v: unknown) => (v === 'Infinity' ? Infinity : v)) as T);
}
