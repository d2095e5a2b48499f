// TFRecord framing, as TensorFlow's RecordWriter writes it: uint64 length, masked CRC-32C of those 8 bytes, the data,
// masked CRC-32C of the data (all little-endian).
import { maskedCrc32c } from './crc32c.js';

export function tfRecord(data: Uint8Array): Buffer {
  const out = Buffer.alloc(8 + 4 + data.length + 4);
  out.writeBigUInt64LE(BigInt(data.length), 0);
  out.writeUInt32LE(maskedCrc32c(out.subarray(0, 8)), 8);
  out.set(data, 12);
  out.writeUInt32LE(maskedCrc32c(data), 12 + data.length);
  return out;
}

/** The records of a TFRecord buffer, each CRC checked; throws naming the record that is damaged or cut. */
export function readTfRecords(buf: Buffer, name = 'TFRecord data'): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < buf.length) {
    if (at + 12 > buf.length) throw new Error(`${name}: record ${out.length} is cut in its header`);
    const length = Number(buf.readBigUInt64LE(at));
    if (buf.readUInt32LE(at + 8) !== maskedCrc32c(buf.subarray(at, at + 8))) throw new Error(`${name}: record ${out.length} has a bad length CRC`);
    if (at + 12 + length + 4 > buf.length) throw new Error(`${name}: record ${out.length} is cut (${length} bytes announced)`);
    const data = buf.subarray(at + 12, at + 12 + length);
    if (buf.readUInt32LE(at + 12 + length) !== maskedCrc32c(data)) throw new Error(`${name}: record ${out.length} has a bad data CRC`);
    out.push(data);
    at += 12 + length + 4;
  }
  return out;
}
