// The copies of project data that cross to the worker, into storage and into the undo history:
// exact, detached from the live state, and plain (so structured clone and JSON take them as
// they are), read through Svelte's state proxies.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { ProjectState } from '../../src/state/project.svelte';
import { plainCopy } from '../../src/state/plainCopy';

function markedProject(): ProjectState {
  const project = new ProjectState();
  project.addImages([
    { id: 'a', name: 'step-0mm.png', width: 4000, height: 3000, suggestedTravel: 0 },
    { id: 'b', name: 'step-5mm.png', width: 4000, height: 3000, suggestedTravel: null },
  ]);
  project.setPoint('a', { kind: 'fiducial', index: 2 }, [1234.5, 987.25]);
  project.setPoint('b', { kind: 'scale', index: 1 }, [10, 20]);
  flushSync();
  return project;
}

/** True when no object or array in `value` is a proxy or class instance. */
function isPlain(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  const prototype = Object.getPrototypeOf(value);
  if (Array.isArray(value)) return prototype === Array.prototype && value.every(isPlain);
  return prototype === Object.prototype && Object.values(value).every(isPlain);
}

describe('plainCopy', () => {
  it('copies the project document exactly, with nulls and nesting kept', () => {
    const project = markedProject();
    const copy = plainCopy(project.doc);
    expect(copy).toEqual(JSON.parse(JSON.stringify(project.doc)));
    expect(copy.images[0]!.fiducials[2]).toEqual([1234.5, 987.25]);
    expect(copy.images[0]!.fiducials[0]).toBeNull();
    expect(copy.images[1]!.pressTravel).toBeNull();
  });

  it('gives data that structured clone accepts (a Svelte proxy it refuses)', () => {
    const project = markedProject();
    expect(() => structuredClone(project.doc)).toThrow();
    const copy = plainCopy(project.doc);
    expect(isPlain(copy)).toBe(true);
    expect(structuredClone(copy)).toEqual(copy);
  });

  it('is detached: later edits to the project do not reach the copy, nor edits to the copy the project', () => {
    const project = markedProject();
    const copy = plainCopy(project.doc);
    project.setPoint('a', { kind: 'fiducial', index: 2 }, [1, 1]);
    project.setPressTravel('a', 3);
    expect(copy.images[0]!.fiducials[2]).toEqual([1234.5, 987.25]);
    expect(copy.images[0]!.pressTravel).toBe(0);
    copy.images[1]!.scalePoints[1] = [99, 99];
    expect(project.image('b')!.scalePoints[1]).toEqual([10, 20]);
  });

  it('structured-clones the odd object that is not plain data rather than flattening it', () => {
    const when = new Date(0);
    const copy = plainCopy({ when, values: new Float64Array([1, 2]) });
    expect(copy.when).toBeInstanceOf(Date);
    expect(copy.when).not.toBe(when);
    expect(copy.when.getTime()).toBe(0);
    expect(copy.values.constructor.name).toBe('Float64Array');
    expect([...copy.values]).toEqual([1, 2]);
  });
});
