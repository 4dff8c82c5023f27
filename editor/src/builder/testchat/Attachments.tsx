// Files the tester attaches as the contact: picked, dropped or pasted, uploaded at once through
// the same `POST /api/files` as the editor's media (same size and type limits, checked by the
// server), shown as chips above the box until sent with the caption typed there.
import { useCallback, useEffect, useRef, useState } from 'react';
import { MAX_FILE_BYTES, megabytes } from '../../../../blocks/limits.js';
import { fmt, getLocale } from '../../i18n.js';
import { uploadFailureReason, uploadFile } from '../settings/MediaInput.js';
import type { TestChatTexts } from './texts.js';

/** At most this many files in one message (the server's limit too). */
export const MAX_ATTACHMENTS = 10;

/** What the file chooser offers: what WhatsApp can carry (the server checks the content). */
export const ACCEPTED_FILES = 'image/*,video/mp4,video/3gpp,audio/*,application/pdf,text/plain,text/csv,application/zip,.doc,.docx,.xls,.xlsx,.ppt,.pptx';

export interface StagedFile {
  key: number;
  name: string;
  size: number;
  mime: string;
  /** A local preview for images, shown while (and after) it uploads. */
  preview: string | null;
  progress: number;
  /** The stored file's id once uploaded. */
  fileId: string | null;
}

export function useStagedFiles(t: TestChatTexts, onError: (message: string) => void) {
  const [files, setFiles] = useState<StagedFile[]>([]);
  const uploads = useRef(new Map<number, AbortController>());
  const seq = useRef(0);
  const count = useRef(0);
  count.current = files.length;
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const drop = useCallback((key: number) => {
    uploads.current.get(key)?.abort();
    uploads.current.delete(key);
    setFiles((list) => {
      const gone = list.find((f) => f.key === key);
      if (gone?.preview) URL.revokeObjectURL(gone.preview);
      return list.filter((f) => f.key !== key);
    });
  }, []);

  const add = useCallback(
    (picked: readonly File[]) => {
      const room = Math.max(0, MAX_ATTACHMENTS - count.current);
      for (const file of picked.slice(0, room)) {
        if (file.size > MAX_FILE_BYTES) {
          onErrorRef.current(fmt(t.tooLarge, { name: file.name, mb: megabytes(MAX_FILE_BYTES) }));
          continue;
        }
        const key = ++seq.current;
        const preview = file.type.startsWith('image/') ? URL.createObjectURL(file) : null;
        count.current++;
        setFiles((list) => [...list, { key, name: file.name || 'arquivo', size: file.size, mime: file.type, preview, progress: 0, fileId: null }]);
        const ctrl = new AbortController();
        uploads.current.set(key, ctrl);
        const patch = (p: Partial<StagedFile>) => setFiles((list) => list.map((f) => (f.key === key ? { ...f, ...p } : f)));
        uploadFile(file, (progress) => patch({ progress }), ctrl.signal).then(
          (saved) => {
            uploads.current.delete(key);
            patch({ fileId: saved.id, progress: 1 });
          },
          (e: unknown) => {
            if (ctrl.signal.aborted) return;
            drop(key);
            onErrorRef.current(fmt(t.uploadFailed, { name: file.name, reason: uploadFailureReason(e, t.uploadNetwork, getLocale()) }));
          },
        );
      }
    },
    [t, drop],
  );

  /** Forgets the chips after a send; the files stay stored (they were sent). */
  const clear = useCallback(() => {
    setFiles((list) => {
      for (const f of list) if (f.preview) URL.revokeObjectURL(f.preview);
      return [];
    });
  }, []);

  useEffect(
    () => () => {
      for (const c of uploads.current.values()) c.abort();
    },
    [],
  );

  const uploading = files.some((f) => !f.fileId);
  const ready = files.length > 0 && !uploading;
  return { files, add, remove: drop, clear, uploading, ready };
}

/** The files in a drag or paste, if it carries any. */
export function filesIn(data: DataTransfer | null): File[] {
  return data ? Array.from(data.files) : [];
}

export const carriesFiles = (data: DataTransfer | null) => !!data && Array.from(data.types).includes('Files');

export function StagedChips({ files, t, onRemove }: { files: readonly StagedFile[]; t: TestChatTexts; onRemove(key: number): void }) {
  if (!files.length) return null;
  return (
    <ul className="tc-staged" aria-label={t.attach}>
      {files.map((f) => {
        const ext = /\.([a-z0-9]{1,5})$/i.exec(f.name)?.[1]?.toUpperCase();
        return (
          <li key={f.key} className={`tc-stage${f.fileId ? '' : ' is-uploading'}`} data-testid="tc-staged">
            {f.preview ? <img src={f.preview} alt="" /> : <span className="tc-stage-icon">{ext ?? '📄'}</span>}
            <span className="tc-stage-name" title={f.name}>
              {f.name}
            </span>
            {f.fileId ? null : (
              <span className="tc-stage-progress" role="progressbar" aria-label={fmt(t.uploading, { name: f.name })} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(f.progress * 100)}>
                <span style={{ width: `${Math.round(f.progress * 100)}%` }} />
              </span>
            )}
            <button type="button" className="tc-stage-remove" aria-label={fmt(t.removeAttachment, { name: f.name })} onClick={() => onRemove(f.key)}>
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export function PaperclipIcon() {
  return (
    <svg width={18} height={18} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <path d="m21.4 11.1-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5" />
    </svg>
  );
}
