// safetensors (https://github.com/huggingface/safetensors), implemented from the format description:
//   8 bytes   little-endian u64 N, the header size
//   N bytes   UTF-8 JSON: { "__metadata__"?: {string: string}, name: {dtype, shape, data_offsets: [begin, end]} }
//             padded with spaces so that the data starts 8-byte aligned (as the Python library writes it)
//   rest      the tensors' raw little-endian bytes; offsets are relative to the start of this section
// Validation follows the reference library: header size bounded, offsets in range, each tensor's byte size
// equal to numel * element size, and the tensors tiling the data section without gaps or overlaps.
import { type DType, elementSize } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { CheckpointError, namingFile, withFile, writeAtomically } from './file.js';
import { contiguousBytes, tensorFromBytes } from './storage.js';

/** The reference library refuses headers above 100 MB; so do we. */
export const SAFETENSORS_MAX_HEADER = 100_000_000;

const TO_DTYPE: Record<string, DType> = {
  F32: 'float32',
  F64: 'float64',
  F16: 'float16',
  BF16: 'bfloat16',
  I64: 'int64',
  I32: 'int32',
  I16: 'int16',
  I8: 'int8',
  U8: 'uint8',
  BOOL: 'bool',
};
const FROM_DTYPE: Record<DType, string> = {
  float32: 'F32',
  float64: 'F64',
  float16: 'F16',
  bfloat16: 'BF16',
  int64: 'I64',
  int32: 'I32',
  int16: 'I16',
  int8: 'I8',
  uint8: 'U8',
  bool: 'BOOL',
};

export interface SafetensorsEntry {
  dtype: DType;
  shape: number[];
  /** Byte range within the data section. */
  dataOffsets: [begin: number, end: number];
}

export interface SafetensorsHeader {
  metadata: Record<string, string>;
  /** In file order (by data offset). */
  tensors: Map<string, SafetensorsEntry>;
  /** Absolute file offset of the data section (8 + N). */
  dataStart: number;
}

export interface SafetensorsLoadOptions {
  /** Put the tensors on this device (default cpu). */
  device?: string;
  /** Load only these names. */
  names?: readonly string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseHeader(path: string, json: string, dataBytes: number, dataStart: number): SafetensorsHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new CheckpointError(path, `safetensors header is not valid JSON (${(e as Error).message})`);
  }
  if (!isRecord(raw)) throw new CheckpointError(path, 'safetensors header must be a JSON object');
  const metadata: Record<string, string> = {};
  const entries: [string, SafetensorsEntry][] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (name === '__metadata__') {
      if (!isRecord(value)) throw new CheckpointError(path, 'safetensors __metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'string') throw new CheckpointError(path, `safetensors __metadata__["${k}"] must be a string, got ${JSON.stringify(v)}`);
        metadata[k] = v;
      }
      continue;
    }
    if (!isRecord(value)) throw new CheckpointError(path, `safetensors entry "${name}" must be an object`);
    const { dtype, shape, data_offsets: offsets } = value;
    if (typeof dtype !== 'string') throw new CheckpointError(path, `tensor "${name}": missing dtype`);
    const dt = TO_DTYPE[dtype];
    if (dt === undefined) {
      throw new CheckpointError(path, `tensor "${name}": dtype ${dtype} is not supported (supported: ${Object.keys(TO_DTYPE).join(', ')})`);
    }
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
      throw new CheckpointError(path, `tensor "${name}": shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
      throw new CheckpointError(path, `tensor "${name}": data_offsets must be [begin, end], got ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    if (end < begin) throw new CheckpointError(path, `tensor "${name}": data_offsets [${begin}, ${end}] end before they begin`);
    if (end > dataBytes) {
      throw new CheckpointError(
        path,
        `tensor "${name}": data_offsets [${begin}, ${end}] are out of range: the data section has ${dataBytes} bytes (truncated file?)`,
      );
    }
    const numel = (shape as number[]).reduce((a, b) => a * b, 1);
    const need = numel * elementSize(dt);
    if (end - begin !== need) {
      throw new CheckpointError(
        path,
        `tensor "${name}": ${dtype}[${(shape as number[]).join(', ')}] needs ${need} bytes but data_offsets [${begin}, ${end}] hold ${end - begin}`,
      );
    }
    entries.push([name, { dtype: dt, shape: [...(shape as number[])], dataOffsets: [begin, end] }]);
  }
  entries.sort((a, b) => a[1].dataOffsets[0] - b[1].dataOffsets[0] || a[1].dataOffsets[1] - b[1].dataOffsets[1]);
  let cursor = 0;
  let prev = '';
  for (const [name, e] of entries) {
    const [begin, end] = e.dataOffsets;
    if (begin < cursor) {
      throw new CheckpointError(path, `tensor "${name}": data_offsets [${begin}, ${end}] overlap tensor "${prev}" (which ends at ${cursor})`);
    }
    if (begin > cursor) {
      throw new CheckpointError(path, `tensor "${name}": data_offsets begin at ${begin}, leaving a gap after byte ${cursor} of the data section`);
    }
    cursor = end;
    prev = name;
  }
  if (cursor !== dataBytes) {
    throw new CheckpointError(
      path,
      `the tensors cover ${cursor} bytes of a ${dataBytes}-byte data section (trailing bytes: not a valid safetensors file)`,
    );
  }
  return { metadata, tensors: new Map(entries), dataStart };
}

