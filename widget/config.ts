// What the server tells the widget about its account (runtime/channels/webchat/settings.ts).
export interface WidgetConfig {
  publicId: string;
  title: string;
  color: string;
  avatarUrl: string | null;
  greeting: string;
  greetingDelaySeconds: number;
  position: 'right' | 'left';
  language: 'auto' | 'pt-BR' | 'en';
}

/** Messages between the loader (host page) and the chat page (its iframe). */
export type FrameMessage = { type: 'ozia:ready' } | { type: 'ozia:close' } | { type: 'ozia:open' } | { type: 'ozia:hidden' } | { type: 'ozia:unread'; count: number };
