// Finds the files that comments name (docs/science.md, README.md, a sibling
// module's file name, ...) and checks that each exists in the repository, so
// a comment cannot send a reader to a page that is not there.
//
// Comments are taken from the real token stream (TypeScript's scanner), so a
// file name inside a string, a template or a regular expression is not
// mistaken for a reference.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import ts from 'typescript';

/** The text of every comment of a TypeScript or JavaScript source. */
export function scriptComments(text: string): string[] {
  const scanner = ts.createScanner(
    ts.ScriptTarget.Latest,
    false,
    ts.LanguageVariant.Standard,
    text,
  );
  const comments: string[] = [];
  let previous: ts.SyntaxKind = ts.SyntaxKind.Unknown;
  let braces = 0;
  // Brace depth at which each open `${ ... }` of a template closes.
  const templates: number[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (
      kind === ts.SyntaxKind.SingleLineCommentTrivia ||
      kind === ts.SyntaxKind.MultiLineCommentTrivia
    ) {
      comments.push(scanner.getTokenText());
      continue;
    }
    if (
      kind === ts.SyntaxKind.WhitespaceTrivia ||
      kind === ts.SyntaxKind.NewLineTrivia ||
      kind === ts.SyntaxKind.ShebangTrivia
    ) {
      continue;
    }
    if (
      (kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) &&
      regexMayFollow(previous)
    ) {
      kind = scanner.reScanSlashToken();
    } else if (kind === ts.SyntaxKind.TemplateHead) {
      templates.push(braces);
    } else if (kind === ts.SyntaxKind.OpenBraceToken) {
      braces++;
    } else if (kind === ts.SyntaxKind.CloseBraceToken) {
      if (templates.length > 0 && templates[templates.length - 1] === braces) {
        kind = scanner.reScanTemplateToken(false);
        if (kind === ts.SyntaxKind.TemplateTail) templates.pop();
      } else {
        braces--;
      }
    }
    previous = kind;
  }
  return comments;
}

/** Tokens after which a `/` divides; after anything else it opens a regular expression. */
const ENDS_A_VALUE = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PrivateIdentifier,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.CloseParenToken,
  ts.SyntaxKind.CloseBracketToken,
  ts.SyntaxKind.CloseBraceToken,
  ts.SyntaxKind.PlusPlusToken,
  ts.SyntaxKind.MinusMinusToken,
  ts.SyntaxKind.ThisKeyword,
  ts.SyntaxKind.SuperKeyword,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
]);

function regexMayFollow(previous: ts.SyntaxKind): boolean {
  return !ENDS_A_VALUE.has(previous);
}

/** Comments of a Svelte component: its scripts', its styles' and its markup's. */
export function svelteComments(text: string): string[] {
  const comments: string[] = [];
  const blocks = /<(script|style)\b[^>]*>([\s\S]*?)<\/\1>/g;
  let markup = text;
  for (const match of text.matchAll(blocks)) {
    const [whole, tag, body = ''] = match;
    comments.push(...(tag === 'script' ? scriptComments(body) : cssComments(body)));
    markup = markup.replace(whole, '');
  }
  for (const match of markup.matchAll(/<!--([\s\S]*?)-->/g)) comments.push(match[1] ?? '');
  return comments;
}

export function cssComments(text: string): string[] {
  return [...text.matchAll(/\/\*([\s\S]*?)\*\//g)].map((match) => match[1] ?? '');
}

/** Python comments (`#` outside strings) and docstrings (triple-quoted strings). */
export function pythonComments(text: string): string[] {
  const comments: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '#') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      comments.push(text.slice(i, stop));
      i = stop;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j)) {
        if (text[j] === '\\') j++;
        else if (!triple && text[j] === '\n') break;
        j++;
      }
      if (triple) comments.push(text.slice(i + 3, j));
      i = j + quote.length;
    } else {
      i++;
    }
  }
  return comments;
}

