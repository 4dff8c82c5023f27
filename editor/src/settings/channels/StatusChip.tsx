// A channel's state as a colored chip: green connected, amber on its way, red needing someone.
import { useTexts } from '../../i18n.js';
import { headline, toneOf, type StatusView } from './status.js';
import { channelTexts } from './texts.js';

export function StatusChip({ status, now }: { status: StatusView; now: number }) {
  const t = useTexts(channelTexts);
  return (
    <span className={`ch-chip ch-chip--${toneOf(status.state)}`} data-state={status.state}>
      <span className="ch-chip__dot" aria-hidden="true" />
      {headline(status, t, now)}
    </span>
  );
}
