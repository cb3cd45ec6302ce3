// Component tests: DOM matchers, and a clean DOM between tests.
import '@testing-library/jest-dom/vitest';
import '@testing-library/svelte/vitest';
