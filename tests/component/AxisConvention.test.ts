// The axis convention: image axes with y downwards, and what that means for exy and the principal angle.
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import AxisConvention from '../../src/ui/help/AxisConvention.svelte';

describe('Axes and signs', () => {
  it('says x points right and y points downwards', () => {
    render(AxisConvention);
    const region = screen.getByRole('region', { name: /axes/i });
    expect(region).toHaveTextContent(/x points to the right and y points downwards/i);
    expect(region).toHaveTextContent(/top-left corner/i);
  });

  it('explains that a positive exy closes the angle between +x and +y', () => {
    render(AxisConvention);
    expect(screen.getByRole('region', { name: /axes/i })).toHaveTextContent(
      /positive exy means the right angle between \+x and \+y .*closes/i,
    );
  });

  it('measures the principal angle from +x towards +y, clockwise on screen', () => {
    render(AxisConvention);
    const region = screen.getByRole('region', { name: /axes/i });
    expect(region).toHaveTextContent(/from \+x towards \+y/i);
    expect(region).toHaveTextContent(/clockwise on screen/i);
  });

  it('has a named picture of the axes', () => {
    render(AxisConvention);
    const img = screen.getByRole('img', { name: /axes/i });
    expect(img).toHaveAccessibleDescription(/y points down/i);
  });
});
