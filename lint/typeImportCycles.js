// A lint rule for the import cycles that eslint-plugin-import-x's no-cycle does not see: those
// closed by a type-only import (`import type`). They cost nothing at run time, but two modules
// that name each other's types are one module in two files, and the layering says no cycles.
// Imports are read from each file's text (relative specifiers only), so a lint of the whole
// tree reads each file once.
import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const EXTENSIONS = ['', '.ts', '.js', '.svelte', '/index.ts'];
const IMPORT = /\b(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/g;
const DYNAMIC = /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** @type {Map<string, { mtime: number; edges: { to: string; typeOnly: boolean }[] }>} */
const cache = new Map();

function resolveFrom(file, specifier) {
  const base = resolve(dirname(file), specifier);
  for (const extension of EXTENSIONS) {
    try {
      if (statSync(base + extension).isFile()) return base + extension;
    } catch {
      // not this one
    }
  }
  return null;
}

/** The relative imports of a file: where each leads, and whether it brings types only. */
function edgesOf(file) {
  let mtime;
  try {
    mtime = statSync(file).mtimeMs;
  } catch {
    return [];
  }
  const cached = cache.get(file);
  if (cached?.mtime === mtime) return cached.edges;
  const text = readFileSync(file, 'utf8');
  const edges = [];
  for (const match of text.matchAll(IMPORT)) {
    const to = resolveFrom(file, match[3]);
    if (to) edges.push({ to, typeOnly: Boolean(match[2]) });
  }
  for (const match of text.matchAll(DYNAMIC)) {
    const to = resolveFrom(file, match[1]);
    if (to) edges.push({ to, typeOnly: false });
  }
  cache.set(file, { mtime, edges });
  return edges;
}

/** A chain of imports from `start` back to `target`, or null; `valueOnly` skips type-only imports. */
function pathBack(start, target, valueOnly) {
  const seen = new Set([start]);
  const queue = [[start]];
  while (queue.length > 0) {
    const chain = queue.shift();
    for (const { to, typeOnly } of edgesOf(chain[chain.length - 1])) {
      if (valueOnly && typeOnly) continue;
      if (to === target) return chain;
      if (seen.has(to)) continue;
      seen.add(to);
      queue.push([...chain, to]);
    }
  }
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const typeImportCycles = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles closed by type-only imports' },
    messages: {
      cycle: 'This import closes a cycle through type-only imports: {{chain}}.',
    },
    schema: [],
  },
  create(context) {
    const file = context.physicalFilename;
    const check = (node) => {
      const specifier = node.source?.value;
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const to = resolveFrom(file, specifier);
      if (!to || to === file) return;
      const typeOnly = node.importKind === 'type' || node.exportKind === 'type';
      const back = pathBack(to, file, false);
      // A cycle of value imports alone is import-x/no-cycle's to report.
      if (!back || (!typeOnly && pathBack(to, file, true))) return;
      const chain = [file, ...back, file].map((path) => relative(dirname(file), path));
      context.report({ node, messageId: 'cycle', data: { chain: chain.join(' -> ') } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
    };
  },
};
