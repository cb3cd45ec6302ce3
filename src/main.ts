// Entry point of the main thread: mounts the app shell.
// First, before any module could start a worker: the policy the script URLs go through.
import './trustedScriptUrls';
import { hydrate, mount } from 'svelte';
import { registerSW } from 'virtual:pwa-register';
import App from './App.svelte';
import { appUpdate } from './state/appUpdate.svelte';
import './ui/theme.css';

const target = document.getElementById('app');
if (!target) throw new Error('Strain Seer: the #app element is missing from index.html.');

// Evaluating the app's code and building its first screen are two tasks, not one long one:
// the page can paint and answer input in between.
await new Promise((resolve) => setTimeout(resolve, 0));
// The built index.html already holds the first screen (rendered at build time): the app takes
// that markup over instead of building it again. The dev server's page is empty: mount.
const app = target.hasChildNodes() ? hydrate(App, { target }) : mount(App, { target });

// The offline service worker (vite-plugin-pwa). Updates wait for the user's Reload in UpdateToast.
appUpdate.connect(registerSW);

export default app;
