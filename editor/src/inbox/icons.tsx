// Stroke icons for the Inbox's controls (24-unit grid, currentColor), so no control depends on
// an emoji font being installed.
import type { SVGProps } from 'react';

type P = SVGProps<SVGSVGElement> & { size?: number };

function make(paths: string[], name: string, extra?: (p: P) => React.ReactNode) {
  const Icon = ({ size = 18, ...rest }: P) => (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" {...rest}>
      {paths.map((d) => (
        <path key={d} d={d} />
      ))}
      {extra?.(rest)}
    </svg>
  );
  Icon.displayName = name;
  return Icon;
}

// The sound toggle is a speaker: the bell in the top bar is the notifications list.
export const SoundIcon = make(['M11 5 6 9H2v6h4l5 4V5z', 'M15.5 8.5a5 5 0 0 1 0 7', 'M19 5a10 10 0 0 1 0 14'], 'SoundIcon');
export const SoundOffIcon = make(['M11 5 6 9H2v6h4l5 4V5z', 'M22 9l-6 6', 'M16 9l6 6'], 'SoundOffIcon');
export const BoltIcon = make(['M13 2 4 14h7l-1 8 9-12h-7z'], 'BoltIcon');
export const SmileIcon = make(['M8 14s1.5 2 4 2 4-2 4-2', 'M9 9h.01', 'M15 9h.01'], 'SmileIcon', () => <circle cx="12" cy="12" r="9" />);
export const PaperclipIcon = make(['M21 11.5l-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l8.6-8.6a3.7 3.7 0 0 1 5.2 5.2l-8.6 8.6a1.8 1.8 0 0 1-2.6-2.6l7.9-7.9'], 'PaperclipIcon');
export const PanelIcon = make(['M15 4v16'], 'PanelIcon', () => <rect x="3" y="4" width="18" height="16" rx="2" />);
export const UnreadIcon = make(['M4 6h11v9H8l-4 3z'], 'UnreadIcon', () => <circle cx="19" cy="6" r="3" fill="currentColor" />);
export const BotIcon = make(['M12 4v4', 'M9 13h.01', 'M15 13h.01', 'M2 13v2', 'M22 13v2'], 'BotIcon', () => <rect x="4" y="8" width="16" height="11" rx="3" />);
export const LockIcon = make(['M8 11V7a4 4 0 0 1 8 0v4'], 'LockIcon', () => <rect x="5" y="11" width="14" height="10" rx="2" />);
export const HeadsetIcon = make(['M3 14v-2a9 9 0 0 1 18 0v2', 'M21 14v3a2 2 0 0 1-2 2h-1v-6h3', 'M3 14v3a2 2 0 0 0 2 2h1v-6H3'], 'HeadsetIcon');
export const ClockIcon = make(['M12 7v5l3 2'], 'ClockIcon', () => <circle cx="12" cy="12" r="9" />);

export const CheckIcon = make(['M4 12.5 8.5 17 20 6'], 'CheckIcon');
export const DoubleCheckIcon = make(['M1.5 12.5 6 17 16.5 6', 'M10.5 15.5 12 17 22.5 6'], 'DoubleCheckIcon');
export const ReplyIcon = make(['M9 14 4 9l5-5', 'M4 9h10a6 6 0 0 1 6 6v5'], 'ReplyIcon');
export const TrashIcon = make(['M3 6h18', 'M8 6V4h8v2', 'M19 6l-1 14H6L5 6', 'M10 11v6', 'M14 11v6'], 'TrashIcon');
export const PinIcon = make(['M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21z'], 'PinIcon', () => <circle cx="12" cy="9.5" r="2.5" />);
export const MicIcon = make(['M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3z', 'M19 11a7 7 0 0 1-14 0', 'M12 18v3'], 'MicIcon');
export const UserIcon = make(['M20 21a8 8 0 0 0-16 0'], 'UserIcon', () => <circle cx="12" cy="8" r="4" />);
export const AlertIcon = make(['M12 9v4', 'M12 17h.01', 'M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z'], 'AlertIcon');
export const PhoneIcon = make(['M12 18h.01'], 'PhoneIcon', () => <rect x="7" y="2" width="10" height="20" rx="2" />);
export const BanIcon = make(['M5.6 5.6l12.8 12.8'], 'BanIcon', () => <circle cx="12" cy="12" r="9" />);
