// Comments that send a reader to a file must name one the repository has:
// docs/science.md, README.md, a module beside them. The scanner is checked on
// made-up text first, so that a pass on the repository means something.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  brokenReferences,
  mentionedFiles,
  pythonComments,
  scriptComments,
  svelteComments,
} from './commentReferences';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('the comment scanner', () => {
  it('finds file names in comments: docs/science.md, README.md, foo/bar.ts, thing.md', () => {
    expect(
      mentionedFiles(
        '// See docs/science.md ("Scale"), README.md, foo/bar.ts and thing.md; science.md’s §4.',
      ),
    ).toEqual(['docs/science.md', 'README.md', 'foo/bar.ts', 'thing.md', 'science.md']);
  });

  it('leaves out web addresses, globs, placeholders, exported file names and dotted code', () => {
    expect(
      mentionedFiles(
        'https://example.org/a/page.md *.svelte.ts tests/e2e/<file>.ts raw_data.json sw.js Math.log image.name',
      ),
    ).toEqual([]);
    // With a folder, those kinds are checked too.
    expect(mentionedFiles('see public/manifest.json')).toEqual(['public/manifest.json']);
  });

  it('reads comments only, not strings, templates or regular expressions', () => {
    const source = [
      "const a = 'not/a/comment.md // still a string';",
      'const b = `template ${1 + 1} mentions x/y.ts /* not a comment */`;',
      'const c = /\\/\\/ regex.md/.test(a) ? 1 : 2 / 3; // real one names real.md',
      '/* block names block.md */',
      'const d = `${`nested ${"a.md"}`}`; // after a nested template: after.md',
    ].join('\n');
    const names = scriptComments(source).flatMap(mentionedFiles);
    expect(names).toEqual(['real.md', 'block.md', 'after.md']);
  });

  it('reads Svelte scripts, styles and markup comments, and Python comments and docstrings', () => {
    const svelte = [
      '<script lang="ts">',
      "  // script.md\n  const s = 'string.md';",
      '</script>',
      '<p>text.md is page text</p>',
      '<!-- markup.md -->',
      '<style>\n  /* style.md */\n</style>',
    ].join('\n');
    expect(svelteComments(svelte).flatMap(mentionedFiles).sort()).toEqual([
      'markup.md',
      'script.md',
      'style.md',
    ]);
    const python = '"""Doc names doc.md."""\nx = "str.md"  # hash.md\ny = \'a # b.md\'\n';
    expect(pythonComments(python).flatMap(mentionedFiles)).toEqual(['doc.md', 'hash.md']);
  });

  describe('on a made-up repository', () => {
    const root = mkdtempSync(join(tmpdir(), 'comment-references-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const write = (path: string, text: string): void => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write('README.md', '# r\n');
    write('docs/science.md', '# s\n');
    write('.gitignore', 'dist/\nnode_modules/\n');
    write('src/core/strain.ts', '// Measures (docs/science.md, "Strain measures").\nexport {};\n');
    write(
      'src/core/imaging/centre.ts',
      '// Outline fit (outline.ts), see README.md.\nexport {};\n',
    );
    write(
      'src/core/imaging/outline.ts',
      '// Built into dist/index.html by the build.\nexport {};\n',
    );
    write(
      'src/core/kinematics.ts',
      '// Volume constancy (docs/sciense.md and made-up.ts).\nexport {};\n',
    );
    write('tests/check.py', '# Oracle of /elsewhere/docs/science.md\n');
    write('src/core/regression.ts', '// As linregress (science.md, section 6).\nexport {};\n');

    it('reports each named file that is missing, with the file that names it, and nothing else', () => {
      expect(brokenReferences(root, ['src', 'tests'])).toEqual([
        { file: 'src/core/kinematics.ts', name: 'docs/sciense.md' },
        { file: 'src/core/kinematics.ts', name: 'made-up.ts' },
        // The page is docs/science.md; a bare name sends the reader to the root.
        { file: 'src/core/regression.ts', name: 'science.md' },
        { file: 'tests/check.py', name: '/elsewhere/docs/science.md' },
      ]);
    });
  });
});

describe('comments in src, tests and scripts', () => {
  it('name only files that exist in the repository', () => {
    const broken = brokenReferences(ROOT, ['src', 'tests', 'scripts']);
    expect(broken.map(({ file, name }) => `${file} names ${name}`)).toEqual([]);
  }, 30_000);
});
