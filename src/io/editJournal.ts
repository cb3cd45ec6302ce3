// The autosave's write-ahead records: each discrete edit (a point placed or moved, a
// travel, a setting) is written as a small record as soon as it is made, so a crash a
// moment later loses nothing; the next full save of the document takes them in and
// deletes them. Restoring folds any records left over the saved document, oldest first.
//
// A record holds the state its edit left, not the step that led there (the image as it
// now is, the settings as they now are), so folding one twice or over a later save
// changes nothing.
import type { ProjectDocument, ProjectImage } from '../model/document';

/** The document's values besides its images (scale length, measure, reference…). */
export type DocumentSettings = Omit<ProjectDocument, 'images'>;

export type JournalEdit =
  /** One image as the edit left it (replaces the saved one; a new image joins the end). */
  | { kind: 'image'; image: ProjectImage }
  | { kind: 'settings'; settings: DocumentSettings }
  /** The images' order after a move or removal, by id: any image not listed is gone. */
  | { kind: 'order'; ids: string[] };

/** Records live beside the session record, under keys that sort in the order written. */
export const EDIT_KEY_PREFIX = 'edit:';
const SEQ_DIGITS = 12;

export function editKey(seq: number): string {
  return EDIT_KEY_PREFIX + String(seq).padStart(SEQ_DIGITS, '0');
}

/** The number of the record under `key`, or null when the key is no record's. */
export function editSeq(key: unknown): number | null {
  if (typeof key !== 'string' || !key.startsWith(EDIT_KEY_PREFIX)) return null;
  const seq = Number(key.slice(EDIT_KEY_PREFIX.length));
  return Number.isSafeInteger(seq) ? seq : null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The stored document `doc` with `edits` applied in order. Both come from storage, so
 * nothing is assumed of their shape: a record that does not fit is skipped, and the
 * result is checked against the document's schema by whoever reads it.
 */
export function foldEdits(doc: unknown, edits: readonly unknown[]): unknown {
  if (!isRecord(doc) || !Array.isArray(doc['images'])) return doc;
  let images: unknown[] = [...(doc['images'] as unknown[])];
  let settings: Record<string, unknown> = {};
  const idOf = (image: unknown) => (isRecord(image) ? image['id'] : undefined);
  for (const edit of edits) {
    if (!isRecord(edit)) continue;
    const { kind } = edit;
    if (kind === 'image' && isRecord(edit['image']) && typeof edit['image']['id'] === 'string') {
      const image = edit['image'];
      const at = images.findIndex((candidate) => idOf(candidate) === image['id']);
      if (at >= 0) images[at] = image;
      else images.push(image);
    } else if (kind === 'settings' && isRecord(edit['settings'])) {
      // Images come only from the images list; any other key is the settings'.
      settings = { ...edit['settings'] };
      delete settings['images'];
    } else if (kind === 'order' && Array.isArray(edit['ids'])) {
      const byId = new Map(images.map((image) => [idOf(image), image]));
      images = (edit['ids'] as unknown[]).flatMap((id) => (byId.has(id) ? [byId.get(id)] : []));
    }
  }
  return { ...doc, ...settings, images };
}
