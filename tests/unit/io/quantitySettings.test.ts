// The specimen's size, the force log and the user's quantities travel with the project:
// project file, bundle and autosave give them back as they were, and older files without
// them still open.
import { describe, expect, it } from 'vitest';
import { createBundle, readBundle } from '../../../src/io/bundle';
import { parseProjectFile, serializeProject } from '../../../src/io/projectFile';
import { parseSavedSession } from '../../../src/io/sessionFormat';
import { SESSION_SCHEMA } from '../../../src/io/sessionStore';
import type { ProjectDocument } from '../../../src/model/document';
import { QUANTITY_PRESETS } from '../../../src/model/quantities';
import { demoDocument, demoPhotoBytes } from './fixtures';

const SETTINGS = {
  specimen: { width: 20, thickness: 4.5 },
  forceLog: {
    fileName: 'press.csv',
    axis: 'travel' as const,
    axisColumn: 'Travel',
    forceColumn: 'Force',
    axisUnit: 'mm',
    forceUnit: 'kN',
    x: [0, 0.5, 1],
    force: [0, 1.25, 2.5],
  },
  quantities: QUANTITY_PRESETS.map(({ name, expression, unit, fit }) => ({
    name,
    expression,
    unit,
    fit,
  })),
};

const withSettings = (): ProjectDocument => ({ ...demoDocument(), ...SETTINGS });

describe('quantity settings in the project', () => {
  it('survive a project file round trip, and a file without them has none', () => {
    const opened = parseProjectFile(serializeProject(withSettings()));
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.document.specimen).toEqual(SETTINGS.specimen);
    expect(opened.document.forceLog).toEqual(SETTINGS.forceLog);
    expect(opened.document.quantities).toEqual(SETTINGS.quantities);
    const plain = serializeProject(demoDocument());
    expect(plain).not.toMatch(/specimen|forceLog|quantities/);
  });

  it('survive a bundle and an autosave', async () => {
    const doc = withSettings();
    const created = await createBundle(doc, demoPhotoBytes(doc));
    if (!created.ok) throw new Error(JSON.stringify(created.problems));
    const read = await readBundle(new Uint8Array(await created.blob.arrayBuffer()));
    expect(read.ok && read.document.quantities).toEqual(SETTINGS.quantities);
    const session = parseSavedSession({
      schema: SESSION_SCHEMA,
      savedAt: 1,
      doc,
      selectedId: null,
    });
    expect(session?.doc.forceLog).toEqual(SETTINGS.forceLog);
  });

  it('refuse a log whose columns differ in length, naming the field', () => {
    const file = JSON.parse(serializeProject(withSettings()));
    file.project.forceLog.force.pop();
    const opened = parseProjectFile(JSON.stringify(file));
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.problems[0]?.path).toContain('forceLog');
  });
});
