// Worker entry point: exposes the API on the worker's message port, then says it is ready.
import { expose } from 'comlink';
import { api } from './api';
import { READY_MESSAGE } from './ready';

expose(api);
self.postMessage(READY_MESSAGE);