/** Reads and validates the header only (no tensor data). */
export function readSafetensorsHeader(path: string): SafetensorsHeader {
  return withFile(path, (f) => {
    if (f.size < 8) throw new CheckpointError(path, `truncated file: ${f.size} bytes, a safetensors file starts with an 8-byte header size`);
    const n64 = f.read(0, 8, 'the header size').readBigUInt64LE(0);
    if (n64 > BigInt(SAFETENSORS_MAX_HEADER)) {
      throw new CheckpointError(
        path,
        `safetensors header too large: ${n64} bytes (limit ${SAFETENSORS_MAX_HEADER}, the file has ${f.size} bytes): ` +
          'corrupt, or not a safetensors file',
      );
    }
    const n = Number(n64);
    if (8 + n > f.size) {
      throw new CheckpointError(path, `safetensors header length ${n} exceeds the file size ${f.size}: truncated file or corrupt header`);
    }
    const json = f.read(8, n, 'the header').toString('utf8');
    if (!json.startsWith('{')) throw new CheckpointError(path, 'safetensors header must start with "{" (not a safetensors file?)');
    return parseHeader(path, json, f.size - 8 - n, 8 + n);
  });
}

/** Loads every tensor (or `names`) and the `__metadata__` map. */
export function loadSafetensorsFile(
  path: string,
  opts: SafetensorsLoadOptions = {},
): { tensors: Map<string, Tensor>; metadata: Record<string, string> } {
  const header = readSafetensorsHeader(path);
  const wanted = opts.names ? new Set(opts.names) : undefined;
  if (wanted) {
    for (const n of wanted) if (!header.tensors.has(n)) throw new CheckpointError(path, `no tensor named "${n}" in the file`);
  }
  const tensors = new Map<string, Tensor>();
  try {
    withFile(path, (f) => {
      for (const [name, e] of header.tensors) {
        if (wanted && !wanted.has(name)) continue;
        const [begin, end] = e.dataOffsets;
        const bytes = f.read(header.dataStart + begin, end - begin, `tensor "${name}"`);
        let t = namingFile(path, `tensor "${name}"`, () => tensorFromBytes(bytes, e.dtype, e.shape));
        if (opts.device && opts.device !== 'cpu') {
          const moved = t.to({ device: opts.device });
          t.dispose();
          t = moved;
        }
        tensors.set(name, t);
      }
    });
  } catch (err) {
    for (const t of tensors.values()) t.dispose();
    throw err;
  }
  return { tensors, metadata: header.metadata };
}

/** Loads every tensor of a safetensors file, by name, in file order. */
export function loadSafetensors(path: string, opts: SafetensorsLoadOptions = {}): Map<string, Tensor> {
  return loadSafetensorsFile(path, opts).tensors;
}

/**
 * Writes `tensors` (any device, any layout: saved contiguous) and an optional string metadata map, atomically.
 * Data are laid out larger elements first (keeping every tensor aligned to its element size), then by name, close
 * to the order the reference library uses.
 */
export function saveSafetensors(path: string, tensors: Record<string, Tensor> | Map<string, Tensor>, metadata?: Record<string, string>): void {
  const entries = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
  for (const [name] of entries) {
    if (name === '__metadata__') throw new CheckpointError(path, 'a tensor cannot be named "__metadata__"');
  }
  if (metadata) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new CheckpointError(path, `metadata["${k}"] must be a string`);
    }
  }
  const names = new Set<string>();
  for (const [name] of entries) {
    if (names.has(name)) throw new CheckpointError(path, `tensor name "${name}" appears twice`);
    names.add(name);
  }
  const order = entries
    .map(([name, t]) => ({ name, t, dtype: t.dtype, shape: [...t.shape] }))
    .sort((a, b) => elementSize(b.dtype) - elementSize(a.dtype) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const e of order) {
    const bytes = e.shape.reduce((a, b) => a * b, 1) * elementSize(e.dtype);
    header[e.name] = { dtype: FROM_DTYPE[e.dtype], shape: e.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (8 - (json.byteLength % 8)) % 8;
  if (pad) json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  writeAtomically(path, 'safetensors', (w) => {
    const size = Buffer.alloc(8);
    size.writeBigUInt64LE(BigInt(json.byteLength));
    w.write(size);
    w.write(json);
    for (const e of order) w.write(contiguousBytes(e.t));
  });
}
