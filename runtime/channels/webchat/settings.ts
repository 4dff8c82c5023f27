// A web chat account's kind settings (`channels.settings`): how the widget looks and behaves,
// which sites may embed it, and its public id (what URLs carry instead of the account id).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { DeliverySettings } from '../contract.js';

/** 16 random bytes, URL-safe: unguessable, so a public id cannot be enumerated from another. */
export function newPublicId(): string {
  return randomBytes(16).toString('base64url');
}

export const PUBLIC_ID = /^[\w-]{16,64}$/;

/** `https://host[:port]` exactly (no path): what a browser sends as `Origin`. Plain http only for localhost-like hosts in development. */
const origin = z
  .string()
  .trim()
  .transform((s) => s.replace(/\/+$/, '').toLowerCase())
  .refine((s) => {
    try {
      const u = new URL(s);
      const local = u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]';
      return (u.protocol === 'https:' || (u.protocol === 'http:' && local)) && u.origin === s;
    } catch {
      return false;
    }
  }, 'write a site as https://host or https://host:port, with no path');

export const webchatSettings = z.object({
  /** Generated once when the account is created; never changed by a patch (accounts.ts keeps it). */
  publicId: z.string().regex(PUBLIC_ID, 'a public id is 16 to 64 letters, digits, - or _').default(newPublicId),
  title: z.string().trim().min(1, 'give the chat a title').max(60, 'at most 60 characters').default('Fale conosco'),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'use a colour like #1f7a5a')
    .default('#1f7a5a'),
  /** An uploaded image's file id, shown beside the bot's messages and on the bubble. */
  avatarFileId: z.string().min(1).max(64).nullable().default(null),
  greeting: z.string().trim().max(200, 'at most 200 characters').default('Olá! Posso ajudar?'),
  /** Seconds after the page loads before the greeting bubble shows; 0 shows it at once. */
  greetingDelaySeconds: z.number().int('use a whole number').min(0, 'use 0 or more').max(600, 'at most 600 seconds').default(5),
  position: z.enum(['right', 'left'], { error: 'choose right or left' }).default('right'),
  /** Sites that may embed the widget; empty: only Ozia's own /c/ page. */
  allowedOrigins: z.array(origin).max(50, 'at most 50 sites').default([]),
  /** Messages a visitor may send per minute; beyond it they are refused (429). */
  messagesPerMinute: z.number().int('use a whole number').min(1, 'at least 1').max(600, 'at most 600').default(20),
  language: z.enum(['auto', 'pt-BR', 'en'], { error: 'choose auto, pt-BR or en' }).default('auto'),
});

export type WebchatSettings = z.output<typeof webchatSettings>;

/** Settings a kind generates itself: a supervisor's patch never replaces them. */
export const WEBCHAT_GENERATED = ['publicId'] as const;

/** A browser shows messages at once: no typing pacing by default, no per-minute cap on the bot. */
export const WEBCHAT_DELIVERY_DEFAULTS: Omit<DeliverySettings, 'botOffDepartmentId'> = Object.freeze({
  typingMsPerChar: 0,
  typingMaxMs: 0,
  splitLong: true,
  perMinute: 0,
  pauseAfterPhoneMinutes: 0,
});

/** What the widget may know of its account (no ids, no limits that help an attacker tune a flood). */
export interface WebchatPublicConfig {
  publicId: string;
  title: string;
  color: string;
  avatarUrl: string | null;
  greeting: string;
  greetingDelaySeconds: number;
  position: 'right' | 'left';
  language: 'auto' | 'pt-BR' | 'en';
}
