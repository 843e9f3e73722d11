import { useId, type DragEvent } from 'react';
import { chooseColumns, CSV_LIMITS } from '../../core/data/csv';
import type { LabState } from '../../url/state';
import type { UserData } from '../hooks/useUserData';
import './panels.css';
import { useFormat } from '../format';

interface Props {
  /** The link's state (its file and columns), not the one shown while the file is missing. */
  linked: LabState;
  update: (change: Partial<LabState>) => void;
  userData: UserData;
}

/**
 * Your own data: a file input (or a drop on the box) for a CSV or TSV file, read in the page and
 * never sent anywhere; then the target and feature columns. Says why a file was not used (the
 * previous scene stays), asks for the file a link names, and says when the file is another one.
 */
export function UserDataPanel({ linked, update, userData }: Props) {
  const { t } = useFormat();
  const inputId = useId();
  const targetId = useId();
  const { table, note, missing } = userData;
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (file) void userData.load(file);
  };
  const cols = table && chooseColumns(table.table, linked.targetCol, linked.featureCols);
  const chosen = cols?.ok ? cols : undefined;
  const numeric = table
    ? table.table.columns.flatMap((_, j) => (table.table.numeric[j] ? [j] : []))
    : [];
  const setTarget = (target: number) => {
    if (!chosen) return;
    const rest = chosen.features.filter((j) => j !== target);
    update({
      targetCol: target,
      featureCols: rest.length > 0 ? rest : numeric.filter((j) => j !== target),
    });
  };
  const toggle = (j: number, on: boolean) => {
    if (!chosen) return;
    const next = on
      ? [...chosen.features, j].sort((a, b) => a - b)
      : chosen.features.filter((k) => k !== j);
    if (next.length > 0) update({ featureCols: next });
  };
  return (
    <section
      className="controls user-data"
      aria-label={t('userData.label')}
      data-testid="user-data"
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
    >
      <p className="read">
        {t('userData.read', { rows: CSV_LIMITS.rows, mb: CSV_LIMITS.bytes / 1e6 })}
      </p>
      <span className="field">
        <label htmlFor={inputId}>{t('userData.choose')}</label>
        <input
          id={inputId}
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
          data-testid="csv-input"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void userData.load(file);
            // The same file chosen again (after a reload, say) must fire a change again.
            e.currentTarget.value = '';
          }}
        />
        <span className="muted">{t('userData.drop')}</span>
      </span>
      {missing && linked.fileHash !== '' && (
        <p className="said" role="status" data-testid="csv-ask">
          {t('userData.ask', {
            name: linked.fileName,
            size: linked.fileSize,
            hash: linked.fileHash,
          })}
        </p>
      )}
      {note?.kind === 'refused' && (
        <p className="said" role="alert" data-testid="csv-refused">
          {t('userData.refused', {
            name: note.name,
            why: t(`userData.problem.${note.problem.kind}`, { ...note.problem }),
          })}
        </p>
      )}
      {note?.kind === 'different' && (
        <p className="said" role="alert" data-testid="csv-different">
          {t('userData.different', { name: note.name, got: note.got, want: note.want })}
        </p>
      )}
      {note?.kind === 'same' && (
        <p className="said" role="status" data-testid="csv-same">
          {t('userData.same', { hash: note.hash })}
        </p>
      )}
      {table && chosen && (
        <>
          <p className="said" data-testid="csv-file">
            {t('userData.file', {
              name: table.name,
              rows: table.table.rows,
              columns: table.table.columns.length,
              size: table.size,
              hash: table.hash,
            })}
          </p>
          <span className="field">
            <label htmlFor={targetId}>{t('userData.target')}</label>
            <select
              id={targetId}
              data-testid="csv-target"
              value={chosen.target}
              onChange={(e) => setTarget(Number(e.currentTarget.value))}
            >
              {numeric.map((j) => (
                <option key={j} value={j}>
                  {table.table.columns[j]}
                </option>
              ))}
            </select>
          </span>
          <fieldset className="field csv-features" data-testid="csv-features">
            <legend>{t('userData.features')}</legend>
            {numeric
              .filter((j) => j !== chosen.target)
              .map((j) => (
                <label key={j}>
                  <input
                    type="checkbox"
                    checked={chosen.features.includes(j)}
                    onChange={(e) => toggle(j, e.currentTarget.checked)}
                  />{' '}
                  {table.table.columns[j]}
                </label>
              ))}
          </fieldset>
        </>
      )}
    </section>
  );
}
