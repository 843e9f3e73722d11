import { useState } from 'react';
import type { Rejection } from '../../url/codec';
import { Notices } from '../components/Notices';
import type { Format } from '../format';
import type { Training } from '../hooks/useTraining';
import { causeText, noticeText } from '../notices';

interface Props {
  rejected: readonly Rejection[];
  training: Pick<Training, 'notices' | 'restarts' | 'error'>;
  f: Format;
}

/**
 * What was not used from the link and what went differently than asked (a backend's fallback, a
 * worker restarted, a training failed), until dismissed; new ones show again.
 */
export function LabNotices({ rejected, training, f: { t } }: Props) {
  // The notices the user dismissed, by what they said.
  const [dismissed, setDismissed] = useState('');
  const messages = [
    ...training.notices.map((n) => noticeText(n, t)),
    ...training.restarts.map((n) => noticeText(n, t)),
    ...(training.error ? [t('app.trainingFailed', { error: causeText(training.error, t) })] : []),
  ];
  const noticeKey = JSON.stringify([rejected, messages]);
  if (dismissed === noticeKey) return null;
  return (
    <Notices rejected={rejected} messages={messages} onDismiss={() => setDismissed(noticeKey)} />
  );
}
