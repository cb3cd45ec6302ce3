// A stand-in for the worker's OffscreenCanvas, which Node lacks: drawing does nothing, and
// encoding answers a small JPEG-typed blob after a few milliseconds, as a real encode would.
export class CanvasStandIn {
  constructor(
    public width: number,
    public height: number,
  ) {}
  getContext() {
    return { drawImage: () => {} };
  }
  async convertToBlob() {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return new Blob(['thumbnail'], { type: 'image/jpeg' });
  }
}
