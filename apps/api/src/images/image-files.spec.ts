import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageFiles } from './image-files';

describe('ImageFiles.prepare', () => {
  let root: string;
  let incoming: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lightbox-files-'));
    incoming = join(root, '.incoming');
    mkdirSync(incoming);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const leftover = (name: string, ageMs: number) => {
    const path = join(incoming, name);
    writeFileSync(path, 'half an upload');
    const then = (Date.now() - ageMs) / 1000;
    utimesSync(path, then, then);
    return path;
  };

  it('sweeps every staged file when no other instance can share the directory (the embedded database)', async () => {
    const young = leftover('young', 1_000);
    const old = leftover('old', 2 * 3600_000);
    await new ImageFiles(root, false).prepare();
    expect([existsSync(young), existsSync(old)]).toEqual([false, false]);
  });

  it('keeps a shared directory’s young staged files: another instance may be writing them', async () => {
    const young = leftover('young', 1_000);
    const old = leftover('old', 2 * 3600_000);
    await new ImageFiles(root, true).prepare();
    expect([existsSync(young), existsSync(old)]).toEqual([true, false]);
  });
});
