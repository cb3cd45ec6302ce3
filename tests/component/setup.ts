// Component tests: DOM matchers, and a clean DOM between tests.
import '@testing-library/jest-dom/vitest';
import '@testing-library/svelte/vitest';

// jsdom has no media queries: the components are tested in the wide layout (no query matches),
// and a test that wants the narrow one stubs window.matchMedia itself.
if (typeof window !== 'undefined' && typeof window.matchMedia !== 'function') {
  window.matchMedia = (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => {},
      removeEventListener: () => {},
      addListener: () => {},
      removeListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
