// A stand-in for the worker as the Project menu and the intake use it: decodes nothing, knows
// the demo photos' sizes, keeps the files, and reads a bundle as the worker does (its photos
// staged under their ids until the open is accepted, and kept or dropped then).
import { vi } from 'vitest';
import type { IngestOutcome } from '../../src/client/engine';
import { readBundle } from '../../src/io/bundle';

const SIZES: Record<string, [number, number]> = {
  'deformation-00mm-force.png': [1476, 1144],
  'deformation-15mm-force.png': [1192, 712],
  'deformation-30mm-force.png': [1176, 868],
};

function decoded(file: File): IngestOutcome {
  const [width, height] = SIZES[file.name] ?? [640, 480];
  return {
    ok: true,
    id: `id:${file.name}`,
    name: file.name,
    width,
    height,
    thumbnailUrl: `blob:thumbnail-${file.name}`,
  };
}

export function fakeEngine() {
  const files = new Map<string, File>();
  const staged = new Map<string, File[]>();
  /** Staging ids kept and dropped, in order. */
  const kept: string[] = [];
  const dropped: string[] = [];
  return {
    files,
    kept,
    dropped,
    cancelIngest: vi.fn(async () => {}),
    ingest: vi.fn(async (batch: File[]): Promise<IngestOutcome[]> =>
      batch.map((file) => {
        files.set(`id:${file.name}`, file);
        return decoded(file);
      }),
    ),
    photoFile: vi.fn(async (id: string) => {
      const file = files.get(id);
      if (!file) throw new Error('This photo is no longer available; add it again.');
      return file;
    }),
    readBundleFile: vi.fn(
      async (file: File, onProgress?: (progress: { done: number; total: number }) => void) => {
        const read = await readBundle(new Uint8Array(await file.arrayBuffer()));
        if (!read.ok) return read;
        const staging = `staging:${file.name}`;
        staged.set(staging, read.photos);
        read.photos.forEach((_, i) => onProgress?.({ done: i + 1, total: read.photos.length }));
        return {
          ok: true as const,
          document: read.document,
          notes: read.notes,
          outcomes: read.photos.map(decoded),
          staging,
        };
      },
    ),
    keepBundle: vi.fn(async (staging: string) => {
      for (const photo of staged.get(staging) ?? []) files.set(`id:${photo.name}`, photo);
      staged.delete(staging);
      kept.push(staging);
    }),
    dropBundle: vi.fn(async (staging: string) => {
      staged.delete(staging);
      dropped.push(staging);
    }),
  };
}
