// Ids of the places the skip link leads to, named once for the shell and the view that holds them.

/** The main content: where photos are added before any is open. */
export const MAIN_ID = 'main';
/** The photo stage's canvas, which takes the keys that place and nudge points. */
export const PHOTO_STAGE_ID = 'photo-stage';
