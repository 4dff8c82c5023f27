// The Settings tab: a list of sections on the left, the chosen one on the right. Everyone has
// their account and the tags; supervisors also manage the team, queues, message bank and inbox.
import type { ComponentType, SVGProps } from 'react';
import { useEffect } from 'react';
import { useTexts } from '../i18n.js';
import { match, navigate, usePath } from '../router.js';
import type { User } from '../session.js';
import { AccountSection } from './AccountSection.js';
import { ChannelsSection } from './channels/ChannelsSection.js';
import { ContactFieldsSection } from './ContactFieldsSection.js';
import { ChannelIcon } from './channels/icons.js';
import { DepartmentsSection } from './DepartmentsSection.js';
import { AccountIcon, DataIcon, DepartmentIcon, InboxIcon, MessageBankIcon, TagIcon, UsersIcon, VariableFieldIcon } from './icons.js';
import { InboxSettingsSection } from './InboxSettingsSection.js';
import { QuickRepliesSection } from './QuickRepliesSection.js';
import { RetentionSection } from './RetentionSection.js';
import { MessageTemplatesSection } from './templates/MessageTemplatesSection.js';
import { TagsSection } from './TagsSection.js';
import { settingsTexts } from './texts.js';
import { UsersSection } from './UsersSection.js';
import './settings.css';

type SectionId = 'account' | 'users' | 'departments' | 'tags' | 'quick-replies' | 'inbox' | 'channels' | 'message-templates' | 'contact-fields' | 'data';

interface Section {
  id: SectionId;
  supervisorOnly: boolean;
  Icon: ComponentType<SVGProps<SVGSVGElement> & { size?: number }>;
  Body: ComponentType<{ user: User }>;
}

const SECTIONS: readonly Section[] = [
  { id: 'account', supervisorOnly: false, Icon: AccountIcon, Body: AccountSection },
  { id: 'users', supervisorOnly: true, Icon: UsersIcon, Body: UsersSection },
  { id: 'departments', supervisorOnly: true, Icon: DepartmentIcon, Body: DepartmentsSection },
  { id: 'tags', supervisorOnly: false, Icon: TagIcon, Body: TagsSection },
  { id: 'quick-replies', supervisorOnly: true, Icon: MessageBankIcon, Body: QuickRepliesSection },
  { id: 'inbox', supervisorOnly: true, Icon: InboxIcon, Body: InboxSettingsSection },
  { id: 'channels', supervisorOnly: true, Icon: ChannelIcon, Body: ChannelsSection },
  { id: 'message-templates', supervisorOnly: true, Icon: MessageBankIcon, Body: MessageTemplatesSection },
  { id: 'contact-fields', supervisorOnly: true, Icon: VariableFieldIcon, Body: ContactFieldsSection },
  { id: 'data', supervisorOnly: true, Icon: DataIcon, Body: RetentionSection },
];

export function SettingsPage({ user }: { user: User }) {
  const t = useTexts(settingsTexts);
  const path = usePath();
  const visible = SECTIONS.filter((s) => !s.supervisorOnly || user.role === 'supervisor');
  // A section may have pages of its own (/settings/channels/<id>).
  const requested = (match('/settings/:section', path) ?? match('/settings/:section/:page', path))?.section;
  // "/settings" opens the account; a section this person may not see (or a typo) goes back there.
  const current = requested === undefined ? visible[0] : visible.find((s) => s.id === requested);
  useEffect(() => {
    if (!current) navigate('/settings', { replace: true });
  }, [current]);
  useEffect(() => {
    if (!current) return;
    const previous = document.title;
    document.title = `${t.sections[current.id]} · ${t.title} · Ozia`;
    return () => {
      document.title = previous;
    };
  }, [current, t]);
  if (!current) return null;
  const Body = current.Body;
  return (
    <div className="st-page">
      <aside className="st-side">
        <h1>{t.title}</h1>
        <nav aria-label={t.navLabel}>
          {visible.map(({ id, Icon }) => (
            <a
              key={id}
              href={`/settings/${id}`}
              aria-current={id === current.id ? 'page' : undefined}
              onClick={(e) => {
                if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                e.preventDefault();
                navigate(`/settings/${id}`);
              }}
            >
              <Icon size={18} />
              <span>{t.sections[id]}</span>
            </a>
          ))}
        </nav>
      </aside>
      <main className="st-main">
        <Body key={current.id} user={user} />
      </main>
    </div>
  );
}
