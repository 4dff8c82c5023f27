import { describe, expect, it } from 'vitest';
import { emptyFlowDocument } from '../../../blocks/flow.js';
import { importProblems } from './import-problems.js';

describe('why an import was refused', () => {
  it('names the fields of the document inside an export file, not of the wrapper', () => {
    const document = structuredClone(emptyFlowDocument()) as any;
    delete document.groups[0].position;
    document.groups[0].blocks.push({ id: 'b1', kind: 'bubble-text', options: { text: '' } });
    const text = JSON.stringify({ name: 'Exportado', document });
    const serverSaid = [{ path: 'groups[0].position', message: 'Invalid input: expected object, received undefined' }];
    const issues = importProblems(text, serverSaid, 'pt-BR');
    // The half-filled text block is imported as typed, like any draft: only the structure is refused.
    expect(issues.map((i) => i.path)).toEqual(['groups[0].position']);
    expect(issues[0].message).not.toMatch(/expected object/);
  });

  it("keeps the server's reason when the document itself is sound (a size limit)", () => {
    const text = JSON.stringify({ name: 'Grande', document: emptyFlowDocument() });
    const serverSaid = [{ path: 'json', message: 'at most 120 characters' }];
    expect(importProblems(text, serverSaid, 'pt-BR')).toEqual([{ path: 'json', message: 'no máximo 120 caracteres' }]);
    expect(importProblems('{oops', serverSaid, 'en')).toEqual(serverSaid);
  });
});
