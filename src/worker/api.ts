// The one API the worker exposes through comlink. The UI imports only its type.
import { analyse, compareMeasures } from './analysis';
import { forgetPhoto, ingest, openPhoto } from './photos';

export const api = {
  analyse,
  compareMeasures,
  ingest,
  openPhoto,
  forgetPhoto,
};

export type WorkerApi = typeof api;
