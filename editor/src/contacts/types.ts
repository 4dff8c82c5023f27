// What the Contacts tab reads from the server (types only: the editor never imports the runtime).
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../api/router.js';

type Out = inferRouterOutputs<AppRouter>['contacts'];
export type FieldDefinition = Out['fields']['list'][number];
export type FieldType = FieldDefinition['type'];
export type ContactRow = Out['list']['items'][number];
export type ContactPageData = Out['get'];
export type SavedFilter = Out['filters']['list'][number];
