// The zip container of torch.save (PyTorch >= 1.6): records stored uncompressed, each record's data aligned to 64
// bytes with an "FB" padding extra field, zip64 when sizes or offsets pass 4 GiB. Reading also accepts deflated
// records (archives re-zipped by other tools).
import { crc32, inflateRawSync } from 'node:zlib';
import { type AtomicWriter, CheckpointError, type RandomAccessFile } from './file.js';

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  /** CRC-32 of the uncompressed data, from the central directory. */
  crc: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;

const u64 = (b: Buffer, at: number): number => {
  const v = b.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`zip value ${v} is too large`);
  return Number(v);
};

const hex32 = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

export class ZipReader {
  readonly entries = new Map<string, ZipEntry>();

  constructor(private readonly file: RandomAccessFile) {
    try {
      this.readDirectory();
    } catch (e) {
      if (e instanceof CheckpointError) throw e;
      // a bounds error of Buffer reads (RangeError) or a zip64 value past 2^53: the directory is damaged
      throw new CheckpointError(
        file.path,
        `damaged zip archive, the checkpoint is corrupt: its central directory cannot be read (${(e as Error).message})`,
        { cause: e },
      );
    }
  }

  private readDirectory(): void {
    const file = this.file;
    const path = file.path;
    const tailLen = Math.min(file.size, 22 + 0xffff);
    if (tailLen < 22) throw new CheckpointError(path, 'truncated zip archive: no end-of-central-directory record');
    const tail = file.read(file.size - tailLen, tailLen, 'the zip directory');
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === SIG_EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new CheckpointError(path, 'truncated or damaged zip archive: the end-of-central-directory record is missing');
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    const eocdAbs = file.size - tailLen + eocd;
    if (count === 0xffff || cdSize === U32_MAX || cdOffset === U32_MAX) {
      const loc = file.read(eocdAbs - 20, 20, 'the zip64 locator');
      if (loc.readUInt32LE(0) !== SIG_EOCD64_LOCATOR) throw new CheckpointError(path, 'damaged zip64 archive: no zip64 locator');
      const e64 = file.read(u64(loc, 8), 56, 'the zip64 directory record');
      if (e64.readUInt32LE(0) !== SIG_EOCD64) throw new CheckpointError(path, 'damaged zip64 archive: bad zip64 directory record');
      count = u64(e64, 32);
      cdSize = u64(e64, 40);
      cdOffset = u64(e64, 48);
    }
    const cd = file.read(cdOffset, cdSize, 'the zip central directory');
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.byteLength || cd.readUInt32LE(p) !== SIG_CENTRAL) {
        throw new CheckpointError(path, `damaged zip archive, the checkpoint is corrupt: central directory entry ${i} is invalid`);
      }
      const method = cd.readUInt16LE(p + 10);
      const crc = cd.readUInt32LE(p + 16);
      let compressedSize = cd.readUInt32LE(p + 20);
      let size = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      let localOffset = cd.readUInt32LE(p + 42);
      if (p + 46 + nameLen + extraLen + commentLen > cd.byteLength) {
        throw new CheckpointError(
          path,
          `damaged zip archive, the checkpoint is corrupt: central directory entry ${i} runs past the end of the directory`,
        );
      }
      const name = cd.subarray(p + 46, p + 46 + nameLen).toString('utf8');
      let x = p + 46 + nameLen;
      const xEnd = x + extraLen;
      while (x + 4 <= xEnd) {
        const id = cd.readUInt16LE(x);
        const len = cd.readUInt16LE(x + 2);
        if (x + 4 + len > xEnd) {
          throw new CheckpointError(
            path,
            `damaged zip archive, the checkpoint is corrupt: the extra field of "${name}" in the central directory is invalid`,
          );
        }
        if (id === 0x0001) {
          let q = x + 4;
          if (size === U32_MAX) {
            size = u64(cd, q);
            q += 8;
          }
          if (compressedSize === U32_MAX) {
            compressedSize = u64(cd, q);
            q += 8;
          }
          if (localOffset === U32_MAX) {
            localOffset = u64(cd, q);
            q += 8;
          }
        }
        x += 4 + len;
      }
      this.entries.set(name, { name, method, compressedSize, size, localOffset, crc });
      p = xEnd + commentLen;
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  read(name: string): Buffer {
    const e = this.entries.get(name);
    if (e === undefined) throw new CheckpointError(this.file.path, `the archive has no record "${name}"`);
    const local = this.file.read(e.localOffset, 30, `the zip header of "${name}"`);
    if (local.readUInt32LE(0) !== SIG_LOCAL) throw new CheckpointError(this.file.path, `damaged zip archive: bad local header for "${name}"`);
    const start = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const raw = this.file.read(start, e.compressedSize, `record "${name}"`);
    let data: Buffer;
    if (e.method === 0) data = raw;
    else if (e.method === 8) {
      try {
        data = inflateRawSync(raw);
      } catch (err) {
        throw new CheckpointError(this.file.path, `the checkpoint is corrupt: record "${name}" does not inflate (${(err as Error).message})`, {
          cause: err,
        });
      }
    } else {
      throw new CheckpointError(this.file.path, `record "${name}" uses zip compression method ${e.method} (only stored and deflate are supported)`);
    }
    if (data.byteLength !== e.size) {
      throw new CheckpointError(
        this.file.path,
        `the checkpoint is corrupt: record "${name}" holds ${data.byteLength} bytes, the zip directory says ${e.size}`,
      );
    }
    // Every record's CRC-32 must match the directory's, or the bytes were damaged after writing (libtorch's reader does
    // not check; Python's zipfile does). A CRC of 0 means none was computed: PyTorch >= 2.5 under
    // torch.serialization.set_crc32_options(False) writes 0, and torch.load accepts such files, so do we (unchecked).
    // zlib's crc32 runs at ~1.2-1.6 GB/s here, faster than a table-driven one in JS (~0.35 GB/s).
    const actual = e.crc === 0 ? 0 : crc32(data);
    if (actual !== e.crc) {
      throw new CheckpointError(
        this.file.path,
        `the checkpoint is corrupt: record "${name}" fails its CRC-32 check ` +
          `(expected ${hex32(e.crc)}, computed ${hex32(actual)}): the file was damaged after it was written`,
      );
    }
    return data;
  }
}

