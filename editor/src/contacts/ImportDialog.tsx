// "Importar CSV": choose a file → the server reads it and guesses what each column holds →
// the person checks the mapping against the first rows (each with its status) → "Importar" →
// what was created, updated and refused, with each refused row's line and reason (and a CSV of
// them to fix). Changing a column's target checks the first rows again under the new mapping.
import { useRef, useState } from 'react';
import { Button, ProgressBar, Select, UploadIcon } from '../../ui/index.js';
import { Modal } from '../dialog.js';
import { fmt, useLocale, useTexts } from '../i18n.js';
import { issueText, previewImport, rejectedCsv, runImport, saveFile, type ImportPreview, type ImportResult, type ImportTarget } from './csv-files.js';
import { contactsTexts, type ContactsTexts } from './texts.js';
import type { FieldDefinition } from './types.js';

type Step = { at: 'choose' } | { at: 'map'; file: File; preview: ImportPreview; mapping: ImportTarget[]; checking: boolean } | { at: 'importing'; file: File; preview: ImportPreview } | { at: 'done'; preview: ImportPreview; result: ImportResult };

const plural = (n: number, w: { none: string; one: string; many: string }) => (n === 0 ? w.none : n === 1 ? w.one : fmt(w.many, { n: n.toLocaleString() }));

