// The app's version as package.json states it: the default written into saved
// projects (the UI passes the built version, src/version.ts) so a file says which
// Strain Seer made it. Kept free of build-time globals so Node tests can load it.
import { version } from '../../package.json';

export const APP_VERSION: string = version;
