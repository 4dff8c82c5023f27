// Inbound media, downloaded at once into Ozia's files: WhatsApp's CDN links expire, and an
// agent opening a conversation days later must still see the photo. A size cap keeps a 2 GB
// video from filling the disk: checked before downloading when WhatsApp tells the size, and
// while streaming when it does not (or lies).
import type { Readable } from 'node:stream';
import { downloadMediaMessage, extensionForMediaMessage } from 'baileys';
import type { ILogger } from 'baileys/lib/Utils/logger.js';
import type { MediaDownloadOptions, WAMessage } from 'baileys';
import { contentOf } from './content.js';

export interface DownloadedMedia {
  data: Buffer;
  mime: string;
  name: string;
  size: number;
}

/** Downloads a media message's file; throws `MediaTooLargeError` over `maxBytes`. */
export type MediaDownloader = (message: WAMessage, limits: { maxBytes: number }) => Promise<DownloadedMedia>;

export class MediaTooLargeError extends Error {
  constructor(
    /** Bytes, when known (declared by WhatsApp, or counted up to the cap). */
    readonly size: number | null,
    readonly maxBytes: number,
  ) {
    super(`media over the limit of ${maxBytes} bytes`);
    this.name = 'MediaTooLargeError';
  }
}

/** The media part of a message, whatever wraps it. */
export function mediaContentOf(message: WAMessage):
  | { type: 'imageMessage' | 'videoMessage' | 'ptvMessage' | 'audioMessage' | 'documentMessage' | 'stickerMessage'; media: MediaFields }
  | null {
  const found = contentOf(message.message);
  if (!found) return null;
  const { content, type } = found;
  if (type === 'imageMessage' || type === 'videoMessage' || type === 'ptvMessage' || type === 'audioMessage' || type === 'documentMessage' || type === 'stickerMessage') {
    const media = content[type] as MediaFields | null | undefined;
    return media ? { type, media } : null;
  }
  return null;
}

export interface MediaFields {
  mimetype?: string | null;
  fileLength?: number | { toNumber(): number } | null;
  fileName?: string | null;
  url?: string | null;
  directPath?: string | null;
  mediaKey?: Uint8Array | null;
}

/** The size WhatsApp declares (`fileLength`, a protobuf Long), or null. */
export function declaredSize(media: MediaFields): number | null {
  const v = media.fileLength;
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v.toString());
  return Number.isFinite(n) && n >= 0 ? n : null;
}

const DEFAULT_MIME: Record<string, string> = {
  imageMessage: 'image/jpeg',
  videoMessage: 'video/mp4',
  ptvMessage: 'video/mp4',
  audioMessage: 'audio/ogg',
  documentMessage: 'application/octet-stream',
  stickerMessage: 'image/webp',
};

/** A file name for the download: the document's own, else `<kind>-<message id>.<ext>`. */
export function mediaFileName(message: WAMessage, type: string, media: MediaFields): string {
  if (media.fileName) return media.fileName;
  let ext = 'bin';
  try {
    ext = extensionForMediaMessage({ [type]: media } as never) || ext;
  } catch {
    // no mimetype: keep .bin
  }
  return `${type.replace('Message', '')}-${message.key.id ?? 'file'}.${ext.replace(/^\./, '')}`;
}

async function collect(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw new MediaTooLargeError(size, maxBytes);
      chunks.push(chunk as Buffer);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

function httpStatusOf(error: unknown): number | null {
  const e = error as { status?: unknown; output?: { statusCode?: unknown } } | null;
  const s = typeof e?.status === 'number' ? e.status : typeof e?.output?.statusCode === 'number' ? e.output.statusCode : null;
  return s;
}

/** WhatsApp's CDN answers these for a link that expired: the phone must upload the file again. */
const EXPIRED = new Set([404, 410]);

export interface BaileysDownloaderOptions {
  /** Asks the sender's phone to upload an expired file again (`sock.updateMediaMessage` of the live socket). */
  reupload?: (message: WAMessage) => Promise<WAMessage>;
  logger?: ILogger;
  /** Passed to Baileys (media host override, fetch options). */
  download?: MediaDownloadOptions;
}

/**
 * The real downloader. Baileys' own re-upload fallback checks `error.status`, but its fetch
 * throws a Boom whose code is in `output.statusCode` (rc14, messages-media.js getHttpStream), so
 * it never fires; the re-upload is done here instead.
 */
export function baileysMediaDownloader(options: BaileysDownloaderOptions = {}): MediaDownloader {
  return async (message, { maxBytes }) => {
    const found = mediaContentOf(message);
    if (!found) throw new Error('not a media message');
    const declared = declaredSize(found.media);
    if (declared !== null && declared > maxBytes) throw new MediaTooLargeError(declared, maxBytes);
    // Only the media part goes to Baileys, unwrapped: it does not see through every wrapper (animated stickers).
    const bare = (m: WAMessage): WAMessage => {
      const inner = mediaContentOf(m);
      return { ...m, message: inner ? { [inner.type]: inner.media } : m.message };
    };
    const fetchOnce = async (m: WAMessage) => collect(await downloadMediaMessage(bare(m), 'stream', options.download ?? {}), maxBytes);
    let data: Buffer;
    try {
      data = await fetchOnce(message);
    } catch (error) {
      const status = httpStatusOf(error);
      if (!options.reupload || status === null || !EXPIRED.has(status)) throw error;
      options.logger?.info({ key: message.key, status }, 'media link expired: asking the phone to upload it again');
      data = await fetchOnce(await options.reupload(message));
    }
    const mime = (found.media.mimetype ?? DEFAULT_MIME[found.type]).split(';')[0].trim() || DEFAULT_MIME[found.type];
    return { data, mime, name: mediaFileName(message, found.type, found.media), size: data.length };
  };
}
