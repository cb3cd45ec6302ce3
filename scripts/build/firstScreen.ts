// Build step: writes the app's first screen into index.html (see src/firstScreen.ts for why).
// The server render runs in a Vite server of its own, compiling the same components with the
// same Svelte options, aliases and defines as the browser build, so the markup and its scoped
// class names are the ones the browser's code hydrates.
import type { Plugin, UserConfig } from 'vite';
import { createServer } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/** Where index.html receives the app; the app's code mounts or hydrates it (src/main.ts). */
const APP_ROOT = '<div id="app"></div>';

interface RenderedScreen {
  head: string;
  body: string;
}

async function renderedFirstScreen(
  root: string,
  shared: Pick<UserConfig, 'define' | 'resolve'>,
): Promise<RenderedScreen> {
  const server = await createServer({
    configFile: false,
    root,
    logLevel: 'error',
    appType: 'custom',
    // Production code whatever NODE_ENV says (tests run builds under NODE_ENV=test): the
    // markup is the same, and Svelte's dev-mode server code expects its dev-mode runtime.
    mode: 'production',
    plugins: [svelte({ compilerOptions: { dev: false } })],
    ...shared,
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    const entry = (await server.ssrLoadModule('/src/firstScreen.ts')) as {
      renderFirstScreen: () => RenderedScreen;
    };
    return entry.renderFirstScreen();
  } finally {
    await server.close();
  }
}

/**
 * Puts the server-rendered first screen inside index.html's app root at build time. The
 * service worker's precache (written after the HTML) then holds the prerendered page too.
 */
export function prerenderFirstScreen(shared: Pick<UserConfig, 'define' | 'resolve'>): Plugin {
  let root = process.cwd();
  return {
    name: 'strain-seer:first-screen',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    transformIndexHtml: {
      order: 'post',
      async handler(html) {
        if (!html.includes(APP_ROOT))
          throw new Error(`index.html no longer holds ${APP_ROOT}: the first screen has no place.`);
        const screen = await renderedFirstScreen(root, shared);
        // Replacer functions: the markup is inserted as it is ('$' in it is no pattern).
        return html
          .replace('</head>', () => `${screen.head}</head>`)
          .replace(APP_ROOT, () => `<div id="app">${screen.body}</div>`);
      },
    },
  };
}
