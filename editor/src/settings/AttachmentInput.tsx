// A quick reply's optional file. Uploads the way the flow editor's media fields do (the same
// `uploadFile`, with progress and cancel); an attachment saved earlier is described from the
// file's own headers, since the quick reply keeps only its id.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { Button, Field, FileIcon, ProgressBar, Spinner, TrashIcon, UploadIcon } from '../../ui/index.js';
import { fileUrl, formatBytes, uploadFailureReason, uploadFile, type UploadedFile } from '../builder/settings/MediaInput.js';
import { fmt, useLocale, useTexts } from '../i18n.js';
import { settingsTexts } from './texts.js';

interface FileInfo {
  name: string;
  size: number | null;
}

/** Name and size of a stored file, from a HEAD request (Content-Disposition, Content-Length). */
async function describeFile(id: string): Promise<FileInfo | null> {
  const res = await fetch(fileUrl(id), { method: 'HEAD', credentials: 'same-origin' });
  if (!res.ok) return null;
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const length = Number(res.headers.get('Content-Length'));
  return { name: m ? decodeURIComponent(m[1]) : '', size: Number.isFinite(length) && length > 0 ? length : null };
}

export function AttachmentInput({
  fileId,
  onChange,
  error,
  label,
  help,
}: {
  fileId: string | null;
  onChange: (fileId: string | null) => void;
  error?: string;
  /** Another use than a quick reply's file (a site chat's avatar) names itself. */
  label?: string;
  help?: string;
}) {
  const t = useTexts(settingsTexts);
  const locale = useLocale();
  const [uploading, setUploading] = useState<{ name: string; progress: number } | null>(null);
  const [uploadError, setUploadError] = useState('');
  const [info, setInfo] = useState<(FileInfo & { id: string }) | null>(null);
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const picker = useRef<HTMLInputElement | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  useEffect(() => {
    if (!fileId || info?.id === fileId) return;
    let live = true;
    describeFile(fileId)
      .then((f) => live && setInfo({ id: fileId, name: f?.name || t.quickReplies.attachedFile, size: f?.size ?? null }))
      .catch(() => live && setInfo({ id: fileId, name: t.quickReplies.attachedFile, size: null }));
    return () => {
      live = false;
    };
  }, [fileId, info?.id, t]);

  const start = async (file: File) => {
    abort.current?.abort();
    const ctrl = new AbortController();
    abort.current = ctrl;
    setUploadError('');
    setUploading({ name: file.name, progress: 0 });
    try {
      const saved: UploadedFile = await uploadFile(file, (p) => setUploading({ name: file.name, progress: p }), ctrl.signal);
      setInfo({ id: saved.id, name: saved.name, size: saved.size });
      onChange(saved.id);
    } catch (e) {
      if ((e as Error).name === 'AbortError') return;
      setUploadError(fmt(t.quickReplies.uploadFailed, { reason: uploadFailureReason(e, t.quickReplies.uploadNetwork, locale) }));
    } finally {
      if (abort.current === ctrl) {
        abort.current = null;
        setUploading(null);
      }
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files?.[0];
    if (file) void start(file);
  };

  const pct = uploading ? Math.round(uploading.progress * 100) : 0;
  return (
    <Field label={label ?? t.quickReplies.attachment} hint={t.common.optional} help={help ?? t.quickReplies.attachmentHelp} error={uploadError || error} group>
      <input
        ref={picker}
        type="file"
        className="st-file-input"
        aria-label={label ?? t.quickReplies.attachment}
        tabIndex={-1}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void start(file);
        }}
      />
      {uploading ? (
        <div className="st-attachment" aria-live="polite">
          <Spinner size={16} />
          <div className="st-attachment__meta">
            <span className="st-attachment__name">{uploading.name}</span>
            <ProgressBar value={uploading.progress} label={fmt(t.quickReplies.uploading, { name: uploading.name, pct })} />
          </div>
          <Button size="sm" variant="ghost" onClick={() => abort.current?.abort()}>
            {t.common.cancel}
          </Button>
        </div>
      ) : fileId ? (
        <div className="st-attachment">
          <FileIcon size={20} aria-hidden="true" />
          <div className="st-attachment__meta">
            <a className="st-attachment__name" href={fileUrl(fileId)} target="_blank" rel="noreferrer">
              {info?.id === fileId ? info.name : '…'}
            </a>
            {info?.id === fileId && info.size !== null ? <span className="muted small">{formatBytes(info.size, locale)}</span> : null}
          </div>
          <Button size="sm" variant="secondary" icon={<UploadIcon size={14} />} onClick={() => picker.current?.click()}>
            {t.quickReplies.replaceFile}
          </Button>
          <Button size="sm" variant="ghost" icon={<TrashIcon size={14} />} onClick={() => onChange(null)}>
            {t.quickReplies.removeFile}
          </Button>
        </div>
      ) : (
        <div
          className={dragging ? 'st-drop st-drop--over' : 'st-drop'}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <UploadIcon size={18} aria-hidden="true" />
          <Button size="sm" variant="secondary" onClick={() => picker.current?.click()}>
            {t.quickReplies.chooseFile}
          </Button>
        </div>
      )}
    </Field>
  );
}
