// The reference image's list: every image of the sequence in order, the first offered as
// "First image" (the default, value "") unless it was chosen by name before, then each other
// image as "2. name". Built with the DOM's own option elements in one pass: as 5000 Svelte
// blocks, the list of a large sequence held the main thread some 90 ms when it opened.

/** An image as the list names it. */
export type ListedImage = readonly [id: string, name: string];

/** Fills `select` with the images' options and selects `referenceId` ("" for the first). */
export function fillReferenceOptions(
  select: HTMLSelectElement,
  images: readonly ListedImage[],
  referenceId: string,
): void {
  const firstName = images[0]?.[1];
  const options = [new Option(`First image${firstName ? ` (${firstName})` : ''}`, '')];
  images.forEach(([id, name], i) => {
    if (i > 0 || id === referenceId) options.push(new Option(`${i + 1}. ${name}`, id));
  });
  select.replaceChildren(...options);
  select.value = referenceId;
}
