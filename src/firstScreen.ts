// The first screen rendered ahead of time: at build time this module runs on the server side
// of Svelte, and its HTML goes into index.html (scripts/build/firstScreen.ts). A visitor sees
// the workspace as soon as the HTML and its stylesheet arrive, not after the app's code has
// been fetched and run; main.ts then hydrates that markup instead of building it again.
import { render } from 'svelte/server';
import App from './App.svelte';

/** The app's first screen (an empty workspace) as HTML, and what it adds to the head. */
export function renderFirstScreen(): { head: string; body: string } {
  const { head, body } = render(App);
  return { head, body };
}
