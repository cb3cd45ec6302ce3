// A marking check kept as marked is part of the project: it goes through project files,
// bundles (which carry the same project file) and autosaves, and files from before the
// checks (which have none) still open.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProjectFile, serializeProject } from '../../../src/io/projectFile';
import type { ProjectDocument as SavedDocument } from '../../../src/model/document';
import { parseSavedSession } from '../../../src/io/sessionFormat';
import { SESSION_SCHEMA } from '../../../src/io/sessionStore';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/projects/${name}`, import.meta.url), 'utf8');

function documentWith(confirmed: string[] | undefined): SavedDocument {
  return {
    images: [
      {
        id: 'a',
        name: 'a.png',
        width: 100,
        height: 100,
        fiducials: [
          [1, 1],
          [9, 1],
          [9, 9],
          [1, 9],
          [5, 5],
        ],
        scalePoints: [null, null],
        pressTravel: 0,
        ...(confirmed ? { confirmedChecks: confirmed } : {}),
      },
    ],
    scaleLength: 10,
    strainMeasure: 'small',
    reference: { kind: 'total', imageId: null },
  };
}

describe('confirmed marking checks in files', () => {
  it('survive a project file round trip', () => {
    const text = serializeProject(documentWith(['turned-90', 'stray-4']));
    const opened = parseProjectFile(text);
    expect(opened.ok && opened.document.images[0]?.confirmedChecks).toEqual([
      'turned-90',
      'stray-4',
    ]);
  });

  it('are left out of the file when there are none', () => {
    const text = serializeProject(documentWith(undefined));
    expect(text).not.toContain('confirmedChecks');
    const opened = parseProjectFile(text);
    expect(opened.ok && opened.document.images[0]?.confirmedChecks).toBeUndefined();
  });

  it('a file with a malformed list is refused, naming the field', () => {
    const file = JSON.parse(serializeProject(documentWith(['turned-90']))) as {
      project: { images: { confirmedChecks: unknown }[] };
    };
    file.project.images[0]!.confirmedChecks = [42];
    const opened = parseProjectFile(JSON.stringify(file));
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.problems[0]?.path).toContain('confirmedChecks');
  });

  it('every stored project file from before the checks still opens', () => {
    for (const name of [
      'v0-draft.strainseer.json',
      'v1-press-demo.strainseer.json',
      'v1-partial-incremental.strainseer.json',
      'v1-located-points.strainseer.json',
    ]) {
      const opened = parseProjectFile(fixture(name));
      expect(opened.ok, name).toBe(true);
      if (opened.ok) expect(opened.document.images.every((i) => !i.confirmedChecks)).toBe(true);
    }
  });

  it('autosaves keep them, and older autosaves without them load', () => {
    const session = (doc: SavedDocument) =>
      parseSavedSession({ schema: SESSION_SCHEMA, savedAt: 1, doc, selectedId: null });
    expect(session(documentWith(['mirrored-0']))?.doc.images[0]?.confirmedChecks).toEqual([
      'mirrored-0',
    ]);
    expect(session(documentWith(undefined))?.doc.images[0]?.confirmedChecks).toBeUndefined();
    const bad = { ...documentWith(undefined) } as unknown as { images: Record<string, unknown>[] };
    bad.images[0]!.confirmedChecks = 'turned-90';
    expect(session(bad as unknown as SavedDocument)).toBeNull();
  });
});
