// Build-time globals and virtual modules that Vite plugins provide.
/// <reference types="vite-plugin-pwa/client" />

/** Replaced at build time by vite.config.ts's `define`. */
declare const __APP_VERSION__: string;
