import type { ImageContentType } from '@lightbox/auth-contracts';
import { createHash, randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** An upload written to a temporary name: published under its image id only once its row exists. */
export interface StagedUpload {
  readonly path: string;
  readonly thumbnailPath: string;
  readonly previewPath: string;
  readonly sizeBytes: number;
  readonly sha256: string;
}

/** The original, and the two display renditions made from it. */
export type ImageVariant = 'file' | 'thumbnail' | 'preview';

export interface ImageBytes {
  stream: ReadStream;
  size: number;
}

const VARIANTS: readonly ImageVariant[] = ['file', 'thumbnail', 'preview'];
const RENDITION_NAMES = { thumbnail: 'thumb', preview: 'preview' } as const;

const EXTENSIONS: Readonly<Record<ImageContentType, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/avif': 'avif',
};

/**
 * With several instances on one shared DATA_DIR (PostgreSQL mode), a staged file younger than this
 * may be another instance's upload in flight; older ones are what a crash left behind.
 */
const STALE_INCOMING_MS = 60 * 60 * 1000;

/**
 * The image files under `DATA_DIR/images`: `<id>.<ext>`, `<id>.thumb.webp` and `<id>.preview.webp`. Uploads land in
 * `.incoming/` on the same file system, so publishing them is an atomic rename.
 */
export class ImageFiles {
  private readonly incoming: string;

  /**
   * `shared`: other instances may use this directory at the same time. The embedded database
   * admits one process per DATA_DIR, so without it every staged file at start is a leftover.
   */
  constructor(
    private readonly root: string,
    private readonly shared: boolean,
  ) {
    this.incoming = join(root, '.incoming');
  }

  /** Creates the directories and sweeps what interrupted uploads left. */
  async prepare(): Promise<void> {
    await mkdir(this.incoming, { recursive: true, mode: 0o700 });
    const now = Date.now();
    for (const name of await readdir(this.incoming)) {
      const path = join(this.incoming, name);
      const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: now }));
      if (!this.shared || now - mtimeMs > STALE_INCOMING_MS) await rm(path, { force: true });
    }
  }

  /** Streams `source` to a temporary file, hashing it on the way; the caller discards it on failure. */
  async stage(source: Readable): Promise<StagedUpload> {
    const name = randomUUID();
    const path = join(this.incoming, name);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        sizeBytes += chunk.length;
        done(null, chunk);
      },
    });
    const file = await open(path, 'wx', 0o600);
    try {
      await pipeline(source, measure, file.createWriteStream());
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    return { path, thumbnailPath: `${path}.thumb.webp`, previewPath: `${path}.preview.webp`, sizeBytes, sha256: hash.digest('hex') };
  }

  async discard(upload: StagedUpload): Promise<void> {
    await Promise.all([upload.path, upload.thumbnailPath, upload.previewPath].map((path) => rm(path, { force: true })));
  }

  /** The renditions first: a file that is visible always has them. */
  async publish(upload: StagedUpload, id: string, contentType: ImageContentType): Promise<void> {
    await rename(upload.thumbnailPath, this.pathOf(id, contentType, 'thumbnail'));
    await rename(upload.previewPath, this.pathOf(id, contentType, 'preview'));
    await rename(upload.path, this.pathOf(id, contentType, 'file'));
  }

  async remove(id: string, contentType: ImageContentType): Promise<void> {
    await Promise.all(VARIANTS.map((variant) => rm(this.pathOf(id, contentType, variant), { force: true })));
  }

  /**
   * Makes a rendition an image uploaded before it existed lacks: written to a staged name by
   * `render`, then renamed into place, so a reader never sees half a file.
   */
  async backfill(id: string, contentType: ImageContentType, variant: Exclude<ImageVariant, 'file'>, render: (source: string, target: string) => Promise<void>): Promise<void> {
    const staged = join(this.incoming, `${randomUUID()}.webp`);
    try {
      await render(this.pathOf(id, contentType, 'file'), staged);
      await rename(staged, this.pathOf(id, contentType, variant));
    } finally {
      await rm(staged, { force: true });
    }
  }

  /** A stream of the bytes and their length, or undefined when the file is not (or no longer) there. */
  async read(id: string, contentType: ImageContentType, variant: ImageVariant): Promise<ImageBytes | undefined> {
    const handle = await open(this.pathOf(id, contentType, variant), 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!handle) return undefined;
    const { size } = await handle.stat().catch(async (error: unknown) => {
      await handle.close();
      throw error;
    });
    return { stream: handle.createReadStream(), size };
  }

  private pathOf(id: string, contentType: ImageContentType, variant: ImageVariant): string {
    return join(this.root, variant === 'file' ? `${id}.${EXTENSIONS[contentType]}` : `${id}.${RENDITION_NAMES[variant]}.webp`);
  }
}
