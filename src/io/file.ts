// File plumbing shared by the checkpoint formats: positional reads (files above 2 GiB never have to fit one
// Buffer), atomic writes (temp file in the same directory, fsync, rename) and error messages naming the file.
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, type Stats, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** An error about one checkpoint file: the message starts with the file's path. */
export class CheckpointError extends Error {
  readonly path: string;
  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super(`${path}: ${message}`, options);
    this.name = 'CheckpointError';
    this.path = path;
  }
}

/** Runs fn, re-throwing anything but a CheckpointError for the same file as one that names the file. */
export function namingFile<T>(path: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CheckpointError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new CheckpointError(path, `${what}: ${msg}`, { cause: e });
  }
}

function openProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file (file not found)';
  if (code === 'ENOTDIR') return 'no such file (file not found: a part of the path is not a directory)';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot open: ${(e as Error).message}`;
}

/** For a directory given as a checkpoint: the checkpoint files a tsnas run directory holds, if any. */
function directoryHint(dir: string): string {
  const candidates = ['model.pt', join('checkpoints', 'best.pt'), join('checkpoints', 'last.pt'), 'model.safetensors'].filter((f) => {
    try {
      return statSync(join(dir, f)).isFile();
    } catch {
      return false;
    }
  });
  if (candidates.length > 0) return ` (it looks like a run directory: pass ${candidates.map((f) => join(dir, f)).join(' or ')})`;
  return ' (pass the checkpoint file itself; a tsnas run directory holds model.pt and checkpoints/best.pt)';
}

/** A file opened for positional reads. */
/** What a path that is not a regular file is, for error messages ('a pipe (FIFO)', ...). */
export function fileKind(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

export class RandomAccessFile {
  readonly path: string;
  readonly size: number;
  private fd: number;

  constructor(path: string) {
    this.path = path;
    // stat before open: opening a FIFO blocks until a writer appears, and a directory opens fine but fails every read.
    let st: Stats;
    try {
      st = statSync(path);
    } catch (e) {
      throw new CheckpointError(path, openProblem(e), { cause: e });
    }
    if (st.isDirectory()) throw new CheckpointError(path, `is a directory, not a checkpoint file${directoryHint(path)}`);
    if (!st.isFile()) throw new CheckpointError(path, `is ${fileKind(st)}, not a checkpoint file`);
    try {
      this.fd = openSync(path, 'r');
    } catch (e) {
      throw new CheckpointError(path, openProblem(e), { cause: e });
    }
    this.size = fstatSync(this.fd).size;
  }

  /** Exactly `length` bytes at `position`; throws a truncation error naming `what` otherwise. */
  read(position: number, length: number, what: string): Buffer {
    if (position < 0 || length < 0 || position + length > this.size) {
      throw new CheckpointError(
        this.path,
        `truncated file: ${what} needs bytes ${position}..${position + length} but the file has ${this.size} bytes`,
      );
    }
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buf, done, length - done, position + done);
      if (n === 0) throw new CheckpointError(this.path, `truncated file while reading ${what}`);
      done += n;
    }
    return buf;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

export function withFile<T>(path: string, fn: (f: RandomAccessFile) => T): T {
  const f = new RandomAccessFile(path);
  try {
    return fn(f);
  } finally {
    f.close();
  }
}

/** Sequential writer onto a temp file that becomes `path` only when everything was written. */
export class AtomicWriter {
  readonly path: string;
  private readonly tmp: string;
  private fd: number;
  private pos = 0;

  constructor(path: string) {
    this.path = resolve(path);
    this.tmp = join(dirname(this.path), `.${basename(this.path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    try {
      this.fd = openSync(this.tmp, 'wx');
    } catch (e) {
      throw new CheckpointError(path, `cannot write (${(e as Error).message})`, { cause: e });
    }
  }

  get position(): number {
    return this.pos;
  }

  write(data: Uint8Array): void {
    let done = 0;
    while (done < data.byteLength) done += writeSync(this.fd, data, done, data.byteLength - done);
    this.pos += data.byteLength;
  }

  /** fsync, close and rename over the destination. */
  commit(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
    renameSync(this.tmp, this.path);
  }

  /** Drops the temp file (after an error). */
  abort(): void {
    if (this.fd >= 0) {
      try {
        closeSync(this.fd);
      } catch {
        /* already failing */
      }
      this.fd = -1;
    }
    try {
      unlinkSync(this.tmp);
    } catch {
      /* never created or already gone */
    }
  }
}

/** Runs `fn` on an AtomicWriter for `path`: the file appears complete or not at all. */
export function writeAtomically(path: string, what: string, fn: (w: AtomicWriter) => void): void {
  const w = new AtomicWriter(path);
  try {
    fn(w);
    w.commit();
  } catch (e) {
    w.abort();
    if (e instanceof CheckpointError) throw e;
    throw new CheckpointError(path, `writing ${what} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/**
 * `mkdir -p` that always terminates and names the folder in its errors. (Node 20's mkdirSync(..., { recursive: true })
 * never returns for a path under /proc, e.g. `/proc/x`: it retries ENOENT forever, and a signal handler cannot run.)
 * Creates the missing folders one level at a time; an existing non-folder on the way is an error.
 */
export function ensureDirectory(path: string, what = 'folder'): string {
  const dir = resolve(path);
  const missing: string[] = [];
  let cur = dir;
  for (;;) {
    let st: Stats | undefined;
    try {
      st = statSync(cur);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') throw new Error(`cannot create ${what} ${dir}: a part of the path is a file, not a directory`);
      if (code !== 'ENOENT') throw new Error(`cannot create ${what} ${dir}: ${cur}: ${(e as Error).message}`);
    }
    if (st) {
      if (!st.isDirectory()) {
        throw new Error(
          cur === dir ? `${what} ${dir} exists and is not a directory` : `cannot create ${what} ${dir}: ${cur} exists and is not a directory`,
        );
      }
      break;
    }
    missing.push(cur);
    const up = dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      const why =
        code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EROFS'
            ? 'read-only file system'
            : code === 'ENOENT'
              ? 'no folder can be made there (ENOENT)'
              : code === 'ENOSPC'
                ? 'no space left on the device'
                : (e as Error).message;
      throw new Error(`cannot create ${what} ${dir}: ${d}: ${why}`);
    }
  }
  return dir;
}
