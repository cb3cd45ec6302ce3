// The one API the worker exposes through comlink. The UI imports only its type.
import { analyse, compareMeasures } from './analysis';
import { detectFiducials, measureRulerTicks, snapPoint, trackFiducials } from './imaging';
import { adoptFile, forgetPhoto, ingest, openPhoto, photoFile } from './photos';
import { reportPictures } from './reportPictures';
import { withThumbnailUrls } from './thumbnailUrls';
import { clearPhotos, prunePhotos, restorePhotos, storePhotos } from './vault';

export const api = {
  analyse,
  compareMeasures,
  ingest,
  openPhoto,
  forgetPhoto,
  photoFile,
  // autosave of the photo files and thumbnails (see vault.ts)
  storePhotos,
  prunePhotos,
  clearPhotos,
  restorePhotos: async (ids: string[]) => withThumbnailUrls(await restorePhotos(ids, adoptFile)),
  // marker assistance on the photos' pixels (see imaging.ts)
  snapPoint,
  detectFiducials,
  trackFiducials,
  measureRulerTicks,
  // the printed report's pictures of the photos
  reportPictures,
};

export type WorkerApi = typeof api;
