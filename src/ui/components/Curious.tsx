import type { ReactNode } from 'react';
import { useFormat } from '../format';

/**
 * "For the curious": the expert words (λmax, Hessian, backend, fingerprint…) behind a disclosure,
 * so each panel opens with its plain sentence. A closed <details> keeps its children in the DOM
 * (their text and test ids stay readable) but out of the Tab order: put no controls in here.
 */
export function Curious({ children, testId }: { children: ReactNode; testId?: string }) {
  const { t } = useFormat();
  return (
    <details className="curious" data-testid={testId}>
      <summary>{t('curious.summary')}</summary>
      {children}
    </details>
  );
}
