// The strain overlay's layer in the page, and what it says it drew (its geometry in image
// pixels, published on the canvas for tests rather than scraped from pixels).
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { DrawnOverlay } from '../../../src/ui/overlay/drawOverlay';

export const overlayLayer = (page: Page) => page.getByTestId('strain-overlay');

/** What the layer drew last, once it has drawn. */
export async function drawnOverlay(layer: Locator): Promise<DrawnOverlay> {
  await expect.poll(() => layer.getAttribute('data-overlay'), { timeout: 10_000 }).toBeTruthy();
  return JSON.parse((await layer.getAttribute('data-overlay')) as string) as DrawnOverlay;
}
