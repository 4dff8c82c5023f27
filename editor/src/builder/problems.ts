// Lint results by block, for the badges on the canvas. FlowActions lints the draft and
// publishes the result here; each block card reads only its own entry.
import { create } from 'zustand';
import type { Problem } from '../../../blocks/lint/index.js';

interface BlockProblems {
  byBlock: Map<string, { severity: Problem['severity']; text: string }>;
  setProblems(problems: Problem[], locale: 'pt-BR' | 'en'): void;
}

export const useBlockProblems = create<BlockProblems>((set) => ({
  byBlock: new Map(),
  setProblems(problems, locale) {
    const byBlock = new Map<string, { severity: Problem['severity']; text: string }>();
    for (const p of problems) {
      if (!p.blockId) continue;
      const prev = byBlock.get(p.blockId);
      // Errors win over warnings; several problems read as one list in the tooltip.
      if (!prev) byBlock.set(p.blockId, { severity: p.severity, text: p.message[locale] });
      else byBlock.set(p.blockId, { severity: prev.severity === 'error' ? 'error' : p.severity, text: `${prev.text}\n${p.message[locale]}` });
    }
    set({ byBlock });
  },
}));
