// Opens whatever file the user picked: tells a bundle (zip magic bytes), a project
// file and the original's raw_data.json apart by content, not by name, and answers
// with a document or problems that say what the file is and what to do.
import type { ProjectDocument } from '../model/document';
import { readBundle } from './bundle';
import { isPlainObject, readJsonText } from './jsonText';
import { parseOriginalValue } from './originalRawData';
import type { OriginalImportOptions } from './originalRawData';
import { parseProjectValue } from './projectFile';
import { LIMITS, PROJECT_FORMAT, fail } from './projectFormat';
import type { FileProblem } from './projectFormat';
import { looksLikeZip } from './zipReader';

export type OpenedKind = 'project' | 'bundle' | 'original';

export type OpenedFile =
  | { ok: true; kind: OpenedKind; document: ProjectDocument; photos: File[]; notes: string[] }
  | { ok: false; problems: FileProblem[] };

export const NOT_A_PROJECT =
  'This is not a Strain Seer project or raw_data.json file. Open a project file (.strainseer.json), a bundle (.strainseer), or the raw_data.json the original Strain Seer exported.';

export type DetectedKind = 'bundle' | 'json' | 'image' | 'empty' | 'unknown';

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0) =>
  magic.every((b, i) => bytes[at + i] === b);

/** What the bytes are, by their first bytes. */
export function detectKind(bytes: Uint8Array): DetectedKind {
  if (bytes.length === 0) return 'empty';
  if (looksLikeZip(bytes)) return 'bundle';
  if (
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) ||
    startsWith(bytes, [0xff, 0xd8, 0xff]) ||
    startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) ||
    startsWith(bytes, [0x42, 0x4d]) ||
    (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
  ) {
    return 'image';
  }
  // JSON text: optional byte order mark and white space, then an object or a list.
  let i = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[i] as number)) i++;
  return bytes[i] === 0x7b || bytes[i] === 0x5b ? 'json' : 'unknown';
}

function withNoPhotos(result: ReturnType<typeof parseProjectValue>, kind: OpenedKind): OpenedFile {
  return result.ok ? { ...result, kind, photos: [] } : result;
}

/** Reads a picked file's bytes as a project, bundle or raw_data.json; never throws. */
export async function openProjectFile(
  bytes: Uint8Array,
  options: OriginalImportOptions = {},
): Promise<OpenedFile> {
  try {
    const kind = detectKind(bytes);
    if (kind === 'empty') return fail('The file is empty (0 bytes).');
    if (kind === 'image') {
      return fail(
        'This is a photo, not a project file. Add photos with “Add photos” or drop them on the photo area.',
      );
    }
    if (kind === 'bundle') {
      const bundle = await readBundle(bytes);
      return bundle.ok ? { ...bundle, kind: 'bundle' } : bundle;
    }
    if (kind === 'unknown') return fail(NOT_A_PROJECT);
    if (bytes.length > LIMITS.jsonBytes) {
      return fail(
        `The file is ${(bytes.length / 1024 / 1024).toFixed(0)} MB; a project file or raw_data.json is at most ${LIMITS.jsonBytes / 1024 / 1024} MB.`,
      );
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return fail(`${NOT_A_PROJECT} (It is not UTF-8 text.)`);
    }
    const json = readJsonText(text);
    if (!json.ok) return json;
    const value = json.value;
    if (isPlainObject(value) && value.format === PROJECT_FORMAT) {
      return withNoPhotos(parseProjectValue(value), 'project');
    }
    if (isPlainObject(value) && 'files_data' in value) {
      return withNoPhotos(parseOriginalValue(value, options), 'original');
    }
    return fail(NOT_A_PROJECT);
  } catch (error) {
    return fail(
      `The file could not be read (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
}
