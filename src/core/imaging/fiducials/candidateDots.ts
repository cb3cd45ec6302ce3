// A dot candidate located at full resolution, worked out once per photo and candidate.
// Detection and tracking on one photo share its candidate search, and so ask for the same
// dots: the second asker gets the first answer instead of a second identical computation.
import type { DotCandidate } from './candidates';
import { locateKnownDot } from '../dot/locate';
import type { DotSearch } from '../dot/types';
import type { RgbaImage } from '../raster/image';

const located = new WeakMap<RgbaImage, WeakMap<DotCandidate, DotSearch>>();

/** The candidate's dot at full resolution, searched in a window fitted to its size. */
export function locateCandidate(image: RgbaImage, candidate: DotCandidate): DotSearch {
  let ofImage = located.get(image);
  if (!ofImage) {
    ofImage = new WeakMap();
    located.set(image, ofImage);
  }
  let found = ofImage.get(candidate);
  if (!found) {
    found = locateKnownDot(image, candidate.centre, candidate.diameter, candidate.elongation);
    ofImage.set(candidate, found);
  }
  return found;
}
