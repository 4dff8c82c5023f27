// The block palette: every block kind by category, searchable, dragged onto the canvas or into a
// group. A click (or Enter) adds the block as a new group in the middle of the view.
import { useMemo, useState, type DragEvent } from 'react';
import type { BlockCategory, BlockSchema } from '../../../../blocks/contract.js';
import { blockSchemaList } from '../../../../blocks/schemas.js';
import { useLocale, useTexts } from '../../i18n.js';
import { BLOCK_KIND_MIME } from '../canvas/dnd.js';
import { useBuilderApi } from '../store.js';
import { builderTexts } from '../texts.js';
import { addKeywordEvent, keywordTexts, useKeywordEditor } from '../canvas/KeywordEvent.js';

const CATEGORIES: BlockCategory[] = ['bubbles', 'inputs', 'chat', 'logic', 'integrations'];

function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

export function Palette() {
  const t = useTexts(builderTexts);
  const kt = useTexts(keywordTexts);
  const locale = useLocale();
  const api = useBuilderApi();
  const [query, setQuery] = useState('');

  const byCategory = useMemo(() => {
    const q = fold(query.trim());
    const match = (s: BlockSchema) =>
      !q || [s.label.en, s.label['pt-BR'], s.kind, t.categories[s.category]].some((x) => fold(x).includes(q));
    return CATEGORIES.map((c) => ({
      category: c,
      all: blockSchemaList.filter((s) => s.category === c),
      shown: blockSchemaList.filter((s) => s.category === c && match(s)),
    }));
  }, [query, t]);
  const searching = query.trim() !== '';
  const nothing = searching && byCategory.every((c) => c.shown.length === 0);

  const onDragStart = (e: DragEvent<HTMLElement>, kind: string) => {
    e.dataTransfer.setData(BLOCK_KIND_MIME, kind);
    e.dataTransfer.effectAllowed = 'copy';
  };

  const add = (kind: string) => {
    const s = api.getState();
    const c = s.viewCenter?.() ?? { x: 0, y: 0 };
    s.addGroupWithBlock(kind, { x: Math.round(c.x - 150), y: Math.round(c.y - 40) });
  };

  const addKeyword = () => {
    const s = api.getState();
    const c = s.viewCenter?.() ?? { x: 0, y: 0 };
    useKeywordEditor.getState().open(addKeywordEvent(api, { x: Math.round(c.x - 80), y: Math.round(c.y - 20) }, ['menu']));
  };

  return (
    <aside className="oz-palette" aria-label={t.blocksTitle}>
      <div className="oz-palette-search">
        <span className="oz-search-icon" aria-hidden>
          ⌕
        </span>
        <input
          type="search"
          placeholder={t.search}
          aria-label={t.search}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setQuery('');
          }}
        />
      </div>
      <div className="oz-palette-scroll">
        {nothing && <p className="oz-palette-empty">{t.noResults}</p>}
        {byCategory.map(({ category, all, shown }) => {
          if (searching && shown.length === 0) return null;
          return (
            <section key={category} className="oz-palette-section" aria-labelledby={`oz-cat-${category}`}>
              <h3 id={`oz-cat-${category}`} className={`oz-palette-heading cat-${category}`}>
                {t.categories[category]}
              </h3>
              {all.length === 0 ? (
                <p className="oz-palette-empty">{t.categoryEmpty}</p>
              ) : (
                <ul className="oz-palette-list">
                  {shown.map((s) => (
                    <li key={s.kind}>
                      <button
                        type="button"
                        className={`oz-palette-item cat-${s.category}`}
                        draggable
                        data-kind={s.kind}
                        title={t.paletteHint}
                        onDragStart={(e) => onDragStart(e, s.kind)}
                        onClick={() => add(s.kind)}
                      >
                        <span className="oz-palette-icon" aria-hidden>
                          {s.icon}
                        </span>
                        <span className="oz-palette-label">{s.label[locale]}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
      <button type="button" className="oz-palette-trigger" onClick={addKeyword}>
        # {kt.add}
      </button>
      <p className="oz-palette-hint">{t.paletteHint}</p>
    </aside>
  );
}
