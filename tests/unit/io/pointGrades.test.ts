// How well each located point's dot showed (its grade) is part of the project, beside its
// uncertainty: it goes through autosaves, project files and bundles (which carry the same
// project file) through the one document schema, leaves when the point is moved by hand,
// and files from before grades were kept still open, with none.
import { describe, expect, it } from 'vitest';
import { parseProjectFile, serializeProject } from '../../../src/io/projectFile';
import { parseSavedSession } from '../../../src/io/sessionFormat';
import { SESSION_SCHEMA } from '../../../src/io/sessionStore';
import { pointGrade, pointUncertainty } from '../../../src/model/document';
import type { ProjectDocument } from '../../../src/model/document';
import { plainCopy } from '../../../src/state/plainCopy';
import { ProjectState } from '../../../src/state/project.svelte';

const S1 = { kind: 'scale', index: 0 } as const;
const fiducial = (index: number) => ({ kind: 'fiducial', index }) as const;

/** A project whose fiducials 0-2 were located (good, fair, and one without a grade). */
function graded(): ProjectState {
  const project = new ProjectState();
  project.addImages([{ id: 'a', name: 'a.png', width: 100, height: 100, suggestedTravel: 0 }]);
  project.setPoint('a', fiducial(0), [10, 10], { uncertainty: 0.02, grade: 'good' });
  project.setPoint('a', fiducial(1), [90, 10], { uncertainty: 0.004, grade: 'fair' });
  project.setPoint('a', fiducial(2), [90, 90], 0.05);
  project.setPoint('a', fiducial(3), [10, 90]);
  project.setPoint('a', S1, [5, 95], { uncertainty: 0.1, grade: 'poor' });
  return project;
}

function expectGrades(doc: ProjectDocument) {
  const image = doc.images[0]!;
  expect([0, 1, 2, 3, 4].map((i) => pointGrade(image, fiducial(i)))).toEqual([
    'good',
    'fair',
    null,
    null,
    null,
  ]);
  expect(pointUncertainty(image, fiducial(1))).toBe(0.004);
  expect(pointGrade(image, S1)).toBe('poor');
}

describe('point grades', () => {
  it('survive a project file (and so a bundle) round trip', () => {
    const opened = parseProjectFile(serializeProject(graded().doc));
    expect(opened.ok).toBe(true);
    if (opened.ok) expectGrades(opened.document);
  });

  it('survive an autosave round trip', () => {
    const doc = plainCopy(graded().doc);
    const session = parseSavedSession({ schema: SESSION_SCHEMA, savedAt: 1, doc, selectedId: 'a' });
    expect(session).not.toBeNull();
    expectGrades(session!.doc);
  });

  it('go with their points when the corners are reordered, and leave when a point is moved by hand', () => {
    const project = graded();
    project.reorderFiducials('a', [1, 0, 2, 3, 4]);
    expect(pointGrade(project.image('a')!, fiducial(0))).toBe('fair');
    expect(pointGrade(project.image('a')!, fiducial(1))).toBe('good');
    project.setPoint('a', fiducial(0), [91, 10]);
    expect(pointGrade(project.image('a')!, fiducial(0))).toBeNull();
    expect(pointUncertainty(project.image('a')!, fiducial(0))).toBeNull();
  });

  it('are left out of documents that have none, which open as before', () => {
    const project = new ProjectState();
    project.addImages([{ id: 'a', name: 'a.png', width: 100, height: 100, suggestedTravel: 0 }]);
    project.setPoint('a', fiducial(0), [10, 10], 0.03);
    const text = serializeProject(project.doc);
    expect(text).not.toContain('Grade');
    const opened = parseProjectFile(text);
    expect(opened.ok && pointGrade(opened.document.images[0]!, fiducial(0))).toBeNull();
  });

  it('a file with an unknown grade is refused, naming the field', () => {
    const file = JSON.parse(serializeProject(graded().doc)) as {
      project: { images: { fiducialGrade: unknown[] }[] };
    };
    file.project.images[0]!.fiducialGrade[0] = 'excellent';
    const opened = parseProjectFile(JSON.stringify(file));
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.problems[0]?.path).toContain('fiducialGrade');
  });
});
