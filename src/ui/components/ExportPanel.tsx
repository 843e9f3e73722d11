import { useState } from 'react';
import { verdictLabel } from '../labels';
import { captionLines, type FigureCaption } from '../figure/caption';
import { download, svgToPng } from '../figure/download';
import { exportTraces, tracesCsv, tracesJson } from '../figure/traces';
import type { Frame } from '../runInputs';
import { useFormat } from '../format';

type Kind = 'png' | 'svg' | 'csv' | 'json';

interface Props {
  /** What the page draws; exported only when every run is exact (undefined while training). */
  frame: Frame | undefined;
  caption: FigureCaption | undefined;
  /** The scene's id, for file names. */
  sceneId: string;
}

/**
 * Downloads the side-by-side figure (PNG, SVG, with a caption naming scene, learning rates, seed,
 * fingerprint and backend) and the traces (CSV, JSON). Everything is made in the page; the figure
 * renderer (React's server renderer) is loaded on the first export only.
 */
export function ExportPanel({ frame, caption, sceneId }: Props) {
  const { t } = useFormat();
  const [said, setSaid] = useState('');
  const ready = frame !== undefined && caption !== undefined;
  const save = async (kind: Kind) => {
    if (!frame || !caption) return;
    const name = `lr-lab-${sceneId}-seed${caption.seed}-${caption.fingerprint}.${kind}`;
    try {
      if (kind === 'csv' || kind === 'json') {
        const traces = exportTraces(frame, (v) => verdictLabel(v, t));
        const body =
          kind === 'csv' ? tracesCsv(traces) : tracesJson(traces, { ...caption, scene: sceneId });
        download(
          new Blob([body], { type: kind === 'csv' ? 'text/csv' : 'application/json' }),
          name,
        );
      } else {
        const { figureSvg, figureSize } = await import('../figure/figureMarkup');
        const svg = figureSvg(frame, caption, t);
        if (kind === 'svg') download(new Blob([svg], { type: 'image/svg+xml' }), name);
        else {
          const { width, height } = figureSize(captionLines(caption, t).length);
          download(await svgToPng(svg, width, height), name);
        }
      }
      setSaid(t('exportPanel.saved', { name }));
    } catch (err) {
      setSaid(t('exportPanel.failed', { error: err instanceof Error ? err.message : String(err) }));
    }
  };
  const button = (kind: Kind, label: string) => (
    // An export holds the verdicts and the fingerprint, which only the final result has: while the
    // runs still train (their curves already drawn as they come) the button says why it waits.
    <button
      type="button"
      data-export={kind}
      disabled={!ready}
      title={ready ? undefined : t('exportPanel.waiting')}
      onClick={() => void save(kind)}
    >
      {label}
    </button>
  );
  return (
    <section className="export-panel controls" aria-label={t('exportPanel.title')}>
      <strong>{t('exportPanel.title')}</strong>
      {button('png', t('exportPanel.png'))}
      {button('svg', t('exportPanel.svg'))}
      {button('csv', t('exportPanel.csv'))}
      {button('json', t('exportPanel.json'))}
      <span role="status" className="said muted small" data-testid="export-said">
        {ready ? said : t('exportPanel.waiting')}
      </span>
    </section>
  );
}
