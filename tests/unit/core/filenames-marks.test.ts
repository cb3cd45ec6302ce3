// File names (natural order, press travel) and the marks' status rules.
import { describe, expect, it } from 'vitest';
import {
  emptyMarks,
  imageStatus,
  missingWork,
  naturalCompare,
  nextEmptySlot,
  travelFromFileName,
} from '../../../src/core';
import type { Vec2 } from '../../../src/core';

describe('naturalCompare', () => {
  it('puts 5mm before 10mm and ignores case', () => {
    const names = [
      'step-10mm.png',
      'Step-5mm.png',
      'step-100mm.png',
      'step-0mm.png',
      'step-25mm.png',
    ];
    expect([...names].sort(naturalCompare)).toEqual([
      'step-0mm.png',
      'Step-5mm.png',
      'step-10mm.png',
      'step-25mm.png',
      'step-100mm.png',
    ]);
  });

  it('is a strict order even for names equal but for case', () => {
    expect(naturalCompare('A.png', 'a.png')).not.toBe(0);
    expect(Math.sign(naturalCompare('A.png', 'a.png'))).toBe(
      -Math.sign(naturalCompare('a.png', 'A.png')),
    );
  });
});

describe('travelFromFileName', () => {
  it.each([
    ['deformation-05mm-force.png', 5],
    ['deformation-30mm-force.png', 30],
    ['press 2.5 mm.jpg', 2.5],
    ['press_2,5mm.jpg', 2.5],
    ['step-1.5cm.png', 15],
    ['run-250um.bmp', 0.25],
    ['at-0.1in.png', 2.54],
  ])('%s -> %s mm', (name, mm) => {
    expect(travelFromFileName(name)).toBeCloseTo(mm, 12);
  });

  it.each([
    'IMG_2034.JPG',
    'photo-5.png',
    'from-5mm-to-10mm.png',
    'summary.png',
    'sample-12mmHg.png',
  ])('%s has no single travel', (name) => {
    expect(travelFromFileName(name)).toBeNull();
  });
});

describe('marks', () => {
  const p: Vec2 = [1, 2];

  it('the next slot is the first empty fiducial, then scale points, then none', () => {
    const marks = emptyMarks();
    expect(nextEmptySlot(marks)).toEqual({ kind: 'fiducial', index: 0 });
    marks.fiducials = [p, p, null, p, p];
    expect(nextEmptySlot(marks)).toEqual({ kind: 'fiducial', index: 2 });
    marks.fiducials = [p, p, p, p, p];
    expect(nextEmptySlot(marks)).toEqual({ kind: 'scale', index: 0 });
    marks.scalePoints = [p, p];
    expect(nextEmptySlot(marks)).toBeNull();
  });

  it('statuses follow the original: Missing, Incomplete, Missing Distance, Complete', () => {
    const marks = emptyMarks();
    expect(imageStatus(marks)).toBe('missing');
    marks.fiducials[0] = p;
    expect(imageStatus(marks)).toBe('incomplete');
    marks.fiducials = [p, p, p, p, p];
    marks.scalePoints = [p, p];
    expect(imageStatus(marks)).toBe('missing-distance');
    marks.pressTravel = 0;
    expect(imageStatus(marks)).toBe('complete');
  });

  it('says what is missing in words', () => {
    const marks = emptyMarks();
    marks.fiducials = [p, null, p, null, p];
    marks.scalePoints = [p, null];
    expect(missingWork(marks)).toEqual([
      'place fiducials 1, 3',
      'place 1 scale point',
      'enter the press travel',
    ]);
  });
});
