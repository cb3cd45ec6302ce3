// Saving the sequence: where this browser has no video encoder (jsdom has no WebCodecs), the
// video button says so in a sentence and points to the zip of PNGs, which stays offered.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import SequenceExport from '../../src/ui/overlay/SequenceExport.svelte';
import { NO_VIDEO_ENCODER } from '../../src/ui/overlay/overlayVideo';

describe('saving the sequence', () => {
  it('says when the browser cannot encode a video and keeps the zip of PNGs', async () => {
    const pictures = { reportPictures: vi.fn(async () => ({ urls: {} })) };
    // The encoder is looked for before any photo is read or drawn: the frame is a stand-in.
    const frame = {
      id: 'img-0',
      name: 'step-0.png',
      image: { width: 4000, height: 3000 },
      overlay: {} as never,
      title: 'step-0.png, d = 0 mm',
    };
    render(SequenceExport, { frames: () => [frame], pictures, disabled: false });
    expect(screen.getByRole('group', { name: 'Save the sequence' })).toBeTruthy();
    const speed = screen.getByRole('combobox', { name: 'Video speed' }) as HTMLSelectElement;
    expect([...speed.options].map((o) => o.text)).toEqual([
      '0.5 photos a second',
      '1 photo a second',
      '2 photos a second',
      '4 photos a second',
    ]);
    await fireEvent.click(screen.getByRole('button', { name: 'Save the sequence as a video' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain(NO_VIDEO_ENCODER));
    expect(pictures.reportPictures).not.toHaveBeenCalled();
    const zip = screen.getByRole('button', {
      name: 'Save all overlays (zip)',
    }) as HTMLButtonElement;
    expect(zip.disabled).toBe(false);
  });
});
