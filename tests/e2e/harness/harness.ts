// A test-only page that exposes the production engine client, so e2e tests and
// benchmarks drive the real worker in a real browser without adding hooks to
// the app itself.
import { Engine } from '../../../src/client/engine';

declare global {
  interface Window {
    strainSeerEngine: Engine;
  }
}

window.strainSeerEngine = new Engine();
document.body.dataset.ready = 'true';
