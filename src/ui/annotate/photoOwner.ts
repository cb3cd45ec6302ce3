// Which open image a decoded photo belongs to. The workspace may keep showing the previous
// photo while the next one decodes; drawing it under the new image's points, or placing
// points on it, would put them in the wrong place, so the view treats that as "loading".

// A photo belongs to the image that was open when it first arrived: the workspace drops
// photos that arrive for an image no longer open, so the first sighting is the right one.
const owners = new WeakMap<object, string>();

export function photoFor<T extends { width: number; height: number }>(
  photo: T | null,
  image: { id: string; width: number; height: number } | null,
): T | null {
  if (!photo || !image) return null;
  let owner = owners.get(photo);
  if (owner === undefined) {
    owner = image.id;
    owners.set(photo, owner);
  }
  if (owner !== image.id) return null;
  // A photo of another shape cannot be this image (a closed ImageBitmap has size 0).
  const ratio = (photo.width * image.height) / (photo.height * image.width);
  return Number.isFinite(ratio) && Math.abs(ratio - 1) < 0.01 ? photo : null;
}
