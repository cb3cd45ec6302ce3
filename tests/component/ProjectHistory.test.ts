// Undo and redo over a project whose history shares the copies of unchanged images between
// its steps (so a step costs the images edited, not the whole project): every state comes
// back exactly, including after edits made on a state that undo brought back.
import { describe, expect, it } from 'vitest';
import { ProjectState } from '../../src/state/project.svelte';
import type { Vec2 } from '../../src/core';

const F0 = { kind: 'fiducial' as const, index: 0 };
const F3 = { kind: 'fiducial' as const, index: 3 };

function projectOf(count: number): ProjectState {
  const project = new ProjectState();
  project.addImages(
    Array.from({ length: count }, (_, i) => ({
      id: `img-${i}`,
      name: `step-${i}mm.png`,
      width: 4000,
      height: 3000,
      suggestedTravel: i,
    })),
  );
  return project;
}

/** The document as plain data, for exact comparison. */
const state = (project: ProjectState) => JSON.parse(JSON.stringify(project.doc)) as unknown;

describe('project history', () => {
  it('brings every state back exactly through undo and redo of edits on different images', () => {
    const project = projectOf(4);
    const states = [state(project)];
    project.setPoint('img-0', F0, [10, 20]);
    states.push(state(project));
    project.setFiducials('img-2', [
      [1, 1],
      [2, 1],
      [2, 2],
      [1, 2],
      [1.5, 1.5],
    ] as Vec2[]);
    states.push(state(project));
    project.setPressTravel('img-1', 7.5);
    states.push(state(project));
    project.deletePoint('img-0', F0);
    states.push(state(project));
    project.setScaleLength(25);
    states.push(state(project));

    for (let k = states.length - 2; k >= 0; k--) {
      project.undo();
      expect(state(project)).toEqual(states[k]);
    }
    for (let k = 1; k < states.length; k++) {
      project.redo();
      expect(state(project)).toEqual(states[k]);
    }
  });

  it('keeps older steps intact when a state brought back by undo is edited again', () => {
    const project = projectOf(3);
    const start = state(project);
    project.setPoint('img-0', F0, [5, 5]);
    const afterFirst = state(project);
    project.setPoint('img-1', F3, [8, 9]);
    project.undo();
    expect(state(project)).toEqual(afterFirst);
    // img-1's copy in the history is the one the first step shares: editing the live
    // image must not reach it.
    project.setPoint('img-1', F0, [40, 41]);
    project.setPressTravel('img-1', 3.25);
    project.undo();
    project.undo();
    expect(state(project)).toEqual(afterFirst);
    project.undo();
    expect(state(project)).toEqual(start);
  });

  it('makes a gesture on one photo of a large project one step that undoes exactly', () => {
    const project = projectOf(200);
    const before = state(project);
    project.beginGesture();
    project.setFiducials('img-150', [
      [1, 1],
      [9, 1],
      [9, 9],
      [1, 9],
      [5, 5],
    ] as Vec2[]);
    project.setPoint('img-150', { kind: 'scale', index: 0 }, [3, 4]);
    project.endGesture();
    const after = state(project);
    project.beginGesture();
    project.setPoint('img-151', F0, [2, 2]);
    project.endGesture();
    project.undo();
    expect(state(project)).toEqual(after);
    project.undo();
    expect(state(project)).toEqual(before);
    // Adding the photos was the one step before.
    project.undo();
    expect(project.doc.images).toHaveLength(0);
    expect(project.canUndo).toBe(false);
  });

  it('undoes and redoes each point’s uncertainty with it: snap, move by hand, detection, the setting', () => {
    const project = projectOf(2);
    const uncertainties = () => project.image('img-0')?.fiducialUncertainty;
    // A click placed by hand, then refined onto its dot within the same step.
    project.setPoint('img-0', F0, [10, 10]);
    expect(project.refinePoint('img-0', F0, [10, 10], [11.5, 9.25], 0.04)).toBe(true);
    expect(uncertainties()).toEqual([0.04, null, null, null, null]);
    // A drag by hand: hand-placed from then on.
    project.setPoint('img-0', F0, [20, 20]);
    expect(uncertainties()).toEqual([null, null, null, null, null]);
    project.undo();
    expect(project.pointAt('img-0', F0)).toEqual([11.5, 9.25]);
    expect(uncertainties()).toEqual([0.04, null, null, null, null]);
    // The refined point and its uncertainty are one step with the click.
    project.undo();
    expect(project.pointAt('img-0', F0)).toBeNull();
    expect(uncertainties()).toEqual([null, null, null, null, null]);
    project.redo();
    expect(uncertainties()).toEqual([0.04, null, null, null, null]);
    // Detected fiducials come with theirs; an empty slot has none.
    const points: (Vec2 | null)[] = [[1, 1], [9, 1], [9, 9], null, [5, 5]];
    project.setFiducials('img-1', points, [0.02, 0.03, null, 0.05, 0.01]);
    expect(project.image('img-1')?.fiducialUncertainty).toEqual([0.02, 0.03, null, null, 0.01]);
    project.deletePoint('img-1', F0);
    expect(project.image('img-1')?.fiducialUncertainty).toEqual([null, 0.03, null, null, 0.01]);
    project.undo();
    expect(project.image('img-1')?.fiducialUncertainty).toEqual([0.02, 0.03, null, null, 0.01]);
    project.setHandPlacedUncertainty(0.9);
    project.setHandPlacedUncertainty(0);
    expect(project.doc.handPlacedUncertainty).toBe(0.9);
    project.undo();
    expect(project.doc.handPlacedUncertainty).toBe(0.5);
    // The analysis gets every point's: its own, or the hand-placed value.
    project.setPoint('img-1', F3, [1, 9]);
    project.setPoint('img-1', { kind: 'scale', index: 0 }, [0, 20]);
    project.setPoint('img-1', { kind: 'scale', index: 1 }, [10, 20]);
    project.setHandPlacedUncertainty(0.7);
    expect(project.readiness.included).toHaveLength(1);
    const request = readinessMarks(project);
    expect(request?.fiducialUncertainty).toEqual([0.02, 0.03, 0.7, 0.7, 0.01]);
    expect(request?.scaleUncertainty).toEqual([0.7, 0.7]);
  });
});

