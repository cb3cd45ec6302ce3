// Reading an autosaved session back: stored data is input too (another version of the
// app or a damaged profile wrote it), so it is held to the document's one schema, and a
// document of an older shape is upgraded. Loaded with the first session to read.
import * as v from 'valibot';
import { documentSchema, idsAreUnique, normalizeDocument } from '../model/schema';
import type { SavedSession } from './sessionRecord';

/** The one version of the session record there has been (sessionRecord's SESSION_SCHEMA). */
const SCHEMA: SavedSession['schema'] = 1;

const sessionSchema = v.object({
  schema: v.literal(SCHEMA),
  savedAt: v.pipe(v.number(), v.finite()),
  // The document is held to the same schema as a project file's.
  doc: documentSchema,
  selectedId: v.optional(v.unknown()),
});

/** The session, if `value` is one this version can read; a document of an older shape is upgraded. */
export function parseSavedSession(value: unknown): SavedSession | null {
  const result = v.safeParse(sessionSchema, value);
  if (!result.success || !idsAreUnique(result.output.doc)) return null;
  const { savedAt, doc, selectedId } = result.output;
  return {
    schema: SCHEMA,
    savedAt,
    doc: normalizeDocument(doc),
    selectedId: typeof selectedId === 'string' ? selectedId : null,
  };
}
