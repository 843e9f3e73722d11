// End-to-end tests need Debian's Chromium; say so plainly instead of skipping them.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  console.error(
    `Chromium was not found at ${path}. Install it (Debian: apt-get install -y chromium) ` +
      'or set CHROMIUM_PATH. The end-to-end tests cannot run without it.',
  );
  process.exit(1);
}

// The screenshot tests compare Chinese pages with images made with Noto Sans CJK: without a CJK
// font every character is a box and each comparison fails for a reason the diff does not say.
let cjk = '';
try {
  cjk = execFileSync('fc-list', [':lang=zh-cn', 'family'], { encoding: 'utf8' });
} catch {
  // No fontconfig: the check below says what to install.
}
if (!/Noto Sans CJK/.test(cjk)) {
  console.error(
    'No Noto Sans CJK font was found (fc-list :lang=zh-cn). Install it (Debian: apt-get install -y ' +
      'fonts-noto-cjk): the screenshot tests compare Chinese pages drawn with it.',
  );
  process.exit(1);
}
