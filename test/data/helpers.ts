// Fabricated data files for the data-layer tests: tiny CIFAR/IDX/pickle/JPEG files in a temp folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Batch } from '../../src/data/index.js';

export function tempDir(t: { after: (fn: () => void) => void }): string {
  const d = mkdtempSync(join(tmpdir(), 'tsnas-data-'));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

export function write(path: string, data: Uint8Array | string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  return path;
}

/** The red/green/blue plane values of CIFAR test image k at pixel p. */
export const cifarPixel = (k: number, p: number): [number, number, number] => [(p + k) % 256, (3 * k) % 256, 255 - (p % 256)];

/** CIFAR binary records: labelBytes label byte(s) (last one = label) then R, G, B planes. */
export function cifarRecords(labels: number[][], firstImage = 0): Uint8Array {
  const lb = labels[0]!.length;
  const out = new Uint8Array(labels.length * (lb + 3072));
  labels.forEach((l, i) => {
    const o = i * (lb + 3072);
    out.set(l, o);
    for (let p = 0; p < 1024; p++) {
      const [r, g, b] = cifarPixel(firstImage + i, p);
      out[o + lb + p] = r;
      out[o + lb + 1024 + p] = g;
      out[o + lb + 2048 + p] = b;
    }
  });
  return out;
}

function be32(v: number): number[] {
  return [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
}
export function idxImages(count: number, rows: number, cols: number, pixel: (k: number, p: number) => number, magic = 2051): Uint8Array {
  const out = new Uint8Array(16 + count * rows * cols);
  out.set([...be32(magic), ...be32(count), ...be32(rows), ...be32(cols)]);
  for (let k = 0; k < count; k++) for (let p = 0; p < rows * cols; p++) out[16 + k * rows * cols + p] = pixel(k, p);
  return out;
}
export function idxLabels(labels: number[], magic = 2049): Uint8Array {
  return Uint8Array.from([...be32(magic), ...be32(labels.length), ...labels]);
}
export const gz = (b: Uint8Array): Uint8Array => gzipSync(b);

// A Python-2-style protocol-2 pickle writer (str keys as SHORT_BINSTRING, array bytes as BINSTRING), the layout
// of the Downsampled-ImageNet / CIFAR python batches.
const enc = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
function pyStr(s: string): number[] {
  return [0x55, s.length, ...enc(s)];
}
function pyInt(v: number): number[] {
  if (v >= 0 && v < 256) return [0x4b, v];
  if (v >= 0 && v < 65536) return [0x4d, v & 255, v >> 8];
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, true);
  return [0x4a, ...b];
}
function pyUint8Array(rows: number, cols: number, data: Uint8Array): number[] {
  const len = new Uint8Array(4);
  new DataView(len.buffer).setInt32(0, data.length, true);
  return [
    0x63,
    ...enc('numpy.core.multiarray\n_reconstruct\n'),
    0x63,
    ...enc('numpy\nndarray\n'),
    ...pyInt(0),
    0x85,
    ...pyStr('b'),
    0x87,
    0x52,
    0x28,
    ...pyInt(1),
    ...pyInt(rows),
    ...pyInt(cols),
    0x86,
    0x63,
    ...enc('numpy\ndtype\n'),
    ...pyStr('u1'),
    ...pyInt(0),
    ...pyInt(1),
    0x87,
    0x52,
    0x28,
    ...pyInt(3),
    ...pyStr('|'),
    0x4e,
    0x4e,
    0x4e,
    ...pyInt(-1),
    ...pyInt(-1),
    ...pyInt(0),
    0x74,
    0x62,
    0x89,
    0x54,
    ...len,
    ...data,
    0x74,
    0x62,
  ];
}
/** {'data': uint8 array (rows, cols), labelKey: [ints]} as a protocol-2 pickle. */
export function batchPickle(rows: number, cols: number, data: Uint8Array, labels: number[], labelKey = 'labels'): Uint8Array {
  return Uint8Array.from([
    0x80,
    2,
    0x7d,
    0x28,
    ...pyStr('data'),
    ...pyUint8Array(rows, cols, data),
    ...pyStr(labelKey),
    0x5d,
    0x28,
    ...labels.flatMap(pyInt),
    0x65,
    0x75,
    0x2e,
  ]);
}

/**
 * Made by Python 3.11 / numpy 2: pickle.dumps({'data': uint8 (3, 768) with data[i, j] = (7i + j) % 256,
 * 'labels': [5, 121, 120], 'mean': np.zeros(768)}, protocol=P), gzipped, base64.
 */
export const PY_IMAGENET16_FIXTURES: Record<2 | 5, string> = {
  2: 'H4sIAAAAAAACA+3Z11MTURQG8CUhqFEsoIAFsaGxRbEX7N2VqLHFimkaFAInbJQoKjUhgh0QC9ixYKHZEWbO94fpEvTJP4AZPb+H3Ttz956Hb+7LN1tmuESKxRGvKIrHqTkpzu0PFhSFrLnuwoDXWhDM1/KcgYAzZM4NeN2F/mItEHRrZjIMfGb2ewZ2yagq1RTv1o95vO5is9ffvzCTyRGnT3ZRgiNBf+c7tTx/Fg0J01A7DYuQ2U7DLWqcasxRjGEa8XumRwsV6UcTHQb9SDCLRkZrIjTKTqMtqjE2rpTG2Gy2nT91sYeqaJTkivpMjrJEfTvOYIw3JQwZOsw8fETiyFGjxyQljx2Xkpo2fsLESemTM6ZMnTZ9RubMWZbZc+bOm29dsDBr0eIlS5ctX7Fy1ersNWvXrd+wcdPmLVu3bd+xU92VY9u9Z6993/4DBw85Dh85euz4idyTTpfb4z112pd35mx+gb+wiALFWvDc+ZLQhYully5f4TIu5wqu5Cqu5jBHuIajfJVruY6v8XW+wTf5Ft/mO1zPDdzId7mJ7/F9fsAPuZlb+BE/5if8lJ/xc37BrfySX/FrfsNt/Jbf8Xv+wO3cwZ3cxd38kT/xZ/7CX/kbf+ce/sG93IcylKMClahCNcKIoAZRXEUt6nAN13EDN3ELt3EH9WhAI+6iCfdwHw/wEM1owSM8xhM8xTM8xwu04iVe4TXeoA1v8Q7v8QHt6EAnutCNj/iEz/iCr/iG7+jBD/SiT/KX/P/n/CV4ufiSv+Q/WPlL8HLxJX/Jf7Dyp2SfXvDG2mmcRimu373P5c0vptTjlGZRTWpILfHGGmeB1+mn8T6DL9YeJ/j0SjjRTpP0SqgXwmpK9w10wFMraHJ/B8yw05Q/HTCbpv7VAafFOqCSpgghhBBCCCGEEEIIIYQQ4h9E0/v/QcywU6ZGM11B6y9YVvjg5iYAAA==',
  5: 'H4sIAAAAAAACA2tgnXpLkQEMaqdo9LCkJJYkTukRzivNLajUi0/OL0rVA7JTizKTp/Rwx6cV5ecmlaalpRZNmTxFYxoDJ0QnAyMTMwsrGzsHJxc3Dy8fv4CgkLCIqJi4hKSUtIysnLyCopKyiqqauoamlraOrp6+gaGRsYmpmbmFpZW1ja2dvYOjk7OLq5u7h6eXt4+vn39AYFBwSGhYeERkVHRMbFx8QmJSckpqWnpGZlZ2Tm5efkFhUXFJaVl5RWVVdU1tXX1DY1NzS2tbe0dnV3dPb1//hImTJk+ZOm36jJmzZs+ZO2/+goWLFi9Zumz5ipWrVq9Zu279ho2bNm/Zum37jp27du/Zu2//gYOHDh85euz4iZOnTp85e+78hYuXLl+5eu36jZu3bt+5e+/+g4ePHj95+uz5i5evXr95++79h4+fPn/5+u37j5+/fv/5++//qP9Htv9HI37U/yPZ/6MRP+r/kez/KT2s4AYTkE4pqSxIBTaOephKDad0drRPCZqi4c3cw1gzxc/Pz+s/EIAJb4aSKUnezL4MzG1Tehidp5QA1fWw5SQmpeYUT4kFamH1rvSuSO1hyU1NzJuSwQJsa0kwjIJRMApGwSgYBaNgFIyCUTAKRsEoGAWjYBSMglEwCkbBKBgFo2CYgikZHD1MaRbIcws2WOYWfBmYW6dk8IPmFUr1AN+gPq/lIQAA',
};

/** Writes a solid-colour image with sharp (format from the extension). */
export async function writeImage(path: string, width: number, height: number, rgb: [number, number, number], gray = false): Promise<string> {
  const sharp = (await import('sharp')).default;
  mkdirSync(dirname(path), { recursive: true });
  let img = sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } });
  if (gray) img = img.toColourspace('b-w');
  await (path.toLowerCase().endsWith('.png') ? img.png() : img.jpeg({ quality: 95 })).toFile(path);
  return path;
}

