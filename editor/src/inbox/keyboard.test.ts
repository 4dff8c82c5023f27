import { describe, expect, it } from 'vitest';
import { isTypingTarget, shortcutFor } from './keyboard.js';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('shortcutFor', () => {
  it('maps single keys outside text fields', () => {
    expect(shortcutFor(key('j'), false)).toBe('next');
    expect(shortcutFor(key('ArrowDown'), false)).toBe('next');
    expect(shortcutFor(key('k'), false)).toBe('previous');
    expect(shortcutFor(key('/'), false)).toBe('focusComposer');
    expect(shortcutFor(key('?', { shiftKey: true }), false)).toBe('help');
    expect(shortcutFor(key('x'), false)).toBeNull();
  });
  it('leaves typing alone, except the note toggle', () => {
    expect(shortcutFor(key('j'), true)).toBeNull();
    expect(shortcutFor(key('/'), true)).toBeNull();
    expect(shortcutFor(key('N', { ctrlKey: true, shiftKey: true }), true)).toBe('toggleNote');
    expect(shortcutFor(key('n', { metaKey: true, shiftKey: true }), false)).toBe('toggleNote');
    expect(shortcutFor(key('j', { ctrlKey: true }), false)).toBeNull();
  });
});

describe('isTypingTarget', () => {
  it('knows text fields by their tag and type', () => {
    const el = (tagName: string, extra: Record<string, unknown> = {}) => ({ tagName, ...extra }) as unknown as EventTarget;
    expect(isTypingTarget(el('TEXTAREA'))).toBe(true);
    expect(isTypingTarget(el('INPUT', { type: 'search' }))).toBe(true);
    expect(isTypingTarget(el('INPUT', { type: 'checkbox' }))).toBe(false);
    expect(isTypingTarget(el('SELECT'))).toBe(true);
    expect(isTypingTarget(el('DIV', { isContentEditable: true }))).toBe(true);
    expect(isTypingTarget(el('BUTTON'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
