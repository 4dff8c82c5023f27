// Versioned migrations, run on start. The same list runs on SQLite and PostgreSQL; the only
// difference is how an auto-increment key is spelled.
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { fieldIndexDdl, fieldIndexName } from '../contacts/field-indexes.js';

export type DialectName = 'sqlite' | 'postgres';

export const PG_ACCENTS = "'áàâãäéèêëíìîïóòôõöúùûüçñ', 'aaaaaeeeeiiiiooooouuuucn'";
/** PostgreSQL's searchable text of a message; the inbox's search repeats it so the index serves the query. */
export const PG_SEARCH_VECTOR = `to_tsvector('simple', translate(lower(coalesce((body::json)->>'text', '')), ${PG_ACCENTS}))`;


/** Starts a table whose `id` is an auto-increment integer key, spelled as each database wants. */
function tableWithSerialId(db: Kysely<any>, dialect: DialectName, name: string) {
  const t = db.schema.createTable(name);
  return dialect === 'sqlite'
    ? t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : t.addColumn('id', 'serial', (c) => c.primaryKey());
}

function migrationsFor(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_core': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('auth_sessions')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('login_attempts')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('window_start', 'text', (c) => c.notNull())
          .addColumn('failures', 'integer', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('flows')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('draft', 'text', (c) => c.notNull())
          .addColumn('draft_revision', 'integer', (c) => c.notNull())
          .addColumn('published_version_id', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('updated_by', 'text')
          .execute();
        await db.schema
          .createTable('flow_versions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('flow_id', 'text', (c) => c.notNull().references('flows.id').onDelete('cascade'))
          .addColumn('number', 'integer')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('document', 'text', (c) => c.notNull())
          .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text')
          .execute();
        await db.schema
          .createIndex('flow_versions_number')
          .on('flow_versions')
          .columns(['flow_id', 'number'])
          .unique()
          .execute();

        await db.schema
          .createTable('contacts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('external_id', 'text', (c) => c.notNull())
          .addColumn('name', 'text')
          .addColumn('phone', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('contacts_channel_external')
          .on('contacts')
          .columns(['channel', 'external_id'])
          .unique()
          .execute();

        await db.schema
          .createTable('sessions')
          .addColumn('contact_id', 'text', (c) => c.primaryKey().references('contacts.id').onDelete('cascade'))
          .addColumn('flow_id', 'text', (c) => c.notNull())
          .addColumn('flow_version_id', 'text', (c) => c.notNull().references('flow_versions.id'))
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('conversations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('stage', 'text', (c) => c.notNull())
          .addColumn('opened_at', 'text', (c) => c.notNull())
          .addColumn('closed_at', 'text')
          .addColumn('last_message_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('conversations_contact').on('conversations').columns(['contact_id', 'stage']).execute();

        // Outgoing messages are their own outbox: `status` 'pending' until the channel took them.
        await tableWithSerialId(db, dialect, 'messages')
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('contact_id', 'text', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('direction', 'text', (c) => c.notNull())
          .addColumn('author', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('block_id', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('available_at', 'text')
          .addColumn('sent_at', 'text')
          .addColumn('error', 'text')
          .execute();
        await db.schema.createIndex('messages_conversation').on('messages').columns(['conversation_id', 'id']).execute();
        // Partial: the outbox is the few rows still to send, so sending one removes a tiny entry.
        await db.schema.createIndex('messages_outbox').on('messages').column('id').where(sql.ref('status'), '=', 'pending').execute();

        await tableWithSerialId(db, dialect, 'inbound')
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('external_id', 'text', (c) => c.notNull())
          .addColumn('contact_id', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text', (c) => c.notNull())
          .addColumn('processed_at', 'text')
          .execute();
        await db.schema
          .createIndex('inbound_dedupe')
          .on('inbound')
          .columns(['channel', 'external_id'])
          .unique()
          .execute();
        // Partial: only rows still to answer are indexed, so answering one removes a tiny entry.
        await db.schema.createIndex('inbound_pending').on('inbound').columns(['contact_id', 'id']).where(sql.ref('status'), '=', 'pending').execute();

        await db.schema
          .createTable('timers')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('contact_id', 'text', (c) => c.notNull())
          .addColumn('due_at', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('timers_due').on('timers').columns(['status', 'due_at']).execute();
      },
      async down(db: Kysely<any>) {
        for (const t of [
          'timers',
          'inbound',
          'messages',
          'conversations',
          'sessions',
          'contacts',
          'flow_versions',
          'flows',
          'login_attempts',
          'auth_sessions',
          'users',
        ]) {
          await db.schema.dropTable(t).ifExists().execute();
        }
      },
    },
    '0002_files': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('files')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('mime', 'text', (c) => c.notNull())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text')
          .execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('files').ifExists().execute();
      },
    },
    '0003_inbox': {
      async up(db: Kysely<any>) {
        await db.schema
          .alterTable('users')
          .addColumn('status', 'text', (c) => c.notNull().defaultTo('offline'))
          .execute();
        await db.schema.alterTable('users').addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(5)).execute();
        await db.schema.alterTable('users').addColumn('signature', 'integer', (c) => c.notNull().defaultTo(1)).execute();
        // Round-robin: the online member with free capacity who was given a conversation longest ago goes next.
        await db.schema.alterTable('users').addColumn('last_assigned_at', 'text').execute();

        await db.schema
          .createTable('departments')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull().unique())
          // A short code flows use to route by variable ("sales", "support"); optional, unique.
          .addColumn('code', 'text', (c) => c.unique())
          .addColumn('color', 'text', (c) => c.notNull())
          .addColumn('greeting', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('out_of_hours_message', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('hours', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('department_members')
          .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addPrimaryKeyConstraint('department_members_pk', ['department_id', 'user_id'])
          .execute();
        await db.schema.createIndex('department_members_user').on('department_members').column('user_id').execute();

        for (const [name, type] of [
          ['department_id', 'text'],
          ['agent_id', 'text'],
          ['preferred_agent_id', 'text'],
          ['handoff_mode', 'text'],
          ['waiting_since', 'text'],
          ['assigned_at', 'text'],
          ['first_reply_at', 'text'],
          ['finished_at', 'text'],
          ['closed_by', 'text'],
          ['close_reason', 'text'],
          ['csat_state', 'text'],
          ['csat_score', 'integer'],
          ['csat_comment', 'text'],
          ['last_preview', 'text'],
        ] as const) {
          await db.schema.alterTable('conversations').addColumn(name, type).execute();
        }
        await db.schema.alterTable('conversations').addColumn('unread', 'integer', (c) => c.notNull().defaultTo(0)).execute();
        // One live conversation per contact (a contact belongs to one channel): concurrent
        // messages can never open a second one.
        // An expression rather than a partial index: closed rows give NULL, which never collides,
        // and SQLite keeps it up to date for less (a partial index here cost 15 % of turns).
        await sql`create unique index conversations_live_contact on conversations ((case when stage <> 'closed' then contact_id end))`.execute(db);
        // The inbox lists, each read in its own order straight off an index (partial: only the
        // rows of that list): Waiting oldest first, open ones by activity, Closed by close time;
        // each for everyone (supervisors) and per department (operators, filters).
        const open = sql`stage in ('waiting', 'in_service')`;
        for (const [name, columns, where] of [
          ['conversations_waiting', 'waiting_since', sql`stage = 'waiting'`],
          ['conversations_waiting_department', 'department_id, waiting_since', sql`stage = 'waiting'`],
          ['conversations_open', 'last_message_at', open],
          ['conversations_open_department', 'department_id, last_message_at', open],
          ['conversations_closed', 'closed_at', sql`stage = 'closed'`],
          ['conversations_closed_department', 'department_id, closed_at', sql`stage = 'closed'`],
        ] as const) {
          await sql`create index ${sql.id(name)} on conversations (${sql.raw(columns)}) where ${where}`.execute(db);
        }
        // Partial: most conversations never reach an agent, and each turn that opens one should not pay for it.
        await db.schema
          .createIndex('conversations_agent')
          .on('conversations')
          .columns(['agent_id', 'stage', 'last_message_at'])
          .where(sql.ref('agent_id'), 'is not', null)
          .execute();

        await db.schema
          .createTable('tags')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull().unique())
          .addColumn('color', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('conversation_tags')
          .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
          .addColumn('tag_id', 'text', (c) => c.notNull().references('tags.id').onDelete('cascade'))
          .addPrimaryKeyConstraint('conversation_tags_pk', ['conversation_id', 'tag_id'])
          .execute();
        await db.schema.createIndex('conversation_tags_tag').on('conversation_tags').columns(['tag_id', 'conversation_id']).execute();

        // The message bank: every entry can be typed as /shortcut; global or per department.
        await db.schema
          .createTable('quick_replies')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('shortcut', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('file_id', 'text')
          .addColumn('department_id', 'text', (c) => c.references('departments.id').onDelete('cascade'))
          .addColumn('created_by', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();

        await tableWithSerialId(db, dialect, 'notifications')
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('message_id', 'integer')
          .addColumn('by_user_id', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('read_at', 'text')
          .execute();
        await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'id']).execute();

        await db.schema
          .createTable('app_settings')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();

        await db.schema.alterTable('messages').addColumn('user_id', 'text').execute();

        // Text search over transcripts: FTS5 on SQLite, a GIN text-search index on PostgreSQL.
        if (dialect === 'sqlite') {
          await sql`CREATE VIRTUAL TABLE messages_fts USING fts5(text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(db);
          // Filled in batches off the turn's path by runtime/inbox/search-index.ts (a trigger cost turns 15 %).
        } else {
          // Accents folded with translate(), which every PostgreSQL has (unaccent is an extension).
          await sql`CREATE INDEX messages_search ON messages USING gin (${sql.raw(PG_SEARCH_VECTOR)}) WHERE kind = 'text' AND author IN ('contact', 'agent')`.execute(db);
        }
      },
      async down(db: Kysely<any>) {
        if (dialect === 'sqlite') {
          await sql`DROP TABLE IF EXISTS messages_fts`.execute(db);
        } else {
          await sql`DROP INDEX IF EXISTS messages_search`.execute(db);
        }
        for (const t of ['app_settings', 'notifications', 'quick_replies', 'conversation_tags', 'tags', 'department_members', 'departments']) {
          await db.schema.dropTable(t).ifExists().execute();
        }
      },
    },
    '0004_auth': {
      async up(db: Kysely<any>) {
        // Attempts are counted before the password is checked and answered with growing delays
        // (api/login-throttle.ts); times are epoch milliseconds so one statement can compare and add.
        // The old rows only held 15-minute windows: nothing worth keeping.
        await db.schema.dropTable('login_attempts').ifExists().execute();
        await db.schema
          .createTable('login_attempts')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('failures', 'integer', (c) => c.notNull())
          .addColumn('last_at', 'bigint', (c) => c.notNull())
          .addColumn('not_before', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('login_attempts_last_at').on('login_attempts').column('last_at').execute();
        // Idle timeout: when the session was last used.
        await db.schema.alterTable('auth_sessions').addColumn('last_seen_at', 'text').execute();
        await db.updateTable('auth_sessions').set({ last_seen_at: sql`created_at` }).execute();
        await db.schema.createIndex('auth_sessions_user').on('auth_sessions').column('user_id').execute();
        await db.schema.createIndex('auth_sessions_expires').on('auth_sessions').column('expires_at').execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropIndex('auth_sessions_expires').ifExists().execute();
        await db.schema.dropIndex('auth_sessions_user').ifExists().execute();
        await db.schema.alterTable('auth_sessions').dropColumn('last_seen_at').execute();
        await db.schema.dropTable('login_attempts').ifExists().execute();
        await db.schema
          .createTable('login_attempts')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('window_start', 'text', (c) => c.notNull())
          .addColumn('failures', 'integer', (c) => c.notNull())
          .execute();
        },
      },
    '0005_files': {
      // What each uploaded file belongs to, so it is served only to who may see that: a
      // conversation it was sent in, a flow that shows it, a quick reply that attaches it.
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('file_links')
          .addColumn('file_id', 'text', (c) => c.notNull())
          .addColumn('owner_kind', 'text', (c) => c.notNull())
          .addColumn('owner_id', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('file_links_pk', ['file_id', 'owner_kind', 'owner_id'])
          .execute();
        await db.schema.createIndex('file_links_owner').on('file_links').columns(['owner_kind', 'owner_id']).execute();
        // Files stored before this migration keep being readable where they were used.
        const now = new Date().toISOString();
        const links = new Map<string, { file_id: string; owner_kind: string; owner_id: string; created_at: string }>();
        const add = (file_id: string, owner_kind: string, owner_id: string) => links.set(`${file_id} ${owner_kind} ${owner_id}`, { file_id, owner_kind, owner_id, created_at: now });
        for (const r of await db.selectFrom('quick_replies').select(['id', 'file_id']).where('file_id', 'is not', null).execute()) add(r.file_id, 'quick_reply', r.id);
        for (const r of await db.selectFrom('messages').select(['conversation_id', 'body']).where('body', 'like', '%/api/files/%').execute()) {
          for (const m of String(r.body).matchAll(/\/api\/files\/([\w-]{10,64})/g)) add(m[1], 'conversation', r.conversation_id);
        }
        const documents = [
          ...(await db.selectFrom('flows').select(['id as flow_id', 'draft as document']).execute()),
          ...(await db.selectFrom('flow_versions').select(['flow_id', 'document']).execute()),
        ];
        for (const r of documents) {
          for (const m of String(r.document).matchAll(/"fileId"\s*:\s*"([\w-]{10,64})"/g)) add(m[1], 'flow', r.flow_id);
        }
        const rows = [...links.values()];
        for (let i = 0; i < rows.length; i += 500) await db.insertInto('file_links').values(rows.slice(i, i + 500)).execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('file_links').ifExists().execute();
      },
    },
    '0006_channels': {
      // Channel accounts (a WhatsApp number, the test chat), a person's identities on them, what
      // channels keep for themselves (WhatsApp's auth keys), one holder per exclusive account,
      // and the message columns providers report (their id, delivered, read, quotes, edits).
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('channels')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('flow_id', 'text')
          .addColumn('delivery', 'text', (c) => c.notNull())
          .addColumn('settings', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('deleted_at', 'text')
          .execute();
        const now = new Date().toISOString();
        // The test chat is an account like any other; existing rows already name it 'test'.
        await db
          .insertInto('channels')
          .values({
            id: 'test',
            kind: 'test',
            name: 'Chat de teste',
            flow_id: null,
            delivery: JSON.stringify({ botOffDepartmentId: null, typingMsPerChar: 0, typingMaxMs: 0, splitLong: false, perMinute: 0, pauseAfterPhoneMinutes: 0 }),
            settings: '{}',
            status: JSON.stringify({ state: 'open', since: now }),
            created_at: now,
            updated_at: now,
          })
          .execute();
        await db.schema
          .createTable('channel_state')
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('channel_state_pk', ['channel_id', 'type', 'id'])
          .execute();
        await db.schema
          .createTable('channel_leases')
          .addColumn('channel_id', 'text', (c) => c.primaryKey())
          .addColumn('holder', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('contact_identities')
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('last_seen_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('contact_identities_pk', ['channel_id', 'kind', 'value'])
          .execute();
        await db.schema.createIndex('contact_identities_contact').on('contact_identities').columns(['contact_id', 'channel_id']).execute();
        // Today's contacts each hold one identity: their channel's external id.
        const contacts = await db.selectFrom('contacts').select(['id', 'channel', 'external_id', 'created_at']).execute();
        const identities = contacts.map((c) => ({
          channel_id: c.channel,
          kind: c.channel !== 'test' && /^\d{8,15}$/.test(c.external_id) ? 'phone' : 'visitor',
          value: c.external_id,
          contact_id: c.id,
          created_at: c.created_at,
          last_seen_at: c.created_at,
        }));
        for (let i = 0; i < identities.length; i += 500) await db.insertInto('contact_identities').values(identities.slice(i, i + 500)).execute();
        // The bot stays silent for a contact until then (the business wrote from its phone).
        await db.schema.alterTable('contacts').addColumn('bot_paused_until', 'text').execute();
        for (const [name, type] of [
          ['external_id', 'text'],
          ['delivered_at', 'text'],
          ['read_at', 'text'],
          ['quoted_id', 'integer'],
          ['reactions', 'text'],
          ['edited_at', 'text'],
          ['deleted_at', 'text'],
          ['provider_payload', 'text'],
          // PostgreSQL: the process sending a row holds it until then (epoch ms), so no other sends it too.
          ['claimed_by', 'text'],
          ['claimed_until', 'bigint'],
        ] as const) {
          await db.schema.alterTable('messages').addColumn(name, type).execute();
        }
        await db.schema
          .createIndex('messages_external')
          .on('messages')
          .columns(['channel', 'external_id'])
          .unique()
          .where(sql.ref('external_id'), 'is not', null)
          .execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropIndex('messages_external').ifExists().execute();
        for (const name of ['external_id', 'delivered_at', 'read_at', 'quoted_id', 'reactions', 'edited_at', 'deleted_at', 'provider_payload', 'claimed_by', 'claimed_until']) {
          await db.schema.alterTable('messages').dropColumn(name).execute();
        }
        await db.schema.alterTable('contacts').dropColumn('bot_paused_until').execute();
        for (const t of ['contact_identities', 'channel_leases', 'channel_state', 'channels']) await db.schema.dropTable(t).ifExists().execute();
      },
    },
    '0007_channel_indexes': {
      // The health panel counts a number's messages since midnight and finds its last one.
      async up(db: Kysely<any>) {
        await db.schema.createIndex('messages_channel_created').on('messages').columns(['channel', 'created_at']).execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropIndex('messages_channel_created').ifExists().execute();
      },
    },
    '0008_message_templates': {
      // A Cloud API account's message templates as Meta last told (a sync, a status webhook, a create).
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('message_templates')
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('provider_id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('language', 'text', (c) => c.notNull())
          .addColumn('category', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('rejected_reason', 'text')
          .addColumn('parameter_format', 'text', (c) => c.notNull())
          .addColumn('components', 'text', (c) => c.notNull())
          .addColumn('variables', 'text', (c) => c.notNull())
          .addColumn('synced_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('message_templates_pk', ['channel_id', 'provider_id'])
          .execute();
        // One name and language per account at Meta; sends and the Inbox look templates up by them.
        await db.schema.createIndex('message_templates_name').on('message_templates').columns(['channel_id', 'name', 'language']).unique().execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('message_templates').ifExists().execute();
      },
    },
    '0010_contacts': {
      // The contacts directory: what people edit on a contact (e-mail, notes, custom field values
      // as JSON by key), the tags put on the person (not a conversation), custom field definitions
      // and saved filters. `last_contact_at` is kept by a sweep behind the turns
      // (runtime/contacts/last-contact.ts), so ordering 100,000 contacts by it is an index walk and
      // no message pays a write for it. `document` holds the CPF/CNPJ values' digits for search.
      async up(db: Kysely<any>) {
        for (const name of ['email', 'notes', 'fields', 'updated_at', 'last_contact_at', 'document', 'created_by'] as const) {
          await db.schema.alterTable('contacts').addColumn(name, 'text').execute();
        }
        await sql`create index contacts_name_sort on contacts ((lower(coalesce(name, ''))), id)`.execute(db);
        await db.schema.createIndex('contacts_created').on('contacts').columns(['created_at', 'id']).execute();
        await db.schema.createIndex('contacts_last_contact').on('contacts').columns(['last_contact_at', 'id']).execute();
        await db.schema.createIndex('contacts_phone').on('contacts').column('phone').where(sql.ref('phone'), 'is not', null).execute();
        await db.schema.createIndex('contacts_email').on('contacts').column('email').where(sql.ref('email'), 'is not', null).execute();
        await db.schema.createIndex('contacts_document').on('contacts').column('document').where(sql.ref('document'), 'is not', null).execute();
        await db.schema
          .createTable('contact_tags')
          .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
          .addColumn('tag_id', 'text', (c) => c.notNull().references('tags.id').onDelete('cascade'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('contact_tags_pk', ['contact_id', 'tag_id'])
          .execute();
        await db.schema.createIndex('contact_tags_tag').on('contact_tags').columns(['tag_id', 'contact_id']).execute();
        await db.schema
          .createTable('contact_fields')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('key', 'text', (c) => c.notNull().unique())
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('contact_filters')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('query', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('contact_filters_user').on('contact_filters').columns(['user_id', 'name']).execute();
        // Existing contacts: their last message dates their last contact; the sweep goes on from there.
        await sql`update contacts set last_contact_at = (select max(m.created_at) from messages m where m.contact_id = contacts.id and m.direction <> 'note')`.execute(db);
        // Where sweeps behind the turns stopped (a message id): not a setting anybody edits.
        await db.schema
          .createTable('sweep_cursors')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('position', 'bigint', (c) => c.notNull())
          .execute();
        const top = await sql<{ m: number | null }>`select max(id) as m from messages`.execute(db);
        await db.insertInto('sweep_cursors').values({ name: 'contacts.last_contact', position: Number(top.rows[0]?.m ?? 0) }).execute();
      },
      async down(db: Kysely<any>) {
        for (const t of ['sweep_cursors', 'contact_filters', 'contact_fields', 'contact_tags']) await db.schema.dropTable(t).ifExists().execute();
        for (const i of ['contacts_name_sort', 'contacts_created', 'contacts_last_contact', 'contacts_phone', 'contacts_email', 'contacts_document']) await db.schema.dropIndex(i).ifExists().execute();
        for (const name of ['email', 'notes', 'fields', 'updated_at', 'last_contact_at', 'document', 'created_by']) await db.schema.alterTable('contacts').dropColumn(name).execute();
      },
    },
    '0011_contact_block': {
      // A blocked contact's messages are kept but nobody automated answers them. The turn's load
      // already reads the contact's row, so the flag costs one column there and no query.
      async up(db: Kysely<any>) {
        for (const name of ['blocked_at', 'blocked_by', 'block_reason'] as const) {
          await db.schema.alterTable('contacts').addColumn(name, 'text').execute();
        }
        // The Contacts list's "Bloqueados" filter: few rows, a partial index.
        await db.schema.createIndex('contacts_blocked').on('contacts').column('blocked_at').where(sql.ref('blocked_at'), 'is not', null).execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropIndex('contacts_blocked').ifExists().execute();
        for (const name of ['blocked_at', 'blocked_by', 'block_reason']) await db.schema.alterTable('contacts').dropColumn(name).execute();
      },
    },
    '0012_contact_merge': {
      // A contact merged into another leaves a pointer (no personal data: two ids, when, by whom),
      // so its old address can say where the person went. And a flow run's variables are kept
      // when the run is replaced (a restart, a timeout, a merge), since `sessions.state` holds
      // only the current run's: the contact page shows what each flow collected over time.
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('contact_merges')
          .addColumn('loser_id', 'text', (c) => c.primaryKey())
          .addColumn('survivor_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
          .addColumn('merged_at', 'text', (c) => c.notNull())
          .addColumn('merged_by', 'text')
          .execute();
        await db.schema.createIndex('contact_merges_survivor').on('contact_merges').column('survivor_id').execute();
        await tableWithSerialId(db, dialect, 'flow_runs')
          .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
          .addColumn('flow_id', 'text', (c) => c.notNull())
          .addColumn('flow_version_id', 'text', (c) => c.notNull())
          .addColumn('started_at', 'text', (c) => c.notNull())
          .addColumn('last_activity_at', 'text', (c) => c.notNull())
          .addColumn('variables', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('flow_runs_contact').on('flow_runs').columns(['contact_id', 'id']).execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('flow_runs').ifExists().execute();
        await db.schema.dropTable('contact_merges').ifExists().execute();
      },
    },
    '0013_contact_erasure': {
      // LGPD erasure: what was erased, when and by whom, and how much (no personal data). The
      // anonymous contact erased people's conversations point at is made by the first erasure.
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('erasures')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('erased_at', 'text', (c) => c.notNull())
          .addColumn('erased_by', 'text', (c) => c.notNull())
          .addColumn('conversations', 'integer', (c) => c.notNull())
          .addColumn('messages', 'integer', (c) => c.notNull())
          .addColumn('files', 'integer', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('erasures_at').on('erasures').column('erased_at').execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('erasures').ifExists().execute();
      },
    },
    '0014_retention': {
      // Settings → Dados deletes transcripts older than N days (runtime/retention/). A
      // conversation row stays (reports count it); `retention_through` is the cutoff its last
      // sweep applied, `purged_before` the date before which its messages are gone (the Inbox
      // says so). The partial index holds only conversations that may still have something to
      // delete, so an hourly run reads those and not every conversation ever closed.
      async up(db: Kysely<any>) {
        for (const name of ['retention_through', 'purged_before'] as const) {
          await db.schema.alterTable('conversations').addColumn(name, 'text').execute();
        }
        await sql`create index conversations_retention on conversations (opened_at, id)
          where stage in ('closed', 'bot') and (retention_through is null or retention_through <= last_message_at)`.execute(db);
      },
      async down(db: Kysely<any>) {
        await db.schema.dropIndex('conversations_retention').ifExists().execute();
        for (const name of ['retention_through', 'purged_before']) await db.schema.alterTable('conversations').dropColumn(name).execute();
      },
    },
    '0015_contact_search': {
      // The Contacts list at 100,000 contacts: every search and filter reads an index instead of
      // scanning the table (a scan of `contacts` alone costs ~70 ms there). Partial names and
      // e-mails, and partial phones and CPF/CNPJ digits, go through a trigram index: SQLite's
      // FTS5 trigram table kept by triggers in the writing transaction (its rows are numbered by
      // `contact_search_rows`, since a contact's own rowid may change on VACUUM), PostgreSQL's
      // pg_trgm GIN indexes when the extension can be created (without it the search still
      // works, by a scan). The tag and channel filters read the contacts from their own tables'
      // indexes, an operator's rule one index of conversations; custom field filters read per-field expression indexes
      // (runtime/contacts/field-indexes.ts), made here for the fields already defined.
      async up(db: Kysely<any>) {
        await sql`create index contact_identities_channel on contact_identities (channel_id, contact_id)`.execute(db);
        // An operator's rule (inbox/contacts.ts) tested on a contact reads only this index.
        await sql`create index conversations_contact_scope on conversations (contact_id, department_id, agent_id)`.execute(db);
        await sql`create index contacts_created_by on contacts (created_by) where created_by is not null`.execute(db);
        // An operator's rule as a set of contact ids (PostgreSQL reads the rule so, an OR defeats its
        // semi-join; SQLite's list starts from it when no filter's index narrows the contacts),
        // built from two index scans instead of reading every conversation. Only a query that says
        // `contact_id <> ''` may read them (the rule's set does): an Inbox list filtered by
        // department or agent must keep walking its own ordered index, not sort from these.
        await sql`create index conversations_department_contact on conversations (department_id, contact_id) where department_id is not null and contact_id <> ''`.execute(db);
        await sql`create index conversations_agent_contact on conversations (agent_id, contact_id) where agent_id is not null and contact_id <> ''`.execute(db);
        if (dialect === 'sqlite') {
          await sql`create table contact_search_rows (row integer primary key, contact_id text not null unique)`.execute(db);
          await sql`create virtual table contacts_fts using fts5(words, numbers, tokenize = 'trigram')`.execute(db);
          const words = (c: string) => sql.raw(`coalesce(${c}.name, '') || char(10) || coalesce(${c}.email, '')`);
          const numbers = (c: string) => sql.raw(`coalesce(${c}.phone, '') || char(10) || coalesce(${c}.document, '')`);
          const row = (c: string) => sql.raw(`(select row from contact_search_rows where contact_id = ${c}.id)`);
          await sql`create trigger contacts_search_insert after insert on contacts begin
            insert into contact_search_rows (contact_id) values (new.id);
            insert into contacts_fts (rowid, words, numbers) values (${row('new')}, ${words('new')}, ${numbers('new')});
          end`.execute(db);
          await sql`create trigger contacts_search_update after update of name, email, phone, document on contacts begin
            update contacts_fts set words = ${words('new')}, numbers = ${numbers('new')} where rowid = ${row('new')};
          end`.execute(db);
          await sql`create trigger contacts_search_delete after delete on contacts begin
            delete from contacts_fts where rowid = ${row('old')};
            delete from contact_search_rows where contact_id = old.id;
          end`.execute(db);
          await sql`insert into contact_search_rows (contact_id) select id from contacts order by created_at, id`.execute(db);
          await sql`insert into contacts_fts (rowid, words, numbers) select r.row, ${words('c')}, ${numbers('c')} from contacts c join contact_search_rows r on r.contact_id = c.id`.execute(db);
        } else {
          // `create extension` needs the right to; a savepoint keeps the migration alive without it.
          await sql`savepoint contact_trgm`.execute(db);
          try {
            // In `public`, not this schema: dropping a schema drops the extensions inside it, and
            // with them every other schema's indexes on its operator classes.
            await sql`create extension if not exists pg_trgm schema public`.execute(db);
            await sql`release savepoint contact_trgm`.execute(db);
          } catch {
            await sql`rollback to savepoint contact_trgm`.execute(db);
          }
          // "Last contact, newest first, never contacted last": PostgreSQL puts NULLs first when
          // descending, so the ascending index cannot serve it backwards.
          await sql`create index contacts_last_contact_desc on contacts (last_contact_at desc nulls last, id desc)`.execute(db);
          // Wherever the extension lives (installed earlier elsewhere), named with its schema.
          const trgm = await sql<{ schema: string }>`select n.nspname as schema from pg_opclass o join pg_namespace n on n.oid = o.opcnamespace where o.opcname = 'gin_trgm_ops' limit 1`.execute(db);
          const ops = trgm.rows[0] ? sql`${sql.id(trgm.rows[0].schema)}.gin_trgm_ops` : null;
          if (ops) {
            for (const column of ['name', 'email', 'phone', 'document']) {
              await sql`create index ${sql.id(`contacts_${column}_trgm`)} on contacts using gin (${sql.id(column)} ${ops})`.execute(db);
            }
          }
        }
        const fields = await db.selectFrom('contact_fields').select(['key', 'type']).execute();
        for (const f of fields) await sql.raw(fieldIndexDdl(dialect, f.key, f.type)).execute(db);
      },
      async down(db: Kysely<any>) {
        const fields = await db.selectFrom('contact_fields').select(['key']).execute();
        for (const f of fields) await sql`drop index if exists ${sql.id(fieldIndexName(f.key))}`.execute(db);
        for (const t of ['contacts_search_insert', 'contacts_search_update', 'contacts_search_delete']) if (dialect === 'sqlite') await sql`drop trigger if exists ${sql.id(t)}`.execute(db);
        if (dialect === 'sqlite') {
          await sql`drop table if exists contacts_fts`.execute(db);
          await sql`drop table if exists contact_search_rows`.execute(db);
        }
        for (const i of ['contact_identities_channel', 'conversations_contact_scope', 'contacts_created_by', 'conversations_department_contact', 'conversations_agent_contact', 'contacts_last_contact_desc', 'contacts_name_trgm', 'contacts_email_trgm', 'contacts_phone_trgm', 'contacts_document_trgm'])
          await sql`drop index if exists ${sql.id(i)}`.execute(db);
      },
    },
  };
}

class InCodeProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations() {
    return migrationsFor(this.dialect);
  }
}

export async function migrateToLatest(db: Kysely<any>, dialect: DialectName): Promise<string[]> {
  // On PostgreSQL, Kysely looks for its migration tables by name across every schema unless told
  // which one: a database holding other Ozia schemas (tests, several tenants) made it skip creating
  // its lock table here and then fail on it. Name the schema the connection works in.
  const migrationTableSchema =
    dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({ db, provider: new InCodeProvider(dialect), ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
