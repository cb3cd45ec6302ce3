// What a page must never do to its text and its width, checked over the DOM in Chromium: no
// sideways scroll of the page, and no text cut off by a box that hides its overflow (text
// inside a designated scroll area, one that scrolls, may run out of its box: it scrolls into
// view). Also the accessibility check with axe, and the layout shift Chromium reports.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/**
 * How far the page scrolls sideways (it must not, at any width), with the outermost elements
 * that reach past the viewport's right edge when it does, to say what to fix.
 */
export function horizontalOverflow(page: Page): Promise<string> {
  return page.evaluate(() => {
    const extra = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    if (extra <= 0) return 'none';
    const wide = [...document.querySelectorAll('body *')].filter(
      (el) => el.getBoundingClientRect().right > innerWidth + 1,
    );
    const outermost = wide.filter((el) => !wide.includes(el.parentElement as Element));
    const names = outermost
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
    return `${extra} px, by ${names.join(', ')}`;
  });
}

/**
 * Every piece of text that is drawn outside a box that clips it (overflow hidden or clip, not
 * a scroll area), or outside the viewport's width; each as "text … (where)". Text shown 1 px
 * wide or less is the visually hidden kind, for screen readers only, and is skipped.
 */
export function clippedText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const style = (el: Element) => getComputedStyle(el);
    const hides = (el: Element) => {
      const s = style(el);
      return [s.overflowX, s.overflowY].some((o) => o === 'hidden' || o === 'clip');
    };
    const scrolls = (el: Element) => {
      const s = style(el);
      return [s.overflowX, s.overflowY].some((o) => o === 'auto' || o === 'scroll');
    };
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}`;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const parent = node.parentElement;
      if (!text || !parent) continue;
      const own = parent.getBoundingClientRect();
      if (own.width <= 1 || own.height <= 1) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) {
        if (rect.width < 1 || rect.height < 1) continue;
        let clipper: Element | null = null;
        let inScrollArea = false;
        let visuallyHidden = false;
        for (let el: Element | null = parent; el && el !== document.body; el = el.parentElement) {
          if (scrolls(el)) {
            inScrollArea = true;
            break;
          }
          if (!hides(el)) continue;
          const box = el.getBoundingClientRect();
          // A box of a pixel that hides its overflow is the visually hidden pattern.
          if (box.width <= 1 || box.height <= 1) {
            visuallyHidden = true;
            break;
          }
          const out =
            rect.left < box.left - 1 ||
            rect.right > box.right + 1 ||
            rect.top < box.top - 1 ||
            rect.bottom > box.bottom + 1;
          if (out) clipper = el;
          break;
        }
        if (visuallyHidden) break;
        const offScreen = !inScrollArea && (rect.left < -1 || rect.right > innerWidth + 1);
        if (clipper || offScreen) {
          const where = clipper ? `cut by ${describe(clipper)}` : 'outside the viewport';
          problems.push(`"${text.slice(0, 60)}" in ${describe(parent)}: ${where}`);
          break;
        }
      }
    }
    return problems;
  });
}

/** axe's violations on the page as it is now, as "rule: where" lines (none is the aim). */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
  );
}

declare global {
  interface Window {
    shiftsWithoutInput: number;
    /** The shifts not caused by input, with what moved, to say what to fix. */
    shiftLog: string[];
  }
}

/** Call before the page loads: sums the layout shifts not caused by the user's input. */
export function recordShifts(): void {
  window.shiftsWithoutInput = 0;
  window.shiftLog = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & {
      value: number;
      hadRecentInput: boolean;
      sources?: { node?: Node | null }[];
    })[]) {
      if (entry.hadRecentInput) continue;
      window.shiftsWithoutInput += entry.value;
      const moved = (entry.sources ?? []).map(({ node }) =>
        node instanceof Element
          ? `${node.tagName.toLowerCase()}.${[...node.classList].join('.')}`
          : '',
      );
      window.shiftLog.push(
        `${entry.value.toFixed(4)} at ${Math.round(entry.startTime)} ms: ${moved.join(', ')}`,
      );
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

export function layoutShift(page: Page): Promise<{ total: number; log: string[] }> {
  return page.evaluate(() => ({ total: window.shiftsWithoutInput, log: window.shiftLog }));
}
