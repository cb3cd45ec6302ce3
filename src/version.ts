// The app's version as built (package.json, or STRAIN_SEER_VERSION at build time): shown in the
// footer, so a user can tell which version the service worker is running.
export const APP_VERSION: string = __APP_VERSION__;
