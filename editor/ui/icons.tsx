// A few stroke icons (24-unit grid, currentColor), so the kit needs no icon font.
import type { SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function icon(paths: string[], name: string) {
  const Icon = ({ size = 16, ...rest }: IconProps) => (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      {paths.map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
  Icon.displayName = name;
  return Icon;
}

export const CloseIcon = icon(['M18 6 6 18', 'M6 6l12 12'], 'CloseIcon');
export const PlusIcon = icon(['M12 5v14', 'M5 12h14'], 'PlusIcon');
export const ArrowUpIcon = icon(['M12 19V5', 'M5 12l7-7 7 7'], 'ArrowUpIcon');
export const ArrowDownIcon = icon(['M12 5v14', 'M19 12l-7 7-7-7'], 'ArrowDownIcon');
export const TrashIcon = icon(['M3 6h18', 'M8 6V4h8v2', 'M19 6l-1 14H6L5 6', 'M10 11v6', 'M14 11v6'], 'TrashIcon');
export const CopyIcon = icon(['M9 9h11v11H9z', 'M5 15H4V4h11v1'], 'CopyIcon');
export const MoreIcon = icon(['M5 12h.01', 'M12 12h.01', 'M19 12h.01'], 'MoreIcon');
export const ChevronDownIcon = icon(['M6 9l6 6 6-6'], 'ChevronDownIcon');
export const ChevronRightIcon = icon(['M9 6l6 6-6 6'], 'ChevronRightIcon');
export const UploadIcon = icon(['M12 16V4', 'M7 9l5-5 5 5', 'M4 20h16'], 'UploadIcon');
export const LinkIcon = icon(
  ['M10 14a5 5 0 0 0 7 0l3-3a5 5 0 0 0-7-7l-1 1', 'M14 10a5 5 0 0 0-7 0l-3 3a5 5 0 0 0 7 7l1-1'],
  'LinkIcon',
);
export const SearchIcon = icon(['M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z', 'M20 20l-4-4'], 'SearchIcon');
export const CheckIcon = icon(['M5 12l5 5L20 7'], 'CheckIcon');
export const AlertIcon = icon(['M12 3l9 16H3z', 'M12 10v4', 'M12 17h.01'], 'AlertIcon');
export const FileIcon = icon(['M14 3H6v18h12V7z', 'M14 3v4h4'], 'FileIcon');
export const VariableIcon = icon(['M8 4c-2 0-3 1-3 3v2c0 1.5-1 3-2 3 1 0 2 1.5 2 3v2c0 2 1 3 3 3', 'M16 4c2 0 3 1 3 3v2c0 1.5 1 3 2 3-1 0-2 1.5-2 3v2c0 2-1 3-3 3'], 'VariableIcon');
