import { native } from '../native.js';

// Argument checks done in TypeScript before a value reaches the addon, which would otherwise convert silently
// (NaN → 0, 2.7 → 2 for an int) or answer with libtorch's list of every device type it was compiled to know.

/** The devices tsnas accepts, as the messages list them. */
export const DEVICE_FORMS = "'cpu', 'cuda' or 'cuda:N'";

const DEVICE = /^(cpu|cuda(:\d+)?)$/;

export function isDeviceString(s: string): boolean {
  return DEVICE.test(s);
}

/** Throws `fn: unknown device 'tpu' (expected 'cpu', 'cuda' or 'cuda:N')` for anything else. */
export function checkDevice(fn: string, device: unknown): void {
  if (device === undefined || device === null) return;
  if (typeof device !== 'string' || !DEVICE.test(device)) {
    throw new Error(`${fn}: unknown device ${describe(device)} (expected ${DEVICE_FORMS})`);
  }
  if (device !== 'cpu') {
    cuda ??= (() => {
      const i = native.info();
      return { available: i.cudaAvailable, count: i.cudaDeviceCount, build: i.cudaBuild };
    })();
    if (!cuda.available) {
      throw new Error(
        `${fn}: device '${device}' is not available: this libtorch has no usable CUDA device ` +
          `(${cuda.build ? 'CUDA build, no device found' : 'a CPU-only build'}; \`tsnas doctor\` reports what was found)`,
      );
    }
    const index = device.startsWith('cuda:') ? Number(device.slice(5)) : 0;
    if (index >= cuda.count)
      throw new Error(
        `${fn}: device '${device}' does not exist (${cuda.count} CUDA device${cuda.count === 1 ? '' : 's'}: cuda:0..cuda:${cuda.count - 1})`,
      );
  }
}

let cuda: { available: boolean; count: number; build: boolean } | undefined;

function describe(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return Number.isInteger(v) && !Number.isSafeInteger(v) ? `${v} (beyond 2^53)` : String(v);
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * A shape (or size list) must be an array of integers >= `min` (0 for the sizes of a new tensor, -1 where a
 * dimension may be inferred, as in view/reshape/expand). The message names the function, the argument and the value.
 */
export function checkShape(fn: string, what: string, shape: unknown, min = 0): void {
  if (!Array.isArray(shape)) {
    throw new Error(`${fn}: ${what} must be an array of ${intWords(min)}, got ${describe(shape)}`);
  }
  for (let i = 0; i < shape.length; i++) {
    const v: unknown = shape[i];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
      throw new Error(`${fn}: ${what} must be an array of ${intWords(min)}, got ${describe(shape)} (element ${i} is ${describe(v)})`);
    }
  }
}

/** One integer argument (a count, a size, a dimension): finite, integral, >= `min`. */
export function checkInt(fn: string, what: string, v: unknown, min = -Number.MAX_SAFE_INTEGER): void {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw new Error(
      `${fn}: ${what} must be ${min === 0 ? 'a non-negative integer' : min > -Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : 'an integer'}, ` +
        `got ${describe(v)}`,
    );
  }
}

function intWords(min: number): string {
  return min === 0
    ? 'non-negative integers'
    : min === -1
      ? 'integers >= -1 (-1: inferred)'
      : min <= -Number.MAX_SAFE_INTEGER
        ? 'integers'
        : `integers >= ${min}`;
}
