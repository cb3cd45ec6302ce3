// Stands in for @stdlib/assert-has-generator-support (vite.config.ts aliases it here). The
// original probes with eval(), which the app's Content-Security-Policy (no 'unsafe-eval') blocks
// and reports as a violation, in the worker and wherever stdlib loads. The build targets ES2022,
// where generator functions always exist, so the answer is known without probing.
'use strict';

module.exports = function hasGeneratorSupport() {
  return true;
};
