// Dependency direction, checked on every import of the source (TypeScript's own parser, so
// `import type` and `import { type X }` are told apart from imports that load code):
// - `blocks/` (outside its tests) imports nothing outside `blocks/`;
// - `runtime/` never imports `api/` or `editor/`;
// - the server (`api/`, `runtime/`, `blocks/`) never imports React;
// - the editor imports `runtime/` and `api/` only as types (it runs in the browser).
// Tests may reach upwards (a block's test runs it on the runtime), so they are not scanned.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SCANNED = ['blocks', 'runtime', 'api', 'editor'];

export interface SourceFile {
  /** Relative to the project root, with forward slashes. */
  file: string;
  text: string;
}

interface Import {
  specifier: string;
  typeOnly: boolean;
}

/** Every module a file names: imports, re-exports and `import()`, each marked type-only or not. */
function importsOf(src: SourceFile): Import[] {
  const sf = ts.createSourceFile(src.file, src.text, ts.ScriptTarget.Latest, false, src.file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: Import[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : null;
      // `import { type A, type B } from` loads nothing either; a bare `import './x'` does.
      const typeOnly = !!c && (c.isTypeOnly || (!c.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      out.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : null;
      out.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)) });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      out.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const isReact = (specifier: string) => /^(?:react|react-dom)(?:\/|$)/.test(specifier) || /^@[^/]+\/(?:[^/]*-)?react(?:-[^/]*)?(?:\/|$)/.test(specifier);

/** The project folder a relative import lands in (`runtime`, `api`…), or null for a package. */
function targetFolder(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  return resolved.startsWith('..') ? '..' : resolved.split('/')[0];
}

/** Imports that break the direction, as `file → specifier: why`. */
export function violations(files: SourceFile[]): string[] {
  const found: string[] = [];
  for (const src of files) {
    if (isTest(src.file)) continue;
    const folder = src.file.split('/')[0];
    const server = folder === 'api' || folder === 'runtime' || (folder === 'blocks' && !src.file.endsWith('.tsx'));
    for (const { specifier, typeOnly } of importsOf(src)) {
      const target = targetFolder(src.file, specifier);
      const say = (why: string) => found.push(`${src.file} → ${specifier}: ${why}`);
      if (folder === 'blocks' && target !== null && target !== 'blocks') say('blocks/ imports only blocks/');
      if (folder === 'runtime' && (target === 'api' || target === 'editor')) say('runtime/ never imports api/ or editor/');
      if (server && isReact(specifier)) say('the server never imports React');
      if (folder === 'editor' && (target === 'runtime' || target === 'api') && !typeOnly) say('the editor imports runtime/ and api/ only as types (import type)');
    }
  }
  return found;
}

let sources: SourceFile[] | null = null;
function projectSources(): SourceFile[] {
  if (sources) return sources;
  const out: SourceFile[] = [];
  for (const top of SCANNED) {
    for (const rel of fs.readdirSync(path.join(ROOT, top), { recursive: true, encoding: 'utf8' })) {
      if (!/\.tsx?$/.test(rel) || rel.endsWith('.d.ts') || rel.split(path.sep).includes('node_modules')) continue;
      const file = `${top}/${rel.split(path.sep).join('/')}`;
      out.push({ file, text: fs.readFileSync(path.join(ROOT, file), 'utf8') });
    }
  }
  return (sources = out);
}

describe('dependency direction', () => {
  it('the project keeps it', () => {
    const files = projectSources();
    expect(files.filter((f) => f.file.startsWith('editor/')).length).toBeGreaterThan(50);
    expect(violations(files)).toEqual([]);
  });

  it('the editor reaches the runtime and the API only for types (what the review says it does)', () => {
    const editorToServer = projectSources()
      .filter((f) => f.file.startsWith('editor/') && !isTest(f.file))
      .flatMap((f) => importsOf(f).filter((i) => ['runtime', 'api'].includes(targetFolder(f.file, i.specifier) ?? '')).map((i) => ({ file: f.file, ...i })));
    expect(editorToServer.length).toBeGreaterThan(0);
    expect(editorToServer.filter((i) => !i.typeOnly)).toEqual([]);
  });

  it('fails on each kind of violation, and lets type-only imports, packages and tests through', () => {
    const planted: SourceFile[] = [
      { file: 'blocks/text/schema.ts', text: "import { testContext } from '../../runtime/context.js';\nimport { z } from 'zod';\nimport { x } from '../shared/values.js';" },
      { file: 'blocks/text/schema.test.ts', text: "import { testContext } from '../../runtime/context.js';" },
      { file: 'runtime/inbox/desk.ts', text: "import type { Context } from '../../api/trpc.js';\nexport { api } from '../../api/router.js';" },
      { file: 'runtime/inbox/list.ts', text: "const m = await import('../../editor/src/api.js');" },
      { file: 'api/server.ts', text: "import { renderToString } from 'react-dom/server';" },
      { file: 'runtime/engine/view.ts', text: "import { ReactFlow } from '@xyflow/react';" },
      { file: 'editor/src/inbox/live.ts', text: "import { Bus } from '../../../runtime/bus.js';" },
      { file: 'editor/src/inbox/ok.ts', text: "import type { Bus } from '../../../runtime/bus.js';\nimport { type AppRouter } from '../../../api/router.js';\nimport { useState } from 'react';\nimport { lintFlow } from '../../../blocks/lint.js';" },
      { file: 'editor/src/api.ts', text: "import { type AppRouter, appRouter } from '../../api/router.js';" },
    ];
    expect(violations(planted)).toEqual([
      'blocks/text/schema.ts → ../../runtime/context.js: blocks/ imports only blocks/',
      'runtime/inbox/desk.ts → ../../api/trpc.js: runtime/ never imports api/ or editor/',
      'runtime/inbox/desk.ts → ../../api/router.js: runtime/ never imports api/ or editor/',
      'runtime/inbox/list.ts → ../../editor/src/api.js: runtime/ never imports api/ or editor/',
      'api/server.ts → react-dom/server: the server never imports React',
      'runtime/engine/view.ts → @xyflow/react: the server never imports React',
      'editor/src/inbox/live.ts → ../../../runtime/bus.js: the editor imports runtime/ and api/ only as types (import type)',
      'editor/src/api.ts → ../../api/router.js: the editor imports runtime/ and api/ only as types (import type)',
    ]);
  });
});
