// End-to-end tests need Debian's Chromium; say so plainly instead of skipping them.
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  console.error(
    `Chromium was not found at ${path}. Install it (Debian: apt-get install -y chromium) ` +
      'or set CHROMIUM_PATH. The end-to-end tests cannot run without it.',
  );
  process.exit(1);
}
