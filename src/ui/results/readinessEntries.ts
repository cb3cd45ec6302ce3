// The entries of the list of what the analysis waits for, or of the images it left out. A
// few images are listed one message each, as the readiness words them; past that the images
// are grouped by what they miss ("312 images have no press travel"), because a list of one
// entry per photo of a 5000-photo project is read by nobody.
import type { PendingKind, Readiness } from '../../state/readiness';

/** Up to this many images with work left, each has an entry of its own. */
export const ONE_BY_ONE_UP_TO = 10;

export type ReadinessEntry =
  | { kind: 'message'; text: string; imageId: string | undefined }
  | {
      kind: 'group';
      pending: PendingKind;
      text: string;
      images: { id: string; label: string }[];
    };

const KINDS: readonly PendingKind[] = ['fiducials', 'scale', 'travel', 'check'];

function groupText(kind: PendingKind, n: number): string {
  const one = n === 1;
  const images = `${n} ${one ? 'image' : 'images'}`;
  if (kind === 'fiducials') return `${images} ${one ? 'needs' : 'need'} fiducials placed`;
  if (kind === 'scale') return `${images} ${one ? 'needs' : 'need'} scale points placed`;
  if (kind === 'travel') return `${images} ${one ? 'has' : 'have'} no press travel`;
  return `${images} ${one ? 'is' : 'are'} left out until ${one ? 'its' : 'their'} marks are checked`;
}

export function readinessEntries(readiness: Readiness): ReadinessEntry[] {
  const { messages, imageOf, pending } = readiness;
  if (pending.length <= ONE_BY_ONE_UP_TO) {
    return messages.map((text) => ({ kind: 'message', text, imageId: imageOf.get(text) }));
  }
  const general: ReadinessEntry[] = messages
    .filter((text) => !imageOf.has(text))
    .map((text) => ({ kind: 'message', text, imageId: undefined }));
  const groups = KINDS.flatMap((kind): ReadinessEntry[] => {
    const images = pending
      .filter((image) => image.kinds.includes(kind))
      .map((image) => ({ id: image.id, label: `Image ${image.index + 1} (${image.name})` }));
    if (images.length === 0) return [];
    return [{ kind: 'group', pending: kind, text: groupText(kind, images.length), images }];
  });
  return [...general, ...groups];
}