/**
 * Made by Python 3.11 / numpy 2, protocols 0..5 in order, gzipped, base64:
 * pickle.dumps({'ints': [0, -1, 255, 65536, -2**31, 2**40, 2**70], 'f': 2.5, 's': 'héllo', 'b': b'\x00\xff',
 * 't': (1, None, True, False), 'od': OrderedDict([('k', 1)]), 'i8': np.array([[1, -2], [3, 2**40]], dtype=np.int64),
 * 'be': np.array([1, 2], dtype='>u2'), 'f4': np.array([0.5, -1.25], dtype=np.float32), 'sc': np.int64(7)}, protocol=P)
 */
export const PY_MIXED_FIXTURES: readonly string[] = [
  'H4sIAAAAAAACA42TzYrUQBDHUQ9CPUkuDv3dCYheRAgsI3jISVgynWwMZpMmyRzmbXwTn8eXcP1XEpasqzKBNJX66P7VvytJFQUVbT9PFCUlXVSUCyrzNxKLshars1Y7dilpvEm1MymVN1JkmZXSKe+9u2GHTIXN4BBeeiOlFtoog8hU3FHU9FEdLE0FzjFUfP3ZdQNFdpwoOgq3YajqMFHds0HRU1J8OQs8DxRTKrpybntJMaM5SkGfo5SonQGtKMklHXMhQS44rBEZKoQMhTB0XR3mdugn+jRW9VhXH9rAdZaSGds4Kr7hyxM2maaiTfGRUujP9/FyANVYH+7P3dyW41he6HasA7aax/OyR0bJmkl9tSZEJcDDGEpSw12gP6WoYXClAa4MW5Ytt6AnOTRX7PTbuVTNlwgRVIp6JlLZ0hv3OEfN7Wuu01S8hbSKjscj39jy8tla04kLFoAXq47XrL8e1ufV9SX/X5+cDVSzCqG5fQwVLE8nzACa1Sk1LGjzqKDOqFnUMtyxkY9qwQNFF3XOCvOkd+oYw7l2Vecdgu6ZOsbv1HnC+RL56YpoMuxjOd1KRrwzGFf1J6LVG6LlY63dIVq3IS6VfodoU87NFsTmL7fnxDO+/fp+//H9B34fuSI7hX2dZssw8hQQs/+c5SmUXTkiBWPY6G1aX19/t6j028HckGPL8015/EmH38ztPD1ZBAAA',
  'H4sIAAAAAAACA3WR2W7TQBSGJwttGXbKvpWyTlmCJ5sTKG2hhap1FKS5yg2qEtuVLVynvz25yAUSj8ItL0Gk5sHKjCdpKlUcS17G5z/ff875CcI6RUJIGMsUue/IM4fsHqtwjncJyRF1I79a3Go2a5zXy7Zt11u0xXnDqjXVt2Vzu8p5xapUy9UW9Ts5lb+PwvaGLqoiO0hR7MypZzD+E0V9nMsOe5hz99y+57sp9WP9QjHPOgWtGo+wkCmirgxjjvMSVOBCppO4yJxce8fidMeyqMSlTl4d9z1cdt1+FPmuDPtxSr8lnp/43lboSoorKwJXM/kPXHNyaSYJG7juxoODw2FJGUn80sEgkmE3SbpDupf4rqoik4GWLzKTR2PP/MYNNSeJm4FybJq5FSiTtwXuSNwVuKcsMifv5CXuT6SeHB6qFh+wKfuhtq/bkHgksMScQlZqFY/b7Xa2A7MIxVnu6VwNY0RvxcT473h0+iqQU6GS8ER7eirwTOJ5L8P2fLwIFllg7L8MlFsmsGLcSrwKJvYGZbye2Xsj8HZqbw2lM/bendgrGnQelkZzgbJExaD3q6jO0DWNrgvYU3RjilZ5zRn6vcAHhQ7OzmT1BEpNx+uEHP0+GuGjRq8JrEtsGHTq4tP/Fp263aibUHxmwZIutqDy5yczxKYutSXwReKrwPag9A8U6bUPMAMAAA==',
  'H4sIAAAAAAACA3WRW0/UQBTHp92VhfEu3m+I1+JlFURFRVgFJaHJmsxTXwzpToe0sbT82+nDPpjwwsLyKXz1S7gJ+8FwZtpNSIhnkrY5Pf/z+58zO/YvEMerE0KiROawfsB2XLJ+pMI9WifEIupBdg7GiA7rYIJU0RKepV6bqK216mXKJHLUPV0cDv/EcYpTJtnBGN/gaSB4TkWiPygaXk2LhgOMG0HsyyiZxUQPlOG0kUmccVyrvd+XOOvZKpEGOMd5GseCyyhNcvo9C0QmgtWIS4rzMwwXjPAnLrpWbiTRAi7xpNja7jaVg0w0t4pYRn6W+V26kQmuusis0PLJsowmQfkXl12yiythoxrhaqi8XWO4vocbDDeVM9d27R5uVbpAdrfVXLdH2Dv9/T3cZZhy3JppsYh77Xbb7LZcsBpwutNXAEfvtlrs8O9wcPzUyLFQRbivfTxgeCjxqGNgHYHH4WRo/D4JlT+HYcb428XTsDRUzOGZNvSc4cXI0BKaJwy9NIbqJczGKw2bZZiTeF3CNucxP4K90bC3DO8q2EIFUzXvNewDw0cFC0/OvWgwtJxqmZDD34cDfNKwJYZliVYJyzk+/+/2cu7HfkbxJZxSrcZVdaPaElZ0o1WGrz18Y1grmv8AoWo4W+gCAAA=',
  'H4sIAAAAAAACA3WQSUvDQBTHJ2nVGpe67/sat7pvICpUEAxUyKkXKc0kJcHY+E8mhx4ELy71U3j1U3jwe1knkxQE8X+YYd689/u/9x5TDyBqMU0IcaosgHQDWdXIVYNLa1wRIhF+kMe3VhJJemsnic6tosSvClKX5+k4JAIB0sUo2f76cF0PLSJooDUvkwbaxIsho2pS4bXO0F6UecAzoVDqua5FmeNVA+XaNy3fMi8cyhR0rOjoFIW36NKkQJQ4R+im1fDuvpYrUc+3cnehy5yy75drSsm3KKcwP4zKs3GaUjXjX/Ro5Am9eclA3wv6dQzwZjRZk58xmKSarHZvKRhqOg3XX18womNU1VKikROMFQoFsaV4VXymcaOen5GS7Xw3YqXIL/FPTDBMGoJrWJiys7boZtrmrczomBWtPGHOjr3DHcxH3gs6Fpvep1j6473MvdOcL0NlWIn5lT2sNvlrEX9dx0bCzyV8nrMZ8bd0bHO+/XeqHU7O8MwzQt4/scuwF9MDiv3/9h/Qslv2FRzYo/lMWzI8Dp9xpOM4zP0A947W7HQCAAA=',
  'H4sIAAAAAAACA3WQv0vDQBTH79L0h9RFlOIi1K0uHcTBQbQQQWggQncpaXLlgmlSLpehg9DF2pa39bm7+lc4+G+J9SUppUP9Dscd773P9/tuar7/cJbrBVtgBpFO8AlbNuuuSfa6yxhndLDpspK38eUB26gjgA/xoWMWT+AJQkV+f4ZhjMAHaBlsTRdNOO7MFxrBiH2EuheHofB0EEc0UH9UvlDCvw88jSu86NHEM9o8ASO4RmhE6Wg8afe9WIn2KA114CrlThAO+0p4RNAqzQehnHciVCO/aFmhzV7RoiBv2Msy2IZtzFCeQNnXk7HIhjKPxbyol4DfoOM4+ebF+kzjYGE1Nz/EfteFSmxHVERqA2MgUB7LRmYqT7eW9DgDI73ctbnda2MSyihQw6v/UVTbouT5PlCNUt0x9vFVwBIP5RFUEs8NXUVLy6ZVq27C44xAafsPBiytOQcCAAA=',
  'H4sIAAAAAAACA32Qv0vDQBTH765prXQsKCiIY1wyiIODaKGC0ECE7lLy40KCSVMul6GD0MXaltt8dnb1r3DwX3I2Pi/BdhC/w9073n0/78es+fJJidYDmMqIxzKHOzBtMihRdjkghBI8yGzV0t/oapfU6nFFQ7jpGdVT0RxUK/p4S5IMFPWgz0iJgUQcdRZLCYplAaiOnyUJ92WcjdHQuRUBFzy4jn0Jz3AyRMc92DRXLD4H1R0X6WRqjfxMcAtjLmIfTaNQZKlXhCEXaDLXx3VL9Szkq6zUIFvCJKimBuIdyOmEo1nXWS6eYIh9NhS9AMdx9PTVCogEz2Y2m2NjfZD4TTGPQ9Q118aGzCDaV6w43SZd/kl6hOioooRnmtLedHhFyOu7JmHulxQd/s/JcSN723tKi0TGrhAuztnKfTdxf7YUHfTbO3UhmKOzsL4BWZDBpP8BAAA=',
];

/** A batch as plain numbers (its tensors disposed), for deepEqual. */
export interface Plain {
  x: number[];
  y: number[];
  indices: number[];
  shape: readonly number[];
}
export function plain(b: Batch): Plain {
  const p = { x: Array.from(b.x.data() as Float32Array), y: b.y.dataNumbers(), indices: Array.from(b.indices), shape: b.x.shape };
  b.x.dispose();
  b.y.dispose();
  return p;
}
/** Up to n batches of the loader's current epoch. */
export async function take(loader: AsyncIterable<Batch>, n = Infinity): Promise<Plain[]> {
  const out: Plain[] = [];
  if (n <= 0) return out;
  for await (const b of loader) {
    out.push(plain(b));
    if (out.length >= n) break;
  }
  return out;
}
