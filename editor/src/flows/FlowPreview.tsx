// A thumbnail of a flow: its groups where they sit on the canvas and the paths between them.
import { memo } from 'react';
import type { FlowDocument } from '../../../blocks/flow.js';

const W = 260;
const H = 120;
const GW = 220; // a group's width on the canvas, roughly
const GH = 110;

export const FlowPreview = memo(function FlowPreview({ doc }: { doc: FlowDocument }) {
  const groups = doc.groups;
  if (!groups.length) return <svg className="flow-preview" viewBox={`0 0 ${W} ${H}`} aria-hidden />;
  const minX = Math.min(...groups.map((g) => g.position.x));
  const minY = Math.min(...groups.map((g) => g.position.y));
  const maxX = Math.max(...groups.map((g) => g.position.x + GW));
  const maxY = Math.max(...groups.map((g) => g.position.y + GH + g.blocks.length * 28));
  const scale = Math.min((W - 16) / (maxX - minX || 1), (H - 16) / (maxY - minY || 1));
  const at = (x: number, y: number) => [8 + (x - minX) * scale, 8 + (y - minY) * scale] as const;
  const byBlock = new Map<string, string>();
  for (const g of groups) for (const b of g.blocks) byBlock.set(b.id, g.id);
  const pos = new Map(groups.map((g) => [g.id, g]));
  return (
    <svg className="flow-preview" viewBox={`0 0 ${W} ${H}`} aria-hidden>
      {doc.edges.map((e) => {
        const fromGroup = 'blockId' in e.from ? pos.get(byBlock.get(e.from.blockId) ?? '') : undefined;
        const to = pos.get(e.to.groupId);
        if (!fromGroup || !to) return null;
        const [x1, y1] = at(fromGroup.position.x + GW, fromGroup.position.y + 30);
        const [x2, y2] = at(to.position.x, to.position.y + 20);
        return <path key={e.id} d={`M${x1},${y1} C${x1 + 20},${y1} ${x2 - 20},${y2} ${x2},${y2}`} className="pv-edge" />;
      })}
      {groups.map((g) => {
        const [x, y] = at(g.position.x, g.position.y);
        return <rect key={g.id} x={x} y={y} width={GW * scale} height={(40 + g.blocks.length * 28) * scale} rx={3} className="pv-group" />;
      })}
    </svg>
  );
});
