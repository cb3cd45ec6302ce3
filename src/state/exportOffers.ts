// What the new-project dialog offers to save before the project is cleared:
// a bundle (project file plus photos, from the Project menu's own code) where
// the engine can read the photos back, else the original's raw_data.json.
import { MIME, downloadText } from '../io/download';
import { EXPORT_FILE_NAMES } from '../io/exportNames';
import type { ProjectState } from './project.svelte';
import { plainCopy } from './plainCopy';
import { saveBundle } from './projectFiles';
import type { ProjectEngine } from './projectFiles';

/** An export to offer before the project is cleared; `run` says what it saved, for the user. */
export interface ExportOffer {
  label: string;
  run: () => Promise<string> | string;
}

/** The original Strain Seer's raw_data.json: points, order, travels and scale length. */
export function rawDataOffer(project: ProjectState): ExportOffer {
  return {
    label: `Export ${EXPORT_FILE_NAMES.rawJson} first`,
    async run() {
      const io = await import('../io/exports');
      downloadText(EXPORT_FILE_NAMES.rawJson, io.rawDataJson(plainCopy(project.doc)), MIME.json);
      return `Saved ${EXPORT_FILE_NAMES.rawJson}.`;
    },
  };
}

/** A bundle that reopens anywhere exactly as it was (the Project menu's "Save bundle"). */
export function bundleOffer(
  project: ProjectState,
  engine: Pick<ProjectEngine, 'photoFile'>,
): ExportOffer {
  return {
    label: 'Save a bundle with the photos first',
    async run() {
      const saved = await saveBundle(project, engine);
      if (!saved.ok) throw new Error(saved.problems.map((problem) => problem.message).join(' '));
      return `Saved ${saved.name}.`;
    },
  };
}
