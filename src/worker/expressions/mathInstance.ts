// The one mathjs instance of the app, made with only the functions a quantity or a typed
// length needs: the expression parser, arithmetic, a few elementary functions and units.
// Imported only by the lazily loaded modules beside it, so mathjs is a chunk of its own that
// the worker fetches the first time a unit or an expression is used.
import type { FactoryFunctionMap } from 'mathjs';
import { create } from 'mathjs';
import * as factories from './mathFactories';

// Each named set is defined in mathjs's build; its type allows undefined for any name.
export const math = create(factories as Record<string, FactoryFunctionMap>);

/** The functions an expression may call, by the name it calls them. */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  'abs',
  'atan',
  'atan2',
  'cos',
  'exp',
  'log',
  'log10',
  'max',
  'min',
  'sin',
  'sqrt',
  'tan',
]);

/** The operators an expression may use, by mathjs's name of the function behind each. */
export const ALLOWED_OPERATORS: ReadonlySet<string> = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'pow',
  'unaryMinus',
  'unaryPlus',
]);

/** The named constants an expression may read. */
export const ALLOWED_CONSTANTS: ReadonlySet<string> = new Set(['pi']);
