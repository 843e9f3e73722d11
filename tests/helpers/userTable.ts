import { readFileSync } from 'node:fs';
import { keepTable, parseCsv } from '../../src/core/data/csv';

/**
 * The regression fixture (tests/fixtures/regression.csv) loaded as a user's table under a fixed
 * hash, for tests that build every scene: the `csv` scene finds its rows by hash, as in the page.
 * (The real SHA-256 fingerprint is tested in tests/core/data/csv.test.ts.)
 */
export const FIXTURE_HASH = '00000000000f1c5e';

export function loadFixtureTable(): { fileHash: string } {
  const bytes = readFileSync(new URL('../fixtures/regression.csv', import.meta.url));
  const parsed = parseCsv(bytes.toString('utf8'));
  if (!parsed.ok) throw new Error('the fixture must parse');
  keepTable({
    name: 'regression.csv',
    size: bytes.length,
    hash: FIXTURE_HASH,
    table: parsed.table,
  });
  return { fileHash: FIXTURE_HASH };
}
