// What the channel screens get from the API, named once.
import type { api } from '../../api.js';

type Result<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

export type ChannelListItem = Result<typeof api.channels.list.query>[number];
export type ChannelAccount = Result<typeof api.channels.get.query>;
export type ChannelHealth = Result<typeof api.channels.health.query>;
export type Diagnosis = Result<typeof api.channels.diagnose.query>[number];
export type FlowChoice = Result<typeof api.channels.flows.query>[number];
export type DepartmentChoice = Result<typeof api.channels.departments.query>[number];
