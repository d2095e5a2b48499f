// Reading data files with errors that say which file and what layout was expected, never a bare ENOENT.
import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dataError } from './dataset.js';

export function isDir(p: string): boolean {
  try { return statSync(p).isDirectory(); } catch { return false; }
}
export function isFile(p: string): boolean {
  try { return statSync(p).isFile(); } catch { return false; }
}

/** The file's bytes; `expected` describes the layout for the error message. */
export function readBytes(path: string, expected: string): Uint8Array {
  if (!isFile(path)) throw dataError(path, isDir(path) ? 'is a folder, not a file' : 'file not found', expected);
  try {
    return readFileSync(path);
  } catch (e) {
    throw dataError(path, `cannot be read (${(e as Error).message})`, expected);
  }
}

/** Reads a file, gunzipping it when it starts with the gzip magic bytes (whatever its name). */
export function readMaybeGzip(path: string, expected: string): Uint8Array {
  const raw = readBytes(path, expected);
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw);
    } catch (e) {
      throw dataError(path, `corrupt gzip data (${(e as Error).message})`, expected);
    }
  }
  if (path.endsWith('.gz')) throw dataError(path, 'has a .gz name but is not gzip data', expected);
  return raw;
}
