// The app's reader of lengths typed with a unit: the worker, through the page's engine.
import { engine } from '../../client/engine';
import type { LengthReader } from './typedLength';

export const engineLengths: LengthReader = {
  readTypedLength: (text) => engine.readTypedLength(text),
};
