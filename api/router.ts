import { authRouter } from './routers/auth.js';
import { flowsRouter } from './routers/flows.js';
import { templatesRouter } from './routers/templates.js';
import { testChatRouter } from './routers/test-chat.js';
import { router } from './trpc.js';

export const appRouter = router({
  auth: authRouter,
  flows: flowsRouter,
  templates: templatesRouter,
  testChat: testChatRouter,
});

export type AppRouter = typeof appRouter;