interface Written {
  name: Buffer;
  crc: number;
  size: number;
  offset: number;
}

/** Writes stored (uncompressed) records the way torch's PyTorchStreamWriter does. */
export class ZipWriter {
  private readonly written: Written[] = [];

  constructor(
    private readonly w: AtomicWriter,
    private readonly forceZip64 = false,
  ) {}

  add(name: string, data: Uint8Array): void {
    const nameBuf = Buffer.from(name, 'utf8');
    const offset = this.w.position;
    const zip64 = this.forceZip64 || data.byteLength >= U32_MAX || offset >= U32_MAX;
    const z64Len = zip64 ? 20 : 0;
    // data aligned to 64 bytes: "FB" extra field padded with 'Z', as torch writes it
    const before = offset + 30 + nameBuf.byteLength + z64Len + 4;
    const pad = (64 - (before % 64)) % 64;
    const extra = Buffer.alloc(z64Len + 4 + pad, 0x5a);
    if (zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(16, 2);
      extra.writeBigUInt64LE(BigInt(data.byteLength), 4);
      extra.writeBigUInt64LE(BigInt(data.byteLength), 12);
    }
    extra.write('FB', z64Len, 'latin1');
    extra.writeUInt16LE(pad, z64Len + 2);
    const crc = crc32(data);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(SIG_LOCAL, 0);
    h.writeUInt16LE(zip64 ? 45 : 20, 4);
    h.writeUInt16LE(0, 6); // flags
    h.writeUInt16LE(0, 8); // stored
    h.writeUInt16LE(0, 10); // time
    h.writeUInt16LE(0x21, 12); // date 1980-01-01
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(zip64 ? U32_MAX : data.byteLength, 18);
    h.writeUInt32LE(zip64 ? U32_MAX : data.byteLength, 22);
    h.writeUInt16LE(nameBuf.byteLength, 26);
    h.writeUInt16LE(extra.byteLength, 28);
    this.w.write(h);
    this.w.write(nameBuf);
    this.w.write(extra);
    this.w.write(data);
    this.written.push({ name: nameBuf, crc, size: data.byteLength, offset });
  }

