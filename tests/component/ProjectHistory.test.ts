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
});
