// Renders the app icons (public/icons/*.png) from their SVG sources with Debian's Chromium, so
// the PNGs in the repository always come from the SVGs next to them. Run: `npm run icons`.
// Uses CHROME_PATH, else `chromium` on the PATH, like the end-to-end tests.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const icons = fileURLToPath(new URL('../public/icons/', import.meta.url));

/** [SVG source, PNG output, size in px] */
const OUTPUTS = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['icon-maskable.svg', 'icon-maskable-192.png', 192],
  ['icon-maskable.svg', 'icon-maskable-512.png', 512],
  // iOS rounds the corners itself, so the touch icon is the full-bleed (maskable) artwork.
  ['icon-maskable.svg', 'apple-touch-icon.png', 180],
];

function chromiumPath() {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // not this one
    }
  }
  throw new Error('No Chromium: install it (apt-get install -y chromium) or set CHROME_PATH.');
}

const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage();
  for (const [source, output, size] of OUTPUTS) {
    const svg = readFileSync(icons + source, 'utf8');
    const dataUrl = await page.evaluate(
      async ({ svg, size }) => {
        const image = new Image(size, size);
        image.src = `data:image/svg+xml;base64,${btoa(svg)}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = size;
        canvas.height = size;
        const context = canvas.getContext('2d');
        if (!context) throw new Error('no 2D canvas');
        context.drawImage(image, 0, 0, size, size);
        return canvas.toDataURL('image/png');
      },
      { svg, size },
    );
    const png = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
    writeFileSync(icons + output, png);
    console.info(`${output}: ${size}x${size}, ${png.length} bytes`);
  }
} finally {
  await browser.close();
}
