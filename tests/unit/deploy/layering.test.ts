// The lint rules that hold the layering: an import that runs upwards between the rooms of src/,
// or one that closes a cycle, must fail `npm run lint` (which CI runs), and an ordinary
// downward import must pass.
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const configFile = join(root, 'eslint.config.js');
// The first lint loads the config, its plugins and parsers, and follows the imports of the whole
// core: seconds on a loaded machine. Each suite pays for it once, before its tests.
const SLOW = { timeout: 60_000 };

/** Some TypeScript module of a room, as an import from a file directly in another room. */
function moduleOf(room: string): string {
  const entries = readdirSync(join(root, 'src', room), { recursive: true, encoding: 'utf8' });
  const file = entries.sort().find((entry) => entry.endsWith('.ts') && !entry.endsWith('.d.ts'));
  if (!file) throw new Error(`src/${room} holds no TypeScript module`);
  return `../${room}/${file.replace(/\\/g, '/').replace(/\.ts$/, '')}`;
}

/** The messages of the given rule for this code, linted as if it were the file at `filePath`. */
async function ruleMessages(
  eslint: ESLint,
  code: string,
  filePath: string,
  rule: string,
): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === rule && message.severity === 2)
    .map((message) => message.message);
}

describe('layering between the rooms of src/', SLOW, () => {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: configFile });
  const rule = 'import-x/no-restricted-paths';
  beforeAll(() => eslint.lintText('', { filePath: join(root, 'src/probe.ts') }), SLOW.timeout);

  // Each importer is a file that does not exist; what it imports does (the rule resolves it).
  const upward: [string, string][] = [
    ['src/core/probe.ts', moduleOf('state')],
    ['src/core/probe.ts', moduleOf('io')],
    ['src/io/probe.ts', moduleOf('state')],
    ['src/io/probe.ts', moduleOf('ui')],
    ['src/state/probe.ts', moduleOf('ui')],
    ['src/model/probe.ts', moduleOf('io')],
  ];
  it.each(upward)('%s may not import %s', async (filePath, source) => {
    const code = `import * as above from '${source}';\nexport const probe = above;\n`;
    expect(await ruleMessages(eslint, code, join(root, filePath), rule)).toHaveLength(1);
  });

  const downward: [string, string][] = [
    ['src/state/probe.ts', '../core/index'],
    ['src/io/probe.ts', '../core/index'],
    ['src/ui/probe.ts', moduleOf('state')],
  ];
  it.each(downward)('%s may import %s', async (filePath, source) => {
    const code = `import * as below from '${source}';\nexport const probe = below;\n`;
    expect(await ruleMessages(eslint, code, join(root, filePath), rule)).toEqual([]);
  });
});

describe('import cycles', SLOW, () => {
  // Cycles need real files to follow, so they are written to a scratch folder laid out like src/.
  const scratch = mkdtempSync(join(tmpdir(), 'layering-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const eslint = new ESLint({ cwd: scratch, overrideConfigFile: configFile });
  const VALUE_CYCLE = 'import-x/no-cycle';
  const TYPE_CYCLE = 'layers/type-import-cycles';

  /** Writes each module (path: text) and returns the rule's reports on the first one. */
  async function cyclesReported(rule: string, modules: Record<string, string>): Promise<number> {
    const files = Object.entries(modules).map(([path, text]) => {
      const file = join(scratch, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    });
    const [result] = await eslint.lintFiles([files[0]!]);
    return result!.messages.filter((m) => m.ruleId === rule && m.severity === 2).length;
  }

  it('fails on two modules that import each other', async () => {
    const reported = await cyclesReported(VALUE_CYCLE, {
      'src/pair/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/pair/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    });
    expect(reported).toBe(1);
  });

  it('fails on a cycle through three modules', async () => {
    const reported = await cyclesReported(VALUE_CYCLE, {
      'src/ring/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/ring/b.ts': "import { c } from './c';\nexport const b = () => c;\n",
      'src/ring/c.ts': "import { a } from './a';\nexport const c = () => a;\n",
    });
    expect(reported).toBe(1);
  });

  it('fails on a cycle that a type-only import closes', async () => {
    const reported = await cyclesReported(TYPE_CYCLE, {
      'src/types/a.ts':
        "import { b } from './b';\nexport type A = number;\nexport const a = () => b;\n",
      'src/types/b.ts': "import type { A } from './a';\nexport const b = (x: A) => x;\n",
    });
    expect(reported).toBe(1);
  });

  it('passes a chain that does not come back', async () => {
    const modules = {
      'src/chain/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/chain/b.ts': "import type { C } from './c';\nexport const b = (x: C) => x;\n",
      'src/chain/c.ts': 'export type C = number;\n',
    };
    expect(await cyclesReported(VALUE_CYCLE, modules)).toBe(0);
    expect(await cyclesReported(TYPE_CYCLE, modules)).toBe(0);
  });
});
