// The media bubbles' `source`: a link (which may hold {{variables}}) or an uploaded file.
// Uploads go to `POST /api/files?name=…` with the raw file as the body; the server answers
// `{ id, name, mime, size, url }`, or `{ error }` with a 4xx when it refuses the size or type.
import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import type { MediaType } from '../../../../blocks/contract.js';
import {
  Button,
  FileIcon,
  LinkIcon,
  ProgressBar,
  SegmentedControl,
  Spinner,
  TextInput,
  TrashIcon,
  UploadIcon,
  useFieldContext,
} from '../../../ui/index.js';
import { fmt, getLocale, type Locale } from '../../i18n.js';
import { readableServerError } from '../../server-errors.js';
import { useForm } from './context.js';
import { getIn, issuesUnder, pathKey, type FormNode, type Path } from './form-model.js';

type SourceDraft = { kind?: 'url'; url?: string } | { kind: 'file'; fileId?: string; fileName?: string };

export interface UploadedFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  url: string;
}

/** What the file picker offers per media type (the server checks the bytes anyway). */
const ACCEPT: Record<MediaType, string | undefined> = {
  image: 'image/jpeg,image/png,image/webp,image/gif',
  video: 'video/mp4,video/3gpp,.mp4,.3gp',
  audio: 'audio/ogg,audio/mpeg,audio/mp4,audio/aac,audio/amr,.ogg,.opus,.mp3,.m4a,.aac,.amr',
  document: undefined,
};

export function mediaTypeOf(kind: string): MediaType {
  const t = kind.replace(/^bubble-/, '');
  return t === 'image' || t === 'video' || t === 'audio' ? t : 'document';
}

export const fileUrl = (fileId: string) => `/api/files/${encodeURIComponent(fileId)}`;

