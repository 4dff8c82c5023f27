// Uploaded media (images, video, audio, documents) for bubbles: stored on disk under the data
// folder, described in the database, size-limited and type-checked by content, not by name.
// Each file records where it is used (`file_links`), which decides who may read it
// (file-access.ts); a provider without a session gets a signed, expiring link.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FileOwnerKind } from './db/schema.js';
import { signFilePath, verifyFileSignature } from './file-signing.js';
import type { Db } from './db/connect.js';
import { MAX_FILE_BYTES, megabytes } from '../blocks/limits.js';
import { OziaError } from './errors.js';

export { MAX_FILE_BYTES };

/** What WhatsApp can send, by MIME type. */
const allowed = new Map<string, 'image' | 'video' | 'audio' | 'document'>([
  ['image/jpeg', 'image'],
  ['image/png', 'image'],
  ['image/webp', 'image'],
  ['image/gif', 'image'],
  ['video/mp4', 'video'],
  ['video/3gpp', 'video'],
  ['audio/ogg', 'audio'],
  ['audio/mpeg', 'audio'],
  ['audio/mp4', 'audio'],
  ['audio/aac', 'audio'],
  ['audio/amr', 'audio'],
  ['application/pdf', 'document'],
  ['text/plain', 'document'],
  ['text/csv', 'document'],
  ['application/zip', 'document'],
  ['application/msword', 'document'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'document'],
  ['application/vnd.ms-excel', 'document'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'document'],
  ['application/vnd.ms-powerpoint', 'document'],
  ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'document'],
]);

const startsWith = (b: Buffer, bytes: number[], at = 0) => bytes.every((x, i) => b[at + i] === x);

/** The type the bytes really are, for the formats whose signature is known; null if unknown. */
export function sniffMime(b: Buffer): string | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47])) return 'image/png';
  if (startsWith(b, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46])) return 'application/pdf';
  if (startsWith(b, [0x4f, 0x67, 0x67, 0x53])) return 'audio/ogg';
  if (startsWith(b, [0x49, 0x44, 0x33]) || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0)) return 'audio/mpeg';
  if (startsWith(b, [0x66, 0x74, 0x79, 0x70], 4)) return 'video/mp4'; // ISO BMFF: mp4, m4a, 3gp
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return 'application/zip'; // also docx/xlsx/pptx
  if (startsWith(b, [0x23, 0x21, 0x41, 0x4d, 0x52])) return 'audio/amr';
  return null;
}

function compatible(claimed: string, sniffed: string | null): boolean {
  if (sniffed === null) return claimed.startsWith('text/') || claimed === 'application/msword' || claimed.startsWith('application/vnd.ms-');
  if (sniffed === claimed) return true;
  if (sniffed === 'video/mp4') return ['video/mp4', 'video/3gpp', 'audio/mp4', 'audio/aac'].includes(claimed);
  if (sniffed === 'application/zip') return claimed.includes('openxmlformats') || claimed === 'application/zip';
  if (sniffed === 'audio/mpeg') return claimed === 'audio/mpeg' || claimed === 'audio/aac';
  return false;
}

const FILE_ID = /^[\w-]{10,64}$/;
const SIGNING_KEY = 'files.signing_key';

/** Inline in the browser; everything else downloads (a file can never run as a page of the app). */
export const showsInline = (mime: string) => /^(image|audio|video)\//.test(mime);

export interface StoredFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  url: string;
}

export class FileStore {
  constructor(
    private readonly db: Db,
    private readonly dir: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    fs.mkdirSync(dir, { recursive: true });
  }

  private pathOf(id: string) {
    return path.join(this.dir, id);
  }

  async save(input: { name: string; mime: string; data: Buffer; userId?: string | null }): Promise<StoredFile> {
    const mime = input.mime.split(';')[0].trim().toLowerCase();
    const name = path.basename(input.name || 'file').slice(0, 200) || 'file';
    if (!allowed.has(mime)) throw new OziaError('BAD_REQUEST', `file: ${mime || 'unknown type'} cannot be sent on WhatsApp`);
    if (input.data.length === 0) throw new OziaError('BAD_REQUEST', 'file: the file is empty');
    if (input.data.length > MAX_FILE_BYTES) throw new OziaError('BAD_REQUEST', `file: larger than ${megabytes(MAX_FILE_BYTES)} MB`);
    if (!compatible(mime, sniffMime(input.data))) throw new OziaError('BAD_REQUEST', `file: the content is not ${mime}`);
    const id = randomBytes(16).toString('base64url');
    fs.writeFileSync(this.pathOf(id), input.data, { flag: 'wx' });
    await this.db.kysely
      .insertInto('files')
      .values({ id, name, mime, size: input.data.length, created_at: this.clock().toISOString(), created_by: input.userId ?? null })
      .execute();
    return { id, name, mime, size: input.data.length, url: `/api/files/${id}` };
  }

