// Formulas cannot reach JavaScript: each of these escape attempts (prototype walks, mathjs's
// own functions that parse, evaluate, import or define units, the published mathjs
// sandbox escapes) is refused with a message, and none of them runs.
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../../src/worker/expressions/sandbox';

const VARIABLES = new Set(['F', 'A0', 'exx']);

const ESCAPES = [
  'constructor',
  '__proto__',
  'F.constructor',
  'F["constructor"]',
  'F.__proto__',
  '[].constructor',
  'exx.constructor.constructor("return this")()',
  'cos.constructor("return process")()',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'import({x: 1}, {})',
  'import',
  'createUnit("foo")',
  'createUnit({ x: "1 m" })',
  'evaluate("1 + 1")',
  'parse("1 + 1")',
  'compile("1")',
  'simplify("x")',
  'derivative("x^2", "x")',
  'resolve("x")',
  'reviver',
  'typed("f", {})',
  'config({number: "BigNumber"})',
  'create({})',
  'factory',
  'Unit',
  'math',
  'this',
  'globalThis',
  'self',
  'window',
  'process',
  'Function("return 1")()',
  'eval("1")',
  'f(x) = x',
  'x = 1',
  'F = 2',
  'cos = 1',
  '"text"',
  '{a: 1}',
  '[1, 2]',
  'F; exx',
  '1:3',
  'F ? 1 : 2',
  'F == 1',
  'F to MPa',
  'F mod 2',
  'not F',
  'F!',
  "F'",
  'cos.name',
  'sqrt(4).constructor',
  '(F).__defineGetter__',
  'matrix([1])',
  'unit("5 m")',
  'format(1)',
  'A0 + constructor',
  // Patterns of the published mathjs sandbox escapes: reaching Function through a function's
  // or a value's constructor, through methods, assignments or a chained call.
  'f = cos.constructor; f("return this")()',
  'sin.apply(null, [1])',
  'sin.call',
  'sin.bind',
  '(1).constructor',
  '"".constructor.constructor',
  '[].map.constructor("return this")()',
  'a = [1]; a["constructor"]',
  'unit("5 m").constructor',
  'F["__proto__"]["polluted"] = 1',
  'F.valueOf()',
  'exp(1).toString()',
  'import({ polluted: 1 }, { override: true })',
  'config({ number: "BigNumber" }); 1',
  'typed.addConversion',
  'math.evaluate("1")',
  'expression.node.SymbolNode',
];

describe('the formula sandbox', () => {
  it.each(ESCAPES)('refuses %s', (text) => {
    const compiled = compileExpression(text, VARIABLES);
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) expect(compiled.message.length).toBeGreaterThan(10);
  });

  it('left no trace on JavaScript objects', () => {
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(({} as { constructor: unknown }).constructor).toBe(Object);
  });

  it('reads plain formulas with numbers, variables, units and functions', () => {
    for (const text of [
      'F / A0',
      '2 * exx + 1',
      'sqrt(abs(exx)) ^ 2',
      '(F - 5 N) / A0',
      'exp(exx) * pi',
      'max(exx, 0.1)',
    ]) {
      expect(compileExpression(text, VARIABLES)).toMatchObject({ ok: true });
    }
  });

  it('says what cannot be read or is unknown', () => {
    expect(compileExpression('F / (A0', VARIABLES)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/cannot be read/),
    });
    expect(compileExpression('force / A0', VARIABLES)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/“force” is not a quantity or a unit/),
    });
    expect(compileExpression('', VARIABLES)).toMatchObject({ ok: false });
    expect(compileExpression('1+'.repeat(300) + '1', VARIABLES)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/longer than/),
    });
  });
});
