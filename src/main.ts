// Entry point of the main thread: mounts the app shell.
import { mount } from 'svelte';
import App from './App.svelte';
import './ui/theme.css';

const target = document.getElementById('app');
if (!target) throw new Error('Strain Seer: the #app element is missing from index.html.');

export default mount(App, { target });
