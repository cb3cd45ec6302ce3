// The one API the worker exposes through comlink. The UI imports only its type.
import { analyse, compareMeasures } from './analysis';
import { analyseChanges, forgetAnalysis } from './analysisChanges';
import {
  detectPhotoFiducials,
  measurePhotoRulerTicks,
  snapPhotoPoint,
  trackPhotoFiducials,
} from './imaging';
import { cancelBundleRead, dropBundle, keepBundle, readBundleFile } from './bundleOpen';
import { adoptFile, cancelIngest, forgetPhoto, ingest, openPhoto, photoFile } from './photos';
import { evaluateQuantities, readTypedLength } from './quantities';
import { reportPictures } from './reportPictures';
import { withThumbnailUrls } from './thumbnailUrls';
import { closeVideo, openVideo, previewFrame, takeFrames, trackThroughVideo } from './video';
import { clearPhotos, prunePhotos, restorePhotos, storePhotos } from './vault';

export const api = {
  analyse,
  // the same analysis from what changed since the page's last request (see analysisChanges.ts)
  analyseChanges,
  forgetAnalysis,
  compareMeasures,
  ingest,
  cancelIngest,
  openPhoto,
  forgetPhoto,
  photoFile,
  // autosave of the photo files and thumbnails (see vault.ts)
  storePhotos,
  prunePhotos,
  clearPhotos,
  restorePhotos: async (ids: string[]) => withThumbnailUrls(await restorePhotos(ids, adoptFile)),
  // marker assistance on the photos' pixels (see imaging.ts); named apart from the core's
  // functions of RGBA images, which take and answer other shapes
  snapPhotoPoint,
  detectPhotoFiducials,
  trackPhotoFiducials,
  measurePhotoRulerTicks,
  // the printed report's pictures of the photos
  reportPictures,
  // lengths typed with units and the user's own quantities, with mathjs (see quantities.ts)
  readTypedLength,
  evaluateQuantities,
  // bundles read, checked and staged here, kept only once accepted (see bundleOpen.ts)
  readBundleFile,
  cancelBundleRead,
  keepBundle,
  dropBundle,
  // frames taken from a video into the photo store (see video.ts)
  openVideo,
  previewFrame,
  takeFrames,
  closeVideo,
  trackThroughVideo,
};

export type WorkerApi = typeof api;
