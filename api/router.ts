import { authRouter } from './routers/auth.js';
import { channelsRouter } from './routers/channels.js';
import { messageTemplatesRouter } from './routers/message-templates.js';
import { contactsRouter } from './routers/contacts.js';
import { flowsRouter } from './routers/flows.js';
import { templatesRouter } from './routers/templates.js';
import { retentionRouter } from './routers/retention.js';
import { testChatRouter } from './routers/test-chat.js';
import { inboxRouter } from './routers/inbox.js';
import { departmentsRouter, usersRouter } from './routers/people.js';
import { router } from './trpc.js';

export const appRouter = router({
  auth: authRouter,
  flows: flowsRouter,
  templates: templatesRouter,
  testChat: testChatRouter,
  inbox: inboxRouter,
  users: usersRouter,
  departments: departmentsRouter,
  channels: channelsRouter,
  messageTemplates: messageTemplatesRouter,
  contacts: contactsRouter,
  retention: retentionRouter,
});

export type AppRouter = typeof appRouter;
