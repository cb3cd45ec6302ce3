// Worker entry point: exposes the API on the worker's message port.
import { expose } from 'comlink';
import { api } from './api';

expose(api);
