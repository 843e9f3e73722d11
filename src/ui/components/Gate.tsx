import type { ReactNode } from 'react';
import type { Access } from '../../url/classroom';
import { useFormat } from '../format';

/**
 * A group of controls as the teacher's link offers it: as it is, left out (not disabled: absent
 * from the page), or locked. A locked group sits in a disabled fieldset, which disables every form
 * control inside it natively (keyboard and pointer alike), with a title that says who locked it.
 */
export function Gate({ access, children }: { access: Access; children: ReactNode }) {
  const { t } = useFormat();
  if (access === 'hidden') return null;
  if (access === 'open') return <>{children}</>;
  return (
    <fieldset className="locked" disabled title={t('gate.locked')} data-locked="">
      {children}
    </fieldset>
  );
}
