// Whether an element is on screen. Charts behind a hidden view (the results while photos are
// marked) or scrolled far away need not be redrawn at every edit: redrawing a chart of
// thousands of photos takes tens of milliseconds, and typing a travel would pay it for each
// key. What they show catches up as soon as they come into view.
import type { Attachment } from 'svelte/attachments';

export class InView {
  /** On screen, as far as is known (true where nothing can tell). */
  shown = $state(true);

  /** Put on the element whose place on screen counts. */
  readonly watch: Attachment = (node) => {
    if (typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      const last = entries.at(-1);
      if (last) this.shown = last.isIntersecting;
    });
    observer.observe(node);
    return () => observer.disconnect();
  };

  /**
   * A value that follows `latest` while the element is on screen and holds the last one it
   * had while not: read in a derived, it does not depend on `latest` when off screen.
   */
  follow<T>(latest: () => T): () => T {
    let held: { value: T } | null = null;
    return () => {
      if (this.shown || held === null) held = { value: latest() };
      return held.value;
    };
  }
}