  /** A stored file's details and the kind of message that carries it, or null when unknown. */
  async info(id: string): Promise<(StoredFile & { media: 'image' | 'video' | 'audio' | 'document' }) | null> {
    if (!FILE_ID.test(id)) return null;
    const row = await this.db.kysely.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    return { id: row.id, name: row.name, mime: row.mime, size: row.size, url: `/api/files/${row.id}`, media: allowed.get(row.mime) ?? 'document' };
  }

  /** The row, for access checks; null when unknown. */
  async row(id: string): Promise<{ id: string; created_by: string | null } | null> {
    if (!FILE_ID.test(id)) return null;
    return (await this.db.kysely.selectFrom('files').select(['id', 'created_by']).where('id', '=', id).executeTakeFirst()) ?? null;
  }

  async open(id: string): Promise<{ meta: StoredFile; stream: fs.ReadStream } | null> {
    if (!FILE_ID.test(id)) return null;
    const row = await this.db.kysely.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !fs.existsSync(this.pathOf(id))) return null;
    return {
      meta: { id: row.id, name: row.name, mime: row.mime, size: row.size, url: `/api/files/${row.id}` },
      stream: fs.createReadStream(this.pathOf(id)),
    };
  }

  /** Records that `fileId` is used by a conversation, a flow or a quick reply (unknown ids are ignored). */
  async link(fileIds: string | Iterable<string>, ownerKind: FileOwnerKind, ownerId: string): Promise<void> {
    const ids = [...new Set(typeof fileIds === 'string' ? [fileIds] : fileIds)].filter((id) => FILE_ID.test(id));
    if (!ids.length) return;
    const known = await this.db.kysely.selectFrom('files').select('id').where('id', 'in', ids).execute();
    if (!known.length) return;
    const at = this.clock().toISOString();
    await this.db.kysely
      .insertInto('file_links')
      .values(known.map((f) => ({ file_id: f.id, owner_kind: ownerKind, owner_id: ownerId, created_at: at })))
      .onConflict((oc) => oc.columns(['file_id', 'owner_kind', 'owner_id']).doNothing())
      .execute();
  }

  /** Deletes a file: its bytes, its row and its links; quick replies that attached it lose the attachment. */
  async remove(id: string): Promise<boolean> {
    if (!FILE_ID.test(id)) return false;
    const r = await this.db.kysely.deleteFrom('files').where('id', '=', id).executeTakeFirst();
    await this.db.kysely.deleteFrom('file_links').where('file_id', '=', id).execute();
    await this.db.kysely.updateTable('quick_replies').set({ file_id: null }).where('file_id', '=', id).execute();
    fs.rmSync(this.pathOf(id), { force: true });
    return Number(r.numDeletedRows) === 1;
  }

  /** The stored bytes of files whose rows a purge already deleted (runtime/contacts/purge.ts). */
  removeBytes(ids: Iterable<string>): void {
    for (const id of ids) if (FILE_ID.test(id)) fs.rmSync(this.pathOf(id), { force: true });
  }

  /** Whether a file's bytes are on disk (tests of erasure). */
  hasBytes(id: string): boolean {
    return FILE_ID.test(id) && fs.existsSync(this.pathOf(id));
  }

  private key: Promise<Buffer> | null = null;

  /** The server's signing key, made once and kept in the database (so links survive a restart and work on every process). */
  private signingKey(): Promise<Buffer> {
    this.key ??= (async () => {
      const k = this.db.kysely;
      await k
        .insertInto('app_settings')
        .values({ key: SIGNING_KEY, value: randomBytes(32).toString('base64') })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      const row = await k.selectFrom('app_settings').select('value').where('key', '=', SIGNING_KEY).executeTakeFirstOrThrow();
      return Buffer.from(row.value, 'base64');
    })();
    return this.key;
  }

  /** A link a provider can fetch without a session, valid for `ttlMs` (an hour by default). */
  async signedPath(id: string, ttlMs = 60 * 60_000): Promise<string> {
    return signFilePath(await this.signingKey(), id, new Date(this.clock().getTime() + ttlMs));
  }

  async verifySigned(id: string, exp: string | null, sig: string | null): Promise<boolean> {
    if (!exp || !sig) return false;
    return verifyFileSignature(await this.signingKey(), id, exp, sig, this.clock());
  }
}

/** Every `fileId` a flow document's media use, wherever they sit in it. */
export function fileIdsIn(document: unknown): Set<string> {
  const ids = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'fileId' && typeof x === 'string') ids.add(x);
      else walk(x);
    }
  };
  walk(document);
  return ids;
}
