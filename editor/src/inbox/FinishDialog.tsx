// Finish a conversation, optionally asking the contact for a 1–5 satisfaction score first.
import { useState } from 'react';
import { api } from '../api.js';
import { fmt, useTexts } from '../i18n.js';
import { ActionDialog } from './ActionDialog.js';
import { contactName } from './format.js';
import { inboxTexts } from './texts.js';
import type { Conversation } from './types.js';

const SURVEY_KEY = 'ozia.inbox.survey';

export function FinishDialog({ conv, onClose, onDone }: { conv: Conversation; onClose(): void; onDone(): void }) {
  const t = useTexts(inboxTexts);
  const [survey, setSurvey] = useState(() => localStorage.getItem(SURVEY_KEY) === '1');
  return (
    <ActionDialog
      title={t.finishTitle}
      confirmLabel={t.finishConfirm}
      onClose={onClose}
      onDone={onDone}
      action={async () => {
        localStorage.setItem(SURVEY_KEY, survey ? '1' : '0');
        await api.inbox.finish.mutate({ id: conv.id, survey });
      }}
    >
      <p>{fmt(t.finishText, { name: contactName(conv.contact, t.noName) })}</p>
      <div>
        <label className="ib-check">
          <input type="checkbox" checked={survey} onChange={(e) => setSurvey(e.target.checked)} aria-describedby="ib-survey-hint" />
          <span>{t.survey}</span>
        </label>
        <p className="ib-check__help" id="ib-survey-hint">
          {t.surveyHint}
        </p>
      </div>
    </ActionDialog>
  );
}
