// Reading a genotype file with bounds: a genotype is a few hundred bytes of text, so a character device
// (`/dev/zero`, which never ends), a FIFO, or a multi-megabyte file given by mistake is refused before it is read.
import { closeSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import { fileKind } from '../../io/index.js';
import { genotypeReprFromPickle, isPickle } from './pickle.js';

/** The largest genotype file tsnas reads (the biggest zoo genotype is under 2 KiB; D-DARTS per-cell files a few KiB). */
export const GENOTYPE_FILE_MAX_BYTES = 1 << 20;

function sizeText(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} bytes`;
}

/**
 * The UTF-8 text of a genotype file; for a pickle (EvNAS' genotype.pickle), the Python repr of the Genotype it holds.
 * Errors start with the path and say what is wrong: not found, a folder, not a regular file, over `maxBytes`,
 * unreadable, or empty.
 */
export function readGenotypeFile(path: string, maxBytes = GENOTYPE_FILE_MAX_BYTES): string {
  // stat before open: opening a FIFO for reading blocks until a writer appears.
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw openError(path, e);
  }
  if (st.isDirectory()) throw new Error(`${path}: is a directory, not a genotype file`);
  if (!st.isFile()) {
    throw new Error(`${path}: is ${fileKind(st)}, not a genotype file (a regular text file of at most ${sizeText(maxBytes)} is expected)`);
  }
  if (st.size > maxBytes) {
    throw new Error(
      `${path}: ${sizeText(st.size)} is too large for a genotype file (at most ${sizeText(maxBytes)}; ` +
        'a genotype is a short DARTS repr, pt.darts repr, JSON or NB201 arch string)',
    );
  }
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw openError(path, e);
  }
  let text: string;
  try {
    // Read at most maxBytes + 1 whatever stat said (the file may have grown since).
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      const k = readSync(fd, buf, n, buf.length - n, null);
      if (k === 0) break;
      n += k;
      if (n === buf.length) break;
    }
    if (n > maxBytes) throw new Error(`${path}: is larger than ${sizeText(maxBytes)}, too large for a genotype file`);
    if (isPickle(buf.subarray(0, n))) {
      try {
        return genotypeReprFromPickle(buf.subarray(0, n));
      } catch (e) {
        throw new Error(`${path}: ${(e as Error).message}`);
      }
    }
    text = buf.subarray(0, n).toString('utf8');
  } catch (e) {
    if (e instanceof Error && e.message.startsWith(`${path}: `)) throw e;
    throw new Error(`${path}: cannot be read (${(e as Error).message})`);
  } finally {
    closeSync(fd);
  }
  if (text.trim().length === 0) {
    throw new Error(
      `${path}: the file is empty (expected a genotype: a DARTS repr Genotype(normal=[...], ...), ` +
        'a pt.darts nested repr, tsnas JSON, or an NB201 arch string |op~0|+|...|)',
    );
  }
  if (text.includes('\u0000')) throw new Error(`${path}: holds binary data (NUL bytes), not a genotype text file`);
  return text;
}

function openError(path: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new Error(`${path}: file not found`);
  if (code === 'ENOTDIR') return new Error(`${path}: file not found (a part of the path is not a directory)`);
  if (code === 'EACCES' || code === 'EPERM') return new Error(`${path}: permission denied`);
  if (code === 'ELOOP') return new Error(`${path}: too many levels of symbolic links`);
  return new Error(`${path}: cannot open (${(e as Error).message})`);
}
