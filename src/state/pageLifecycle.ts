// The page events the autosave answers: the page hidden or shown, closed, or about to
// be unloaded.

/** Where page-lifecycle events arrive (document and window in the app). */
export interface Lifecycle {
  document: EventTarget & { visibilityState: string };
  window: EventTarget;
}

export interface PageEvents {
  /** The page was hidden or shown again. */
  visibility(hidden: boolean): void;
  /** The page is going away (closed, or navigated from). */
  pageHide(): void;
  /** The page is about to unload; preventing the event asks the user first. */
  beforeUnload(event: Event): void;
}

/** Listens to the page's lifecycle; returns what stops listening. */
export function watchPage(lifecycle: Lifecycle, on: PageEvents): () => void {
  const onVisibility = () => on.visibility(lifecycle.document.visibilityState === 'hidden');
  const onPageHide = () => on.pageHide();
  const onBeforeUnload = (event: Event) => on.beforeUnload(event);
  lifecycle.document.addEventListener('visibilitychange', onVisibility);
  lifecycle.window.addEventListener('pagehide', onPageHide);
  lifecycle.window.addEventListener('beforeunload', onBeforeUnload);
  return () => {
    lifecycle.document.removeEventListener('visibilitychange', onVisibility);
    lifecycle.window.removeEventListener('pagehide', onPageHide);
    lifecycle.window.removeEventListener('beforeunload', onBeforeUnload);
  };
}
