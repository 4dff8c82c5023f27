// Flows shared by tests and benches.
import { buildFlow, text } from './flow-builder.js';

/** Echo flow: asks, echoes, loops. Each inbound message gets exactly one answer. */
export const echoFlow = buildFlow({
  variables: ['said'],
  groups: [
    { id: 'hello', blocks: [text('h', 'Oi! Diga algo.')] },
    {
      id: 'loop',
      blocks: [
        { id: 'ask', kind: 'input-text', options: { variableId: 'said' } },
        text('echo', 'eco: {{said}}'),
        { id: 'again', kind: 'jump', options: { target: { groupId: 'loop' } } },
      ],
    },
  ],
  edges: [{ from: { blockId: 'h' }, to: { groupId: 'loop' } }],
});
