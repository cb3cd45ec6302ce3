// The marker order diagram and its legend: accessible, in the right order, and readable without colour.
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import MarkerOrder from '../../src/ui/help/MarkerOrder.svelte';

const EXPECTED_ORDER = [
  /^dot 0:\s*top-left corner$/i,
  /^dot 1:\s*top-right corner$/i,
  /^dot 2:\s*bottom-right corner$/i,
  /^dot 3:\s*bottom-left corner$/i,
  /^dot 4:\s*centre$/i,
];

function diagram() {
  return screen.getByRole('img', { name: /marker order/i });
}

/** Where the diagram draws the label with this text, in SVG user units (y down, as on screen). */
function labelAt(text: string) {
  const label = within(diagram()).getByText(text, { selector: 'text' });
  return { x: Number(label.getAttribute('x')), y: Number(label.getAttribute('y')), label };
}

describe('Marker order', () => {
  it('is a section with its own heading', () => {
    render(MarkerOrder);
    expect(screen.getByRole('region', { name: 'Marker order' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Marker order' })).toBeInTheDocument();
  });

  it('shows the diagram as one image with a name and a description of the order', () => {
    render(MarkerOrder);
    const img = diagram();
    expect(img.tagName.toLowerCase()).toBe('svg');
    expect(img).toHaveAccessibleDescription(
      /0 top-left.*1 top-right.*2 bottom-right.*3 bottom-left.*4 centre/i,
    );
    expect(img).toHaveAccessibleDescription(/S1 and S2/);
  });

  it('lists the five fiducials in order, as text beside the diagram', () => {
    render(MarkerOrder);
    const list = screen.getByRole('list', { name: /fiducial/i });
    expect(list.tagName).toBe('OL');
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(EXPECTED_ORDER.length);
    items.forEach((item, i) => {
      // The number badge is decoration; read what a screen reader reads.
      const spoken = [...item.querySelectorAll(':scope > span:not([aria-hidden])')]
        .map((s) => s.textContent)
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim();
      expect(spoken).toMatch(EXPECTED_ORDER[i] ?? /never/);
    });
  });

  it('lists the two scale points S1 and S2', () => {
    render(MarkerOrder);
    const list = screen.getByRole('list', { name: /scale points/i });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => li.textContent?.trim().slice(0, 2))).toEqual(['S1', 'S2']);
  });

  it('draws the dots clockwise from the top-left, with 4 in the middle', () => {
    render(MarkerOrder);
    const [p0, p1, p2, p3, p4] = ['0', '1', '2', '3', '4'].map(labelAt);
    if (!p0 || !p1 || !p2 || !p3 || !p4) throw new Error('a fiducial label is missing');

    expect(p0.x).toBeLessThan(p1.x); // 0 left of 1
    expect(p3.x).toBeLessThan(p2.x); // 3 left of 2
    expect(p0.y).toBeLessThan(p3.y); // 0 above 3 (y grows downwards)
    expect(p1.y).toBeLessThan(p2.y); // 1 above 2

    // Shoelace area in screen coordinates (y down): positive means clockwise as seen.
    const ring = [p0, p1, p2, p3];
    const area = ring.reduce((sum, a, i) => {
      const b = ring[(i + 1) % ring.length] ?? a;
      return sum + (a.x * b.y - b.x * a.y);
    }, 0);
    expect(area).toBeGreaterThan(0);

    for (const corner of ring) {
      expect(Math.abs(p4.x - corner.x)).toBeGreaterThan(20);
      expect(Math.abs(p4.y - corner.y)).toBeGreaterThan(20);
    }
    const xs = ring.map((p) => p.x);
    const ys = ring.map((p) => p.y);
    expect(p4.x).toBeGreaterThan(Math.min(...xs));
    expect(p4.x).toBeLessThan(Math.max(...xs));
    expect(p4.y).toBeGreaterThan(Math.min(...ys));
    expect(p4.y).toBeLessThan(Math.max(...ys));
  });

  it('draws fiducials and scale points as different shapes, not only different colours', () => {
    render(MarkerOrder);
    const shapeOf = (text: string) => {
      const group = labelAt(text).label.parentElement;
      const shape = group?.querySelector('circle, polygon, rect, path');
      return shape?.tagName.toLowerCase();
    };
    const fiducialShapes = new Set(['0', '1', '2', '3', '4'].map(shapeOf));
    const scaleShapes = new Set(['S1', 'S2'].map(shapeOf));
    expect(fiducialShapes.size).toBe(1);
    expect(scaleShapes.size).toBe(1);
    expect(fiducialShapes).not.toContain(undefined);
    expect(scaleShapes).not.toContain(undefined);
    expect([...fiducialShapes][0]).not.toBe([...scaleShapes][0]);
  });
});
