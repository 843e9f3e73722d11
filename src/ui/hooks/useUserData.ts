import { useCallback, useMemo, useState } from 'react';
import {
  chooseColumns,
  CSV_LIMITS,
  fileHash,
  keepTable,
  parseCsv,
  tableDataset,
  tableFor,
  type CsvProblem,
  type UserTable,
} from '../../core/data/csv';
import { isNetworkScene } from '../../core/scenes/cars';
import { makeScene } from '../../core/scenes';
import { LIMITS, type LabState } from '../../url/state';

/** What the user-data box says about the last file chosen. */
export type UserDataNote =
  | {
      readonly kind: 'refused';
      readonly name: string;
      readonly problem: CsvProblem | { kind: 'unreadable' };
    }
  | {
      readonly kind: 'different';
      readonly name: string;
      readonly got: string;
      readonly want: string;
    }
  | { readonly kind: 'same'; readonly hash: string };

export interface UserData {
  /**
   * The state the page trains and draws: the link's, except that a link to a user's file that is
   * not loaded here (yet) shows the cars data, the same network on built-in rows, until it is.
   */
  readonly effective: LabState;
  /** The link's table when it is loaded in this page. */
  readonly table: UserTable | undefined;
  /** The link names a file this page does not have: the box asks for it. */
  readonly missing: boolean;
  readonly note: UserDataNote | undefined;
  /** Reads a file chosen or dropped; a file that cannot be used changes nothing but the note. */
  load(file: File): Promise<void>;
}

/** Whether a loaded table can make the link's scene (its columns fit it, enough complete rows). */
function usable(t: UserTable, target: number | null, features: readonly number[] | null): boolean {
  const cols = chooseColumns(t.table, target, features);
  return cols.ok && tableDataset(t.name, t.table, cols.target, cols.features).ok;
}

/**
 * A user's own CSV file: read in the page (never uploaded), parsed (src/core/data/csv.ts) and kept
 * by its hash, which the link records with its name and size. Opening a link with the same file
 * gives the same table, hence the same runs and fingerprint; with another file, a note says so.
 */
export function useUserData(
  linked: LabState,
  update: (change: Partial<LabState>) => void,
): UserData {
  const [note, setNote] = useState<UserDataNote>();
  // Tables live outside React (the worker client reads them too): a new one re-renders from here.
  const [version, setVersion] = useState(0);
  const table = linked.scene === 'csv' ? tableFor(linked.fileHash) : undefined;
  const ready = table !== undefined && usable(table, linked.targetCol, linked.featureCols);
  const effective = useMemo(
    () => (linked.scene === 'csv' && !ready ? { ...linked, scene: 'cars' as const } : linked),
    // version: a table loaded for the same link changes `ready` without changing the link.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [linked, ready, version],
  );
  const load = useCallback(
    async (file: File) => {
      const name = file.name.slice(0, LIMITS.fileName) || 'data.csv';
      if (file.size > CSV_LIMITS.bytes) {
        setNote({
          kind: 'refused',
          name,
          problem: { kind: 'tooBig', bytes: file.size, max: CSV_LIMITS.bytes },
        });
        return;
      }
      let bytes: ArrayBuffer;
      try {
        bytes = await file.arrayBuffer();
      } catch {
        setNote({ kind: 'refused', name, problem: { kind: 'unreadable' } });
        return;
      }
      const hash = await fileHash(bytes);
      const parsed = parseCsv(new TextDecoder('utf-8').decode(bytes));
      if (!parsed.ok) {
        setNote({ kind: 'refused', name, problem: parsed.problem });
        return;
      }
      const loaded: UserTable = { name, size: bytes.byteLength, hash, table: parsed.table };
      // The link's own file keeps the link's columns; another file starts from the default ones.
      const sameFile = linked.scene === 'csv' && linked.fileHash === hash;
      const keep = sameFile && usable(loaded, linked.targetCol, linked.featureCols);
      const target = keep ? linked.targetCol : null;
      const features = keep ? linked.featureCols : null;
      if (!usable(loaded, target, features)) {
        const cols = chooseColumns(loaded.table, target, features);
        const data = cols.ok && tableDataset(name, loaded.table, cols.target, cols.features);
        setNote({
          kind: 'refused',
          name,
          problem: !cols.ok
            ? cols.problem
            : data && !data.ok
              ? data.problem
              : { kind: 'badColumns' },
        });
        return;
      }
      keepTable(loaded);
      setVersion((v) => v + 1);
      const asked = linked.scene === 'csv' && linked.fileHash !== '';
      setNote(
        !asked
          ? undefined
          : sameFile
            ? { kind: 'same', hash }
            : { kind: 'different', name, got: hash, want: linked.fileHash },
      );
      // A network before keeps its learning rates and steps; another scene brings a network's.
      const network = isNetworkScene(linked.scene) ? undefined : makeScene('cars', linked);
      update({
        scene: 'csv',
        fileName: name,
        fileSize: bytes.byteLength,
        fileHash: hash,
        targetCol: target,
        featureCols: features,
        start: null,
        ...(network ? { lrs: [...network.defaultLrs], steps: network.defaultSteps } : {}),
      });
    },
    [linked, update],
  );
  return { effective, table, missing: linked.scene === 'csv' && !ready, note, load };
}
