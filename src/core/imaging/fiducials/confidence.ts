// How sure detection or tracking must be before its points are offered as they are. A module of
// its own: the page reads it on its first screen, which must not load the detection with it.

/** Below this the UI should present the detection as a suggestion to check. */
export const CONFIDENT = 0.5;