/** Extensions a comment may name a repository file by, with or without a folder. */
const NAMED_ANYWHERE = ['md', 'ts', 'svelte', 'py'];
/** Extensions checked only when written with a folder: bare, they are usually names the app
 * writes or packages (raw_data.json, sw.js, chart.js), not repository files. */
const NAMED_WITH_FOLDER = ['js', 'mjs', 'cjs', 'json', 'css', 'html'];

const MENTION = new RegExp(
  String.raw`(?<![\w.@/-])(\.{0,2}/?(?:[\w.-]+/)*[\w-][\w.-]*\.(?:${[...NAMED_ANYWHERE, ...NAMED_WITH_FOLDER].join('|')}))(?![\w/-])`,
  'g',
);

/** File names and paths a piece of comment text names (web addresses and patterns left out). */
export function mentionedFiles(comment: string): string[] {
  const text = comment.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' ');
  const found: string[] = [];
  for (const match of text.matchAll(MENTION)) {
    const name = (match[1] as string).replace(/^\.\//, '');
    const start = match.index ?? 0;
    // A glob or placeholder (`*.svelte.ts`, `<file>.ts`) names no one file.
    const before = text[start - 1];
    if (before === '*' || before === '<' || before === '>') continue;
    const extension = extname(name).slice(1);
    if (!name.includes('/') && !NAMED_ANYWHERE.includes(extension)) continue;
    found.push(name);
  }
  return found;
}

/** Every file under `root` (skipping dependencies, builds and version control). */
export function listFiles(root: string): string[] {
  const files: string[] = [];
  const skip = new Set(['node_modules', 'dist', '.git', 'coverage', 'test-results']);
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      if (skip.has(entry)) continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return files;
}

/**
 * Whether a named file exists: as a path from the repository root or from the
 * commenting file's folder, as the tail of a repository path
 * (`state/plainCopy.ts` for `src/state/plainCopy.ts`), or, for the bare name
 * of a module, anywhere in the repository. A page (.md) named without its
 * folder must be at the root or beside the comment: that is where a reader
 * looks for it.
 */
export function resolves(
  name: string,
  commentingFile: string,
  root: string,
  files: readonly string[],
): boolean {
  if (name.startsWith('/')) return false;
  if (existsSync(join(root, name)) || existsSync(join(root, dirname(commentingFile), name))) {
    return true;
  }
  if (name.startsWith('.')) return false;
  if (name.includes('/')) return files.some((file) => file.endsWith(`/${name}`));
  if (extname(name) === '.md') return false;
  return files.some((file) => basename(file) === name);
}

export interface BrokenReference {
  file: string;
  name: string;
}

const COMMENT_READERS: Record<string, (text: string) => string[]> = {
  '.ts': scriptComments,
  '.js': scriptComments,
  '.mjs': scriptComments,
  '.cjs': scriptComments,
  '.svelte': svelteComments,
  '.css': cssComments,
  '.py': pythonComments,
};

/**
 * Folders the repository ignores (.gitignore lines that end in `/`): what a
 * comment names there is made by a build or a test run, such as
 * dist/index.html, and is not expected in a checkout.
 */
export function generatedFolders(root: string): string[] {
  const ignore = join(root, '.gitignore');
  if (!existsSync(ignore)) return [];
  return readFileSync(ignore, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.endsWith('/') && !line.startsWith('#'))
    .map((line) => line.replace(/^\//, ''));
}

/** Every comment in the given folders that names a file the repository does not have. */
export function brokenReferences(root: string, folders: readonly string[]): BrokenReference[] {
  const files = listFiles(root);
  const generated = generatedFolders(root);
  const broken: BrokenReference[] = [];
  for (const file of files) {
    if (!folders.some((folder) => file.startsWith(`${folder}/`))) continue;
    const read = COMMENT_READERS[extname(file)];
    if (!read) continue;
    for (const comment of read(readFileSync(join(root, file), 'utf8'))) {
      for (const name of mentionedFiles(comment)) {
        if (generated.some((folder) => name.startsWith(folder))) continue;
        if (!resolves(name, file, root, files)) broken.push({ file, name });
      }
    }
  }
  return broken;
}
