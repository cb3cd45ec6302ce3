// Reads a user's expression into something that can only compute: the parse tree is checked
// node by node against a short list of what a quantity may contain (numbers, the photo's
// variables, units, + - * / ^, a few elementary functions) before it is compiled. Anything
// else, such as an assignment, a property access, a string, a matrix or a call of import,
// parse, evaluate or createUnit, is refused with a sentence; none of it ever runs. mathjs
// compiles the checked tree to plain closures (no eval or new Function), so the page's
// Content-Security-Policy holds.
import type { MathNode, Unit } from 'mathjs';
import { ALLOWED_CONSTANTS, ALLOWED_FUNCTIONS, ALLOWED_OPERATORS, math } from './mathInstance';

/** The longest expression read, in characters. */
export const EXPRESSION_MAX_LENGTH = 500;

/** What a photo's variables and an expression's result are: a plain number or a quantity with a unit. */
export type Value = number | Unit;

export type CompiledExpression =
  | {
      ok: true;
      /** The variables the formula reads. */
      uses: ReadonlySet<string>;
      evaluate: (scope: ReadonlyMap<string, Value>) => unknown;
    }
  | { ok: false; message: string };

const OPERATOR_WORDS: Record<string, string> = { to: 'to', in: 'in', mod: 'mod' };

/** Why one node may not be in a quantity's expression, or null when it may. */
function refusal(node: MathNode, path: string, variables: ReadonlySet<string>): string | null {
  switch (node.type) {
    case 'ConstantNode': {
      const value = (node as MathNode & { value: unknown }).value;
      return typeof value === 'number' ? null : 'Only numbers can be written as values here.';
    }
    case 'ParenthesisNode':
      return null;
    case 'OperatorNode': {
      const { fn, op } = node as MathNode & { fn: string; op: string };
      if (ALLOWED_OPERATORS.has(fn)) return null;
      return `The operator “${OPERATOR_WORDS[op] ?? op}” cannot be used; use + − * / ^ and functions.`;
    }
    case 'FunctionNode': {
      const callee = (node as MathNode & { fn: MathNode }).fn;
      const name = callee.type === 'SymbolNode' ? (callee as MathNode & { name: string }).name : '';
      if (ALLOWED_FUNCTIONS.has(name)) return null;
      return name
        ? `“${name}(…)” is not a function you can use; use ${[...ALLOWED_FUNCTIONS].join(', ')}.`
        : 'Only the listed functions can be called.';
    }
    case 'SymbolNode': {
      // A called function's name was judged with its call.
      if (path === 'fn') return null;
      const name = (node as MathNode & { name: string }).name;
      if (variables.has(name) || ALLOWED_CONSTANTS.has(name)) return null;
      if (!(name in math) && math.Unit.isValuelessUnit(name)) return null;
      return `“${name}” is not a quantity or a unit here.`;
    }
    case 'AssignmentNode':
    case 'FunctionAssignmentNode':
      return 'An expression cannot assign values; write only the formula.';
    case 'AccessorNode':
    case 'IndexNode':
    case 'ObjectNode':
      return 'An expression cannot read properties or indices; write a formula of the quantities.';
    default:
      return 'Write one formula of numbers, quantities, units, + − * / ^ and functions.';
  }
}

/** Parses and checks an expression over the named variables; compiles it only when it passes. */
export function compileExpression(
  expression: string,
  variables: ReadonlySet<string>,
): CompiledExpression {
  const text = expression.trim();
  if (text === '') return { ok: false, message: 'Enter a formula, for example F / A0.' };
  if (text.length > EXPRESSION_MAX_LENGTH) {
    return {
      ok: false,
      message: `The formula is longer than ${EXPRESSION_MAX_LENGTH} characters.`,
    };
  }
  let tree: MathNode;
  try {
    tree = math.parse(text);
  } catch (error) {
    return { ok: false, message: `The formula cannot be read: ${messageOf(error)}.` };
  }
  let problem: string | null = null;
  const uses = new Set<string>();
  tree.traverse((node, path) => {
    problem ??= refusal(node, path, variables);
    const name = (node as MathNode & { name?: unknown }).name;
    if (node.type === 'SymbolNode' && typeof name === 'string' && variables.has(name)) {
      uses.add(name);
    }
  });
  if (problem !== null) return { ok: false, message: problem };
  const compiled = tree.compile();
  return { ok: true, uses, evaluate: (scope) => compiled.evaluate(new Map(scope)) };
}

export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\.$/, '');
}
