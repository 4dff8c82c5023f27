import { defineMediaExecutor } from '../shared/media.js';
import { schema } from './schema.js';

export const executor = defineMediaExecutor(schema, 'video');
