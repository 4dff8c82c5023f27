// Icons of the channel screens, drawn like the Settings ones (24-unit grid, currentColor).
import { icon } from '../icons.js';

export const ChannelIcon = icon(['M7 3h8a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z', 'M10 18h2', 'M9 8h4', 'M9 11h3']);
export const BackIcon = icon(['M15 6l-6 6 6 6']);
export const PlugIcon = icon(['M9 7V3', 'M15 7V3', 'M6 7h12v4a6 6 0 0 1-12 0z', 'M12 17v4']);
export const RefreshIcon = icon(['M20 12a8 8 0 1 1-2.3-5.7', 'M20 4v5h-5']);