describe('project version', () => {
  it('names the content: undo and redo give back the version of the state they return to', () => {
    const project = projectOf(2);
    const start = project.version;
    project.setPressTravel('img-0', 3);
    const edited = project.version;
    expect(edited).not.toBe(start);
    project.undo();
    expect(project.version).toBe(start);
    project.redo();
    expect(project.version).toBe(edited);
    // A new edit on a state brought back by undo is a state never seen before.
    project.undo();
    project.setPressTravel('img-0', 4);
    expect([start, edited]).not.toContain(project.version);
  });

  it('keeps the version through a gesture that ends where it began, and moves it otherwise', () => {
    const project = projectOf(1);
    project.setPoint('img-0', F0, [10, 20]);
    const before = project.version;
    project.beginGesture();
    project.setPoint('img-0', F0, [12, 20]);
    project.setPoint('img-0', F0, [10, 20]);
    project.endGesture();
    expect(project.version).toBe(before);
    project.beginGesture();
    project.setPoint('img-0', F0, [12, 20]);
    project.endGesture();
    expect(project.version).not.toBe(before);
    project.undo();
    expect(project.version).toBe(before);
  });
});

/** The marks the analysis would get for the first complete image (three are needed to send). */
function readinessMarks(project: ProjectState) {
  project.removeImage('img-0');
  const base = project.doc.images[0]!;
  project.addImages([
    { id: 'img-a', name: 'a.png', width: 4000, height: 3000, suggestedTravel: 1 },
    { id: 'img-b', name: 'b.png', width: 4000, height: 3000, suggestedTravel: 2 },
  ]);
  for (const id of ['img-a', 'img-b']) {
    base.fiducials.forEach((p, index) => {
      if (p) project.setPoint(id, { kind: 'fiducial', index }, p);
    });
    base.scalePoints.forEach((p, index) => {
      if (p) project.setPoint(id, { kind: 'scale', index }, p);
    });
  }
  return project.readiness.request?.images[0];
}