  finish(): void {
    const cdOffset = this.w.position;
    let anyZip64 = this.forceZip64 || this.written.length >= 0xffff;
    for (const e of this.written) {
      const zip64 = this.forceZip64 || e.size >= U32_MAX || e.offset >= U32_MAX;
      anyZip64 ||= zip64;
      const extra = Buffer.alloc(zip64 ? 28 : 0);
      if (zip64) {
        extra.writeUInt16LE(0x0001, 0);
        extra.writeUInt16LE(24, 2);
        extra.writeBigUInt64LE(BigInt(e.size), 4);
        extra.writeBigUInt64LE(BigInt(e.size), 12);
        extra.writeBigUInt64LE(BigInt(e.offset), 20);
      }
      const h = Buffer.alloc(46);
      h.writeUInt32LE(SIG_CENTRAL, 0);
      h.writeUInt16LE(zip64 ? 45 : 20, 4); // made by
      h.writeUInt16LE(zip64 ? 45 : 20, 6); // needed
      h.writeUInt16LE(0, 8);
      h.writeUInt16LE(0, 10);
      h.writeUInt16LE(0, 12);
      h.writeUInt16LE(0x21, 14);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(zip64 ? U32_MAX : e.size, 20);
      h.writeUInt32LE(zip64 ? U32_MAX : e.size, 24);
      h.writeUInt16LE(e.name.byteLength, 28);
      h.writeUInt16LE(extra.byteLength, 30);
      h.writeUInt16LE(0, 32); // comment
      h.writeUInt16LE(0, 34); // disk
      h.writeUInt16LE(0, 36); // internal attributes
      h.writeUInt32LE(0, 38); // external attributes
      h.writeUInt32LE(zip64 ? U32_MAX : e.offset, 42);
      this.w.write(h);
      this.w.write(e.name);
      this.w.write(extra);
    }
    const cdSize = this.w.position - cdOffset;
    anyZip64 ||= cdOffset >= U32_MAX || cdSize >= U32_MAX;
    if (anyZip64) {
      const e64At = this.w.position;
      const e64 = Buffer.alloc(56);
      e64.writeUInt32LE(SIG_EOCD64, 0);
      e64.writeBigUInt64LE(44n, 4);
      e64.writeUInt16LE(45, 12);
      e64.writeUInt16LE(45, 14);
      e64.writeUInt32LE(0, 16);
      e64.writeUInt32LE(0, 20);
      e64.writeBigUInt64LE(BigInt(this.written.length), 24);
      e64.writeBigUInt64LE(BigInt(this.written.length), 32);
      e64.writeBigUInt64LE(BigInt(cdSize), 40);
      e64.writeBigUInt64LE(BigInt(cdOffset), 48);
      this.w.write(e64);
      const loc = Buffer.alloc(20);
      loc.writeUInt32LE(SIG_EOCD64_LOCATOR, 0);
      loc.writeUInt32LE(0, 4);
      loc.writeBigUInt64LE(BigInt(e64At), 8);
      loc.writeUInt32LE(1, 16);
      this.w.write(loc);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(SIG_EOCD, 0);
    end.writeUInt16LE(anyZip64 ? 0xffff : this.written.length, 8);
    end.writeUInt16LE(anyZip64 ? 0xffff : this.written.length, 10);
    end.writeUInt32LE(anyZip64 ? U32_MAX : cdSize, 12);
    end.writeUInt32LE(anyZip64 ? U32_MAX : cdOffset, 16);
    end.writeUInt16LE(0, 20);
    this.w.write(end);
  }
}
