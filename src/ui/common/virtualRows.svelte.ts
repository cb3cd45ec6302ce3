// Which rows of a long table to draw: those in view in its scroll area and a few either
// side, with the space of the others kept by a spacer above and below, so a table of 5000
// rows costs what one of 40 does. Rows may differ in height (a name that wraps in a narrow
// column): the spacers use the average height of the rows drawn, measured after each draw.
// Up to `threshold` rows, every row is drawn (the browser's find and the page's length
// work as they always did, at a cost of a few milliseconds).

export interface VirtualRowsOptions {
  /** A row's height before any is measured, px. */
  estimate: number;
  /** Tables with at most this many rows draw them all. */
  threshold?: number;
  /** Rows drawn beyond each edge of the view. */
  overscan?: number;
}

export class VirtualRows {
  /** How many rows the table has. */
  count = $state(0);
  #scrollTop = $state(0);
  #viewport = $state(0);
  #rowHeight = $state(0);
  /** How far the first row is below the top of the scroll area's content (caption, header), px. */
  #offset = $state(0);
  #threshold = 200;
  #overscan = 8;
  #element: HTMLElement | null = null;

  constructor({ estimate, threshold = 200, overscan = 8 }: VirtualRowsOptions) {
    this.#rowHeight = estimate;
    this.#threshold = threshold;
    this.#overscan = overscan;
  }

  /** Whether only part of the rows is drawn. */
  readonly active = $derived(this.count > this.#threshold);

  /** The first row drawn (0-based). */
  readonly start = $derived(
    this.active
      ? Math.max(
          0,
          Math.min(
            this.count - 1,
            Math.floor((this.#scrollTop - this.#offset) / this.#rowHeight) - this.#overscan,
          ),
        )
      : 0,
  );

  /** One past the last row drawn. */
  readonly end = $derived(
    this.active
      ? Math.min(
          this.count,
          this.start +
            Math.ceil(Math.max(this.#viewport, this.#rowHeight) / this.#rowHeight) +
            2 * this.#overscan,
        )
      : this.count,
  );

  /** The height the rows above the drawn ones would take, px. */
  readonly before = $derived(this.start * this.#rowHeight);
  readonly after = $derived((this.count - this.end) * this.#rowHeight);

  /**
   * Follows the scroll area's scrolling and size (an attachment: `{@attach rows.track}`);
   * the area is what scrolls, the rows' table inside it.
   */
  readonly track = (element: HTMLElement): (() => void) => {
    this.#element = element;
    let frame = 0;
    const read = () => {
      frame = 0;
      this.#scrollTop = element.scrollTop;
      this.#viewport = element.clientHeight;
    };
    const onScroll = () => {
      frame ||= requestAnimationFrame(read);
    };
    read();
    element.addEventListener('scroll', onScroll, { passive: true });
    const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(read);
    resize?.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener('scroll', onScroll);
      resize?.disconnect();
      if (this.#element === element) this.#element = null;
    };
  };

  /**
   * Measures the rows drawn (the body's rows marked `data-row`) in the next frame, so the
   * spacers match them and the rows drawn are the ones in view. Called from an effect, it
   * runs again when other rows are drawn, not when the drawn rows' data change: each
   * measure makes the browser lay out the page, which is large with a long table in it.
   */
  measure(body: HTMLElement): () => void {
    if (!this.active) return () => undefined;
    void this.start;
    void this.end;
    const frame = requestAnimationFrame(() => this.#measureNow(body));
    return () => cancelAnimationFrame(frame);
  }

  #measureNow(body: HTMLElement): void {
    const element = this.#element;
    if (!element) return;
    const rows = [...body.querySelectorAll<HTMLElement>(':scope > [data-row]')];
    const total = rows.reduce((sum, row) => sum + row.getBoundingClientRect().height, 0);
    if (!(total > 0)) return; // not laid out (hidden, or no layout engine)
    const offset =
      body.getBoundingClientRect().top - element.getBoundingClientRect().top + element.scrollTop;
    if (Math.abs(offset - this.#offset) >= 1) this.#offset = Math.round(offset);
    const average = total / rows.length;
    // Rounded, so sub-pixel differences between draws do not make it move for ever.
    if (Math.abs(average - this.#rowHeight) >= 0.5) {
      this.#rowHeight = Math.round(average * 2) / 2;
    }
  }

  /** Scrolls the area so that row `index` is drawn and in view (keyboard moves to a far row). */
  reveal(index: number): void {
    const element = this.#element;
    if (!this.active || !element) return;
    const top = this.#offset + index * this.#rowHeight;
    const bottom = top + this.#rowHeight;
    let scrollTop = element.scrollTop;
    if (top < scrollTop) scrollTop = top;
    else if (bottom > scrollTop + element.clientHeight) scrollTop = bottom - element.clientHeight;
    element.scrollTop = scrollTop;
    // Drawn at once, not at the next scroll event (which corrects it where the area cannot
    // scroll that far).
    this.#scrollTop = scrollTop;
  }
}
