// Stroke icons for the Settings sections, drawn like the kit's (24-unit grid, currentColor).
import type { SVGProps } from 'react';

/** A stroke icon from its paths (the channel screens draw theirs with it too). */
export function icon(paths: string[]) {
  return function Icon({ size = 18, ...rest }: SVGProps<SVGSVGElement> & { size?: number }) {
    return (
      <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" {...rest}>
        {paths.map((d) => (
          <path key={d} d={d} />
        ))}
      </svg>
    );
  };
}

export const AccountIcon = icon(['M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M4 21c0-4 3.6-6 8-6s8 2 8 6']);
export const UsersIcon = icon(['M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z', 'M2.5 20c0-3.3 2.9-5 6.5-5s6.5 1.7 6.5 5', 'M16 4.3a3.5 3.5 0 0 1 0 6.4', 'M18 15.3c2.1.6 3.5 2.1 3.5 4.7']);
export const DepartmentIcon = icon(['M3 21h18', 'M5 21V7l7-4 7 4v14', 'M9 21v-5h6v5', 'M9 10h.01', 'M15 10h.01']);
export const TagIcon = icon(['M3 12V4a1 1 0 0 1 1-1h8l9 9-9 9z', 'M7.5 7.5h.01']);
export const MessageBankIcon = icon(['M4 5h16v11H8l-4 4z', 'M8 9h8', 'M8 12h5']);
export const InboxIcon = icon(['M12 7v5l3 2', 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z']);
export const PaperclipIcon = icon(['M21 11.5 12.5 20a5 5 0 0 1-7-7L14 4.5a3.3 3.3 0 0 1 4.7 4.7L10.2 17.7a1.7 1.7 0 0 1-2.4-2.4L15.5 7.6']);
export const KeyIcon = icon(['M8 20a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M10.8 13.2 20 4', 'M16.5 7.5l2.5 2.5', 'M14.5 9.5l2 2']);
export const EditIcon = icon(['M4 20h4L19 9l-4-4L4 16z', 'M13.5 6.5l4 4']);
export const DataIcon = icon(['M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3z', 'M4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6', 'M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3']);
export const VariableFieldIcon = icon(['M4 6h16v12H4z', 'M8 10h5', 'M8 14h8']);
