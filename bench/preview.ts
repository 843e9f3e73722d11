import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Starts `npx vite preview` with `args` (the config, the folder it serves) on 127.0.0.1:`port`, in
 * its own process group so that `stopPreview` can end it with the node process npx starts, and
 * waits until it answers, at most `waitMs`. Fails, quoting its output, when it exits or never answers.
 */
export async function startPreview(
  port: number,
  args: readonly string[],
  { cwd, env = process.env, waitMs }: { cwd: string; env?: NodeJS.ProcessEnv; waitMs: number },
): Promise<ChildProcess> {
  const child = spawn(
    'npx',
    ['vite', 'preview', ...args, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`vite preview exited (${child.exitCode}):\n${output}`);
    }
    try {
      if ((await fetch(url)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  stopPreview(child);
  throw new Error(`vite preview did not answer on ${url}:\n${output}`);
}

/** Stops a preview server `startPreview` started: its process group (npx → node vite), by its id. */
export function stopPreview(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}
