// The shape of the autosaved session record. Its own module so that the store and the lazily
// loaded reader (sessionFormat.ts) can both name it without importing each other.
import type { ProjectDocument } from '../model/document';

export const SESSION_SCHEMA = 1;

export interface SavedSession {
  schema: typeof SESSION_SCHEMA;
  /** When it was saved, in ms since 1970 (Date.now()). */
  savedAt: number;
  doc: ProjectDocument;
  /** The image open for marking. */
  selectedId: string | null;
}
