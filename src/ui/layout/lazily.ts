// A chunk fetched once, whenever it is first asked for: on an idle moment after start-up, or at
// once if the user gets there first (a restored project opens a photo straight away).
export function lazily<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => (loading ??= load());
}
