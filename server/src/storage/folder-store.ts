import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, link, mkdir, open, readdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertKey, contentKey, type EvidenceStore, Inspector, type StagedFile } from './evidence-store';

const STALE_TEMP_MS = 3600_000;

/** The folder of files being written (`<root>/tmp`): never read, emptied of what a crash left at start. */
export const TMP = 'tmp';

/**
 * Evidence files in a folder (DATA_DIR/files by default), content-addressed: a file's key is its SHA-256
 * (`sha256/ab/cd/<hash>`), so the same bytes are kept once however often they are attached. A file is written to
 * `tmp/` (a new name, mode 0600), synced, then linked to its content address and its folder synced: readers only ever
 * see complete files, and a crash leaves at most a temporary file, removed by a start an hour or more later. Committed files are
 * read-only (0400) and never change.
 */
export class FolderStore implements EvidenceStore {
  readonly driver = 'folder' as const;

  constructor(readonly root: string) {}

  async check(): Promise<void> {
    await mkdir(join(this.root, TMP), { recursive: true, mode: 0o700 });
    // a crash mid-upload leaves its temporary file, which nothing refers to; one written to within the hour may be
    // another server's upload in progress (servers may share the folder)
    for (const name of await readdir(join(this.root, TMP))) {
      const path = join(this.root, TMP, name);
      const st = await stat(path).catch(() => null);
      if (st && Date.now() - st.mtimeMs > STALE_TEMP_MS) await unlink(path).catch(() => undefined);
    }
  }

  async stage(source: Readable): Promise<StagedFile> {
    await mkdir(join(this.root, TMP), { recursive: true, mode: 0o700 });
    const ref = join(TMP, randomUUID());
    const path = join(this.root, ref);
    const inspector = new Inspector();
    const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    try {
      await pipeline(source, inspector, out);
      const fh = await open(path, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      return { ref, ...inspector.result() };
    } catch (e) {
      out.destroy();
      await unlink(path).catch(() => undefined);
      throw e;
    }
  }

  async commit(staged: StagedFile): Promise<string> {
    const key = contentKey(staged.sha256);
    const target = this.path(key);
    const temp = join(this.root, staged.ref);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await chmod(temp, 0o400);
    try {
      // link, not rename: it fails rather than replace a file already at that address (the same bytes, kept once)
      await link(temp, target);
      await syncDir(dirname(target));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const existing = await stat(target);
      if (existing.size !== staged.size) throw new Error(`${key} holds ${existing.size} bytes, not ${staged.size}`);
    }
    await unlink(temp);
    return key;
  }

  async discard(staged: StagedFile): Promise<void> {
    await unlink(join(this.root, staged.ref)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }

  async open(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const stream = createReadStream(this.path(key), range ? { start: range.start, end: range.end } : {});
    // fails here (a missing file) rather than once the response has started
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return stream;
  }

  async remove(key: string): Promise<void> {
    await unlink(this.path(key)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }

  async signedLink(): Promise<null> {
    return null;
  }

  path(key: string): string {
    assertKey(key);
    if (key.startsWith(`${TMP}/`)) throw new Error(`not a committed file: ${key}`);
    return join(this.root, ...key.split('/'));
  }

  /** The temporary files being written now (tests: a broken upload leaves none). */
  async staging(): Promise<string[]> {
    return (await readdir(join(this.root, TMP)).catch(() => [] as string[])).map((n) => `${TMP}${sep}${n}`);
  }
}

async function syncDir(dir: string) {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
