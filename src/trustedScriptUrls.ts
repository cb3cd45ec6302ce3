// The page runs under Trusted Types (`require-trusted-types-for 'script'` in the
// Content-Security-Policy): no string may reach a sink that runs script or loads it. The app
// writes no HTML itself, and Svelte builds its templates through a policy of its own, so the
// only strings that reach such sinks are two script URLs: the computing worker's chunk and the
// offline service worker, both passed as plain URLs by the bundler and by workbox-window. This
// default policy lets a script URL through when it is of this origin, and nothing else: a
// string of HTML or script still fails, since the policy makes none.
interface PolicyFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): unknown;
}
const trustedTypes = (globalThis as { trustedTypes?: PolicyFactory }).trustedTypes;

trustedTypes?.createPolicy('default', {
  createScriptURL(url: string): string {
    const resolved = new URL(url, document.baseURI);
    if (resolved.origin !== location.origin) {
      throw new TypeError(
        `Strain Seer loads scripts only from its own origin, not ${resolved.origin}.`,
      );
    }
    return resolved.href;
  },
});
