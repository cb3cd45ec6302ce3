// The strain path view: one point per photo in sequence order, major against minor strain
// in the chosen measure (Hencky first), the classic loadings as labelled reference lines,
// e1, e2 and the equivalent strain against travel, and the path's points named from the keys.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { analyseSequence, strainPath } from '../../src/core';
import StrainPath from '../../src/ui/strainPath/StrainPath.svelte';
import type { PlotSeries } from '../../src/ui/strainPath/strainPathChart';
import { pressProject } from './results-helpers';

function sequence() {
  const request = pressProject([0, 5, 10, 15]).readiness.request;
  if (!request) throw new Error('the project is not ready');
  return analyseSequence(request);
}

async function plotted(testId: string): Promise<PlotSeries[]> {
  return waitFor(() => {
    const canvas = screen.getByTestId(testId);
    expect(canvas.dataset.points).toBeTruthy();
    return JSON.parse(canvas.dataset.points as string) as PlotSeries[];
  });
}

describe('the strain path', () => {
  it('plots each photo’s major against minor Hencky strain, with the reference paths', async () => {
    const analysis = sequence();
    render(StrainPath, { analysis });
    const [path, ...references] = await plotted('strain-path-plot');
    const expected = strainPath(analysis, 'hencky');
    expect(path?.points.map((p) => [p.x, p.y])).toEqual(expected.map((p) => [p.minor, p.major]));
    expect(path?.points[2]?.label).toBe('step-10mm-2.png, d = 10 mm');
    expect(references.map((r) => r.label)).toEqual([
      'Uniaxial tension (minor = −major/2)',
      'Plane strain (minor = 0)',
      'Equibiaxial (minor = major)',
      'Pure shear (minor = −major)',
      'Uniaxial compression (minor = −2 major)',
    ]);
    for (const line of references) expect(line.points[0]).toMatchObject({ x: 0, y: 0 });

    const [e1, e2, equivalent] = await plotted('strain-travel-plot');
    expect(e1?.points.map((p) => [p.x, p.y])).toEqual(
      expected.map((p) => [p.pressTravel, p.major]),
    );
    expect(e2?.points.map((p) => p.y)).toEqual(expected.map((p) => p.minor));
    expect(equivalent?.points.map((p) => p.y)).toEqual(expected.map((p) => p.equivalent));
  });

  it('follows the chosen measure', async () => {
    const analysis = sequence();
    render(StrainPath, { analysis });
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Strain measure of the path' }),
      'green_lagrangian',
    );
    const green = strainPath(analysis, 'green_lagrangian');
    await waitFor(async () => {
      const [path] = await plotted('strain-path-plot');
      expect(path?.points.map((p) => p.y)).toEqual(green.map((p) => p.major));
    });
  });

  it('names the photo and travel of the point the arrow keys reach', async () => {
    render(StrainPath, { analysis: sequence() });
    const plot = await screen.findByRole('img', { name: /^Strain path: major against minor/ });
    plot.focus();
    await fireEvent.keyDown(plot, { key: 'ArrowRight' });
    await fireEvent.keyDown(plot, { key: 'ArrowRight' });
    expect(
      document.getElementById(plot.getAttribute('aria-describedby') as string),
    ).toHaveTextContent(/^step-5mm-1\.png, d = 5 mm: major 0\.\d+, minor −0\.\d+$/);
    await fireEvent.keyDown(plot, { key: 'End' });
    expect(
      document.getElementById(plot.getAttribute('aria-describedby') as string),
    ).toHaveTextContent(/^step-15mm-3\.png, d = 15 mm/);
  });
});
