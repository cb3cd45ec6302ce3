// Hands a file to the browser's downloads: a Blob behind an object URL and a
// temporary <a download>, so nothing leaves the machine.

export const MIME = {
  json: 'application/json',
  csv: 'text/csv;charset=utf-8',
  png: 'image/png',
} as const;

/** Saves a Blob under the given file name. */
export function downloadBlob(fileName: string, blob: Blob, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  doc.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Some browsers read the URL after click() returns; release it a moment later.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

/** Saves text (JSON or CSV) under the given file name. */
export function downloadText(fileName: string, text: string, type: string): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

/**
 * A PNG of a canvas on an opaque background (a chart canvas is transparent,
 * which shows as black or checkerboard in many viewers and documents).
 */
export function opaquePng(canvas: HTMLCanvasElement, background = '#ffffff'): Promise<Blob> {
  const out = canvas.ownerDocument.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const context = out.getContext('2d');
  if (!context) return Promise.reject(new Error('This browser cannot draw the chart image.'));
  context.fillStyle = background;
  context.fillRect(0, 0, out.width, out.height);
  context.drawImage(canvas, 0, 0);
  return new Promise((resolve, reject) => {
    out.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('The chart image could not be made.'))),
      MIME.png,
    );
  });
}