export function formatBytes(n: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: u === 0 ? 0 : 1 }).format(v)} ${units[u]}`;
}

class UploadError extends Error {}

/** Why an upload failed, for a person: the server's reason in their language, or the network. */
export function uploadFailureReason(e: unknown, networkText: string, locale: Locale): string {
  return e instanceof UploadError ? readableServerError(e.message, locale) : networkText;
}

/** Sends the file with XMLHttpRequest, for upload progress; rejects with the server's message. */
export function uploadFile(file: File, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/files?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: a proxy's error page
      }
      const b = (body ?? {}) as Partial<UploadedFile> & { error?: unknown };
      if (xhr.status >= 200 && xhr.status < 300 && typeof b.id === 'string') {
        resolve({ id: b.id, name: b.name ?? file.name, mime: b.mime ?? file.type, size: b.size ?? file.size, url: b.url ?? fileUrl(b.id) });
      } else {
        reject(new UploadError(typeof b.error === 'string' && b.error ? b.error : `HTTP ${xhr.status}${xhr.statusText ? ` ${xhr.statusText}` : ''}`));
      }
    };
    xhr.onerror = () => reject(new Error('network'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

function isPlainHttpUrl(s: string): boolean {
  if (s.includes('{{')) return false;
  try {
    const u = new URL(s.trim());
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function Preview({ type, src, name, size }: { type: MediaType; src: string | null; name: string; size?: string }) {
  const { t } = useForm();
  const [broken, setBroken] = useState(false);
  useEffect(() => setBroken(false), [src]);
  let visual = null;
  if (src && !broken && type === 'image') visual = <img className="bs-media__thumb" src={src} alt="" onError={() => setBroken(true)} />;
  else if (src && !broken && type === 'video')
    visual = <video className="bs-media__thumb" src={src} preload="metadata" muted playsInline onError={() => setBroken(true)} />;
  return (
    <div className={['bs-media__preview', visual ? 'has-visual' : ''].filter(Boolean).join(' ')}>
      {visual ?? (
        <div className="bs-media__icon" aria-hidden="true">
          <FileIcon size={22} />
        </div>
      )}
      <div className="bs-media__meta">
        <span className="bs-media__name" title={name}>
          {name}
        </span>
        {size ? <span className="bs-media__size">{size}</span> : null}
        {src && broken ? <span className="bs-media__size">{t.previewUnavailable}</span> : null}
        {src && type === 'audio' && !broken ? <audio className="bs-media__audio" src={src} controls preload="none" /> : null}
      </div>
    </div>
  );
}

export function MediaInput({ node, path }: { node: FormNode; path: Path }) {
  const { t, locale, kind, value: root, set, issues } = useForm();
  const field = useFieldContext();
  const type = mediaTypeOf(kind);
  const source = (getIn(root, path) ?? {}) as SourceDraft;
  const isFile = source.kind === 'file';
  const [tab, setTab] = useState<'url' | 'file'>(isFile ? 'file' : 'url');
  const [uploading, setUploading] = useState<{ name: string; progress: number } | null>(null);
  const [error, setError] = useState('');
  const [lastUpload, setLastUpload] = useState<UploadedFile | null>(null);
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const fileInput = useRef<HTMLInputElement | null>(null);
  const inputId = useId();
  useEffect(() => () => abort.current?.abort(), []);

  const urlVariant = node.variants?.find((v) => v.value === 'url');
  const urlField = urlVariant?.fields.find((f) => f.key === 'url');
  const all = issuesUnder(issues, path);
  const urlIssues = all.filter((i) => pathKey(i.path) === pathKey([...path, 'url'])).map((i) => i.message);
  const otherIssues = all.filter((i) => !pathKey(i.path).startsWith(`${pathKey(path)}.`)).map((i) => i.message);
  const fileIssues = all.filter((i) => ['fileId', 'fileName'].some((k) => pathKey(i.path) === pathKey([...path, k]))).map((i) => i.message);

  const start = async (file: File) => {
    abort.current?.abort();
    const ctrl = new AbortController();
    abort.current = ctrl;
    setError('');
    setUploading({ name: file.name, progress: 0 });
    try {
      const res = await uploadFile(file, (p) => setUploading({ name: file.name, progress: p }), ctrl.signal);
      setLastUpload(res);
      set(path, { kind: 'file', fileId: res.id, fileName: res.name });
    } catch (e) {
      if ((e as Error).name === 'AbortError') return;
      setError(fmt(t.uploadFailed, { reason: uploadFailureReason(e, t.uploadNetwork, getLocale()) }));
    } finally {
      if (abort.current === ctrl) {
        abort.current = null;
        setUploading(null);
      }
    }
  };
  const pickFile = () => fileInput.current?.click();
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files?.[0];
    if (file) void start(file);
  };

  const fileId = isFile ? (source.fileId ?? '') : '';
  const fileName = isFile ? source.fileName || (lastUpload?.id === fileId ? lastUpload.name : '') || fileId : '';
  const url = !isFile ? (source.url ?? '') : '';

  return (
    <div className="bs-media">
      <SegmentedControl
        size="sm"
        aria-label={field?.labelId ? undefined : t.upload}
        value={tab}
        onChange={(v) => setTab(v)}
        options={[
          { value: 'url', label: t.link, icon: <LinkIcon size={14} /> },
          { value: 'file', label: t.upload, icon: <UploadIcon size={14} /> },
        ]}
      />
      {tab === 'url' ? (
        <div className="bs-stack bs-stack--tight">
          <TextInput
            id={inputId}
            aria-label={urlField?.meta.label?.[locale] ?? 'URL'}
            aria-invalid={urlIssues.length > 0 || undefined}
            aria-describedby={`${inputId}-help`}
            inputMode="url"
            spellCheck={false}
            placeholder={urlField?.meta.placeholder?.[locale]}
            value={url}
            onChange={(v) => set(path, { kind: 'url', url: v })}
          />
          {urlIssues.map((m, i) => (
            <p key={i} className="ui-field__error">
              {m}
            </p>
          ))}
          {urlField?.meta.help ? (
            <p className="ui-field__help" id={`${inputId}-help`}>
              {urlField.meta.help[locale]}
            </p>
          ) : null}
          {isFile && fileId ? <p className="ui-field__help">{`${t.uploadedFile}: ${fileName}`}</p> : null}
          {url.includes('{{') ? <p className="ui-field__help">{t.templatedUrl}</p> : null}
          {isPlainHttpUrl(url) ? <Preview type={type} src={url.trim()} name={decodeURIComponent(url.trim().split('/').filter(Boolean).pop() ?? url)} /> : null}
        </div>
      ) : (
        <div className="bs-stack bs-stack--tight">
          <input
            ref={fileInput}
            type="file"
            hidden
            accept={ACCEPT[type]}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void start(file);
            }}
          />
          {uploading ? (
            <div className="bs-media__uploading" aria-live="polite">
              <div className="bs-media__uploading-head">
                <Spinner size={16} />
                <span className="bs-media__name" title={uploading.name}>
                  {uploading.name}
                </span>
                <span className="bs-media__pct">{Math.round(uploading.progress * 100)}%</span>
                <Button size="sm" variant="ghost" onClick={() => abort.current?.abort()}>
                  {t.cancel}
                </Button>
              </div>
              <ProgressBar value={uploading.progress} label={fmt(t.uploading, { name: uploading.name, pct: Math.round(uploading.progress * 100) })} />
            </div>
          ) : isFile && fileId ? (
            <div className="bs-media__current">
              <Preview
                type={type}
                src={lastUpload?.id === fileId ? lastUpload.url : fileUrl(fileId)}
                name={fileName}
                size={lastUpload?.id === fileId ? formatBytes(lastUpload.size, locale) : undefined}
              />
              <div className="bs-media__actions">
                <Button size="sm" variant="secondary" icon={<UploadIcon size={14} />} onClick={pickFile}>
                  {t.replace}
                </Button>
                <Button size="sm" variant="ghost" icon={<TrashIcon size={14} />} onClick={() => set(path, { kind: 'file', fileId: '' })}>
                  {t.removeFile}
                </Button>
              </div>
            </div>
          ) : (
            <div
              className={['bs-media__drop', dragging ? 'is-dragging' : '', fileIssues.length ? 'has-error' : ''].filter(Boolean).join(' ')}
              onDragOver={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
            >
              <UploadIcon size={22} className="bs-media__drop-icon" />
              <Button size="sm" variant="secondary" onClick={pickFile}>
                {t.chooseFile}
              </Button>
              <span className="bs-media__drop-hint">{t.dropHere}</span>
            </div>
          )}
          {error ? (
            <p className="ui-field__error" role="alert">
              {error}
            </p>
          ) : null}
          {fileIssues.map((m, i) => (
            <p key={i} className="ui-field__error">
              {m}
            </p>
          ))}
        </div>
      )}
      {[...otherIssues, ...(tab === 'url' ? (isFile ? fileIssues : []) : isFile ? [] : urlIssues)].map((m, i) => (
        <p key={i} className="ui-field__error">
          {m}
        </p>
      ))}
    </div>
  );
}
