// What the message template screens get from the API, named once.
import type { api } from '../../api.js';

type Result<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

export type MessageTemplate = Result<typeof api.messageTemplates.list.query>['templates'][number];
export type TemplateComponent = MessageTemplate['components'][number];
/** An approved template the Inbox offers, with its body filled with the variables' names. */
export type OfferedTemplate = Result<typeof api.inbox.templates.query>[number];
