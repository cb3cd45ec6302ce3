// The printed report shows each analysed photo with its strain overlay, at the overlay's own
// image-pixel geometry, the overlay's legend, and the strain path as a vector figure.
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { strainPath } from '../../src/core';
import { overlaysByImage } from '../../src/state/strainOverlay.svelte';
import PrintableReport from '../../src/ui/report/PrintableReport.svelte';
import { analysedImages } from '../../src/ui/report/reportContent';
import type { ReportContent } from '../../src/ui/report/reportContent';
import { analyse } from '../../src/worker/analysis';
import { pressProject } from './results-helpers';

function reportContent(): ReportContent {
  const project = pressProject([0, 5, 10]);
  const request = project.readiness.request;
  if (!request) throw new Error('the project is not ready');
  const imageIds = project.readiness.included.map((image) => image.id);
  const response = analyse(request);
  if (!response.ok) throw new Error(response.problem.message);
  return {
    createdAt: new Date(2026, 0, 2, 3, 4),
    appVersion: 'test',
    analysis: response.analysis,
    images: analysedImages(project.doc, imageIds),
    scaleLength: request.scaleLength,
    leftOut: [],
    photoCount: 3,
    charts: [],
    pictures: {},
    overlays: overlaysByImage({ request, imageIds, response }),
  };
}

const pointsOf = (line: Element) =>
  (line.getAttribute('points') ?? '').split(' ').map((pair) => pair.split(',').map(Number));

describe('the report’s overlays and strain path', () => {
  it('draws each photo’s overlay over it, at the overlay’s own geometry', () => {
    const content = reportContent();
    render(PrintableReport, { content });
    const figures = document.querySelectorAll('.marked-photo');
    expect(figures).toHaveLength(3);
    figures.forEach((figure, i) => {
      const overlay = content.overlays?.byId[`img-${i}`];
      const drawn = figure.querySelector('g.strain-overlay');
      expect(drawn).not.toBeNull();
      // The first grid line (outline pass) is the grid's top row.
      const [first] = drawn?.querySelectorAll('polyline') ?? [];
      expect(pointsOf(first as Element)).toEqual(overlay?.grid[0]?.map(([x, y]) => [x, y]));
    });
    expect(document.body.textContent).toMatch(/principal stretch \(a strain of [\d.e-]+ draws/);
  });

  it('plots the strain path, one point per photo', () => {
    const content = reportContent();
    render(PrintableReport, { content });
    const figure = screen.getByRole('img', { name: /^Strain path: major against minor/ });
    expect(figure.querySelectorAll('circle')).toHaveLength(
      strainPath(content.analysis, 'hencky').length,
    );
    expect(screen.getByRole('heading', { name: 'Strain path' })).toBeInTheDocument();
  });
});