export function ImportDialog({ fields, onClose, onImported }: { fields: FieldDefinition[]; onClose: () => void; onImported: () => void }) {
  const t = useTexts(contactsTexts);
  const io = t.io;
  const locale = useLocale();
  const [step, setStep] = useState<Step>({ at: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const seq = useRef(0);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setReading(true);
    try {
      const preview = await previewImport(file, locale);
      setStep({ at: 'map', file, preview, mapping: preview.columns.map((c) => c.target), checking: false });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setReading(false);
    }
  };

  const remap = async (i: number, target: ImportTarget) => {
    if (step.at !== 'map') return;
    // A target goes to one column: the column that had it is ignored from now on.
    const mapping = step.mapping.map((m, j) => (j === i ? target : m === target && target !== 'ignore' ? 'ignore' : m));
    const n = ++seq.current;
    setStep({ ...step, mapping, checking: true });
    setError(null);
    try {
      const preview = await previewImport(step.file, locale, mapping);
      if (n === seq.current) setStep((s) => (s.at === 'map' ? { ...s, preview, mapping, checking: false } : s));
    } catch (e) {
      if (n === seq.current) {
        setError(e instanceof Error ? e.message : String(e));
        setStep((s) => (s.at === 'map' ? { ...s, checking: false } : s));
      }
    }
  };

  const start = async () => {
    if (step.at !== 'map') return;
    const { file, preview, mapping } = step;
    setError(null);
    setStep({ at: 'importing', file, preview });
    try {
      const result = await runImport(file, locale, mapping);
      setStep({ at: 'done', preview, result });
      if (result.created || result.updated) onImported();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setStep({ at: 'map', file, preview, mapping, checking: false });
    }
  };

  const targets = [
    { value: 'ignore', label: io.targets.ignore },
    { value: 'name', label: io.targets.name },
    { value: 'phone', label: io.targets.phone },
    { value: 'email', label: io.targets.email },
    { value: 'notes', label: io.targets.notes },
    { value: 'tags', label: io.targets.tags },
    ...fields.map((f) => ({ value: `field:${f.key}`, label: f.label })),
  ];

  const footer =
    step.at === 'map' ? (
      <>
        <Button variant="ghost" onClick={onClose}>
          {io.cancel}
        </Button>
        <Button variant="primary" disabled={step.checking} onClick={() => void start()}>
          {fmt(io.start, { rows: plural(step.preview.total, io.rows) })}
        </Button>
      </>
    ) : step.at === 'done' ? (
      <>
        <Button variant="ghost" onClick={() => setStep({ at: 'choose' })}>
          {io.another}
        </Button>
        <Button variant="primary" onClick={onClose}>
          {io.close}
        </Button>
      </>
    ) : step.at === 'choose' ? (
      <Button variant="ghost" onClick={onClose}>
        {io.cancel}
      </Button>
    ) : null;

  return (
    <Modal title={step.at === 'done' ? io.doneTitle : io.importTitle} onClose={step.at === 'importing' ? () => undefined : onClose} footer={footer} wide>
      <div className="ct-import">
        {error ? (
          <p className="ct-import-error" role="alert">
            {error}
          </p>
        ) : null}
        {step.at === 'choose' ? (
          <div className="ct-file-choose">
            <label className="ct-file-pick">
              <UploadIcon size={18} />
              <span>{io.chooseFile}</span>
              <input type="file" accept=".csv,text/csv,text/plain" disabled={reading} onChange={(e) => void choose(e.target.files?.[0])} />
            </label>
            <p className="muted">{io.chooseHint}</p>
          </div>
        ) : null}
        {step.at === 'choose' && reading ? <ProgressBar label={io.reading} /> : null}
        {step.at === 'map' ? <MapStep step={step} targets={targets} onRemap={(i, v) => void remap(i, v)} io={io} locale={locale} /> : null}
        {step.at === 'importing' ? (
          <div className="ct-import-busy" role="status">
            <p>{fmt(io.importing, { rows: plural(step.preview.total, io.rows) })}</p>
            <ProgressBar label={io.importing} />
          </div>
        ) : null}
        {step.at === 'done' ? <DoneStep preview={step.preview} result={step.result} io={io} locale={locale} /> : null}
      </div>
    </Modal>
  );
}

function MapStep({
  step,
  targets,
  onRemap,
  io,
  locale,
}: {
  step: Extract<Step, { at: 'map' }>;
  targets: { value: string; label: string }[];
  onRemap: (i: number, target: ImportTarget) => void;
  io: ContactsTexts['io'];
  locale: ReturnType<typeof useLocale>;
}) {
  const { preview, mapping } = step;
  const first = preview.rows[0]?.cells ?? [];
  return (
    <>
      <p className="muted">
        {step.file.name} — {fmt(io.fileFacts, { rows: plural(preview.total, io.rows), encoding: preview.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252 (Latin-1)', delimiter: preview.delimiter === '\t' ? 'Tab' : preview.delimiter })}
      </p>
      <h3>{io.columnsTitle}</h3>
      <table className="ct-import-table">
        <thead>
          <tr>
            <th scope="col">{io.column}</th>
            <th scope="col">{io.goesTo}</th>
            <th scope="col">{io.example}</th>
          </tr>
        </thead>
        <tbody>
          {preview.columns.map((c, i) => (
            <tr key={i}>
              <th scope="row">{c.header || `#${i + 1}`}</th>
              <td>
                <Select aria-label={`${io.goesTo}: ${c.header || `#${i + 1}`}`} value={mapping[i]} onChange={(v) => onRemap(i, v as ImportTarget)} options={targets} size="sm" />
              </td>
              <td className="muted">{first[i] ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>
        {io.previewTitle} {step.checking ? <span className="muted">{io.checking}</span> : null}
      </h3>
      <p className="muted">{io.matchHint}</p>
      <table className="ct-import-table" aria-label={io.previewTitle} aria-busy={step.checking}>
        <thead>
          <tr>
            <th scope="col">{io.line}</th>
            <th scope="col">{io.status}</th>
            {preview.columns.map((c, i) => (
              <th key={i} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((r) => (
            <tr key={r.line} className={r.status === 'invalid' ? 'ct-import-bad' : undefined}>
              <td>{r.line}</td>
              <td>
                <span className={`ct-import-status ct-import-status--${r.status}`}>{r.status === 'new' ? io.statusNew : r.status === 'update' ? io.statusUpdate : io.statusInvalid}</span>
                {r.issues.map((i, k) => (
                  <div key={k} className="ct-import-reason">
                    {issueText(i, locale)}
                  </div>
                ))}
              </td>
              {preview.columns.map((_, i) => (
                <td key={i}>{r.cells[i] ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function DoneStep({ preview, result, io, locale }: { preview: ImportPreview; result: ImportResult; io: ContactsTexts['io']; locale: ReturnType<typeof useLocale> }) {
  return (
    <>
      <p role="status" className="ct-import-summary">
        {fmt(io.done, { created: result.created, updated: result.updated, rejected: result.rejected.length })}
      </p>
      {result.rejected.length ? (
        <section aria-label={io.rejectedTitle}>
          <h3>{io.rejectedTitle}</h3>
          <p className="muted">{io.rejectedHint}</p>
          <ul className="ct-import-rejected">
            {result.rejected.map((r) => (
              <li key={r.line}>
                <strong>
                  {io.line} {r.line}
                </strong>
                : {r.issues.map((i) => issueText(i, locale)).join('; ')}
              </li>
            ))}
          </ul>
          <Button
            variant="secondary"
            onClick={() => saveFile(rejectedCsv(preview.columns.map((c) => c.header), result.rejected, locale, { line: io.line, reason: io.reason }), io.rejectedFile)}
          >
            {io.downloadRejected}
          </Button>
        </section>
      ) : null}
    </>
  );
}
