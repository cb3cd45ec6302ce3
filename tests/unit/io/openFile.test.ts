// Opening any file: project files, bundles and the original's raw_data.json are
// told apart by their content (a renamed file still opens), and anything else
// gets one clear message saying what it is not.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createBundle } from '../../../src/io/bundle';
import { NOT_A_PROJECT, detectKind, openProjectFile } from '../../../src/io/openFile';
import type { OpenedFile } from '../../../src/io/openFile';

const fixture = (path: string) =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url))));

function messageOf(result: OpenedFile): string {
  if (result.ok) throw new Error('expected the file to be refused');
  return result.problems.map((p) => p.message).join(' ');
}

describe('openProjectFile', () => {
  it('opens a project file, with no photos', async () => {
    const result = await openProjectFile(fixture('projects/v1-press-demo.strainseer.json'));
    expect(result.ok && result.kind).toBe('project');
    expect(result.ok && result.photos).toEqual([]);
  });

  it('opens an older project file, noting the migration', async () => {
    const result = await openProjectFile(fixture('projects/v0-draft.strainseer.json'));
    expect(result.ok && result.kind).toBe('project');
    expect(result.ok && result.notes.join(' ')).toMatch(/older format/);
  });

  it("opens the original's raw_data.json, with a byte order mark too", async () => {
    const bytes = fixture('original/raw_data.json');
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
    for (const input of [bytes, withBom]) {
      const result = await openProjectFile(input);
      expect(result.ok && result.kind).toBe('original');
      expect(result.ok && result.document.images).toHaveLength(3);
    }
  });

  it('opens a bundle by its magic bytes, whatever it was named', async () => {
    const project = await openProjectFile(fixture('projects/v1-press-demo.strainseer.json'));
    if (!project.ok) throw new Error('fixture');
    const photos = new Map(project.document.images.map((i) => [i.name, new Uint8Array([1, 2])]));
    const created = await createBundle(project.document, photos);
    if (!created.ok) throw new Error('bundle');
    const bytes = new Uint8Array(await created.blob.arrayBuffer());
    expect(detectKind(bytes)).toBe('bundle');
    const result = await openProjectFile(bytes);
    expect(result.ok && result.kind).toBe('bundle');
    expect(result.ok && result.photos.map((f) => f.name)).toEqual(
      project.document.images.map((i) => i.name),
    );
  });

  it('says what a file is not, for anything else', async () => {
    expect(messageOf(await openProjectFile(new Uint8Array()))).toMatch(/empty \(0 bytes\)/);
    expect(messageOf(await openProjectFile(fixture('demo/deformation-00mm-force.png')))).toMatch(
      /This is a photo, not a project file/,
    );
    expect(messageOf(await openProjectFile(strToU8('filename,deformation_distance\n')))).toBe(
      NOT_A_PROJECT,
    );
    expect(messageOf(await openProjectFile(strToU8('{"x_axis": {"slope": 1}}')))).toBe(
      NOT_A_PROJECT,
    );
    expect(messageOf(await openProjectFile(strToU8('[1, 2]')))).toBe(NOT_A_PROJECT);
    expect(messageOf(await openProjectFile(strToU8('{"files_data": ')))).toMatch(/not valid JSON/);
    expect(messageOf(await openProjectFile(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))).toMatch(
      /not UTF-8 text/,
    );
  });

  it('detects kinds by magic bytes', () => {
    expect(detectKind(strToU8('  \n{"a":1}'))).toBe('json');
    expect(detectKind(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image');
    expect(detectKind(strToU8('GIF89a'))).toBe('image');
    expect(detectKind(strToU8('RIFF\0\0\0\0WEBPVP8 '))).toBe('image');
    expect(detectKind(strToU8('PK\u0005\u0006'))).toBe('bundle');
    expect(detectKind(strToU8('hello'))).toBe('unknown');
  });
});
