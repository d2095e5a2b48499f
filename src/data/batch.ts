// Building one batch: pick the images, augment each into one Float32Array [B, C, H, W]. Pure JS (plus sharp for
// files) and free of the tensor layer, so it runs the same in a worker thread and on the main thread.
import { dataError } from './dataset.js';
import { Rng } from './rng.js';
import { applyTransforms, type Transform, type U8Image } from './transforms.js';

/** What a batch builder needs of a dataset; for memory datasets `images` is shared with the workers, not copied. */
export type BatchSource =
  | { readonly kind: 'memory'; readonly images: Uint8Array; readonly height: number; readonly width: number; readonly channels: number }
  | { readonly kind: 'files'; readonly channels: number };

export interface BatchJob {
  /** Dataset indices, in batch order. */
  readonly indices: Int32Array;
  /** For file datasets: the files of those indices. */
  readonly files?: readonly string[];
  /** Seed of this batch's augmentation stream. */
  readonly seed: number;
}

/**
 * Augments the batch's images in order with one Rng seeded from job.seed; `sampleShape` is the pipeline's
 * [C, H, W] (transforms already normalised by normalizePipeline).
 */
export async function buildBatch(
  src: BatchSource,
  transforms: readonly Transform[],
  sampleShape: readonly [number, number, number],
  job: BatchJob,
): Promise<Float32Array> {
  const n = job.indices.length;
  const per = sampleShape[0] * sampleShape[1] * sampleShape[2];
  const x = new Float32Array(n * per);
  const rng = new Rng(job.seed);
  const images = src.kind === 'memory' ? memoryImages(src, job.indices) : await decodeFiles(job.files ?? [], src.channels);
  for (let i = 0; i < n; i++) {
    const out = x.subarray(i * per, (i + 1) * per);
    const f = applyTransforms(images[i]!, transforms, rng, out);
    if (f.data !== out) throw new Error(`transforms produced a ${f.channels}x${f.height}x${f.width} image, expected ${sampleShape.join('x')}`);
  }
  return x;
}

function memoryImages(src: Extract<BatchSource, { kind: 'memory' }>, indices: Int32Array): U8Image[] {
  const per = src.height * src.width * src.channels;
  return Array.from(indices, (k) => ({
    data: src.images.subarray(k * per, (k + 1) * per),
    height: src.height,
    width: src.width,
    channels: src.channels,
  }));
}

type SharpModule = typeof import('sharp');
let sharpModule: Promise<SharpModule> | undefined;

/** Decodes image files with sharp (libvips), all of the batch at once; greyscale/CMYK/alpha become `channels`. */
export async function decodeFiles(files: readonly string[], channels: number): Promise<U8Image[]> {
  sharpModule ??= import('sharp').then((m) => ((m as unknown as { default?: SharpModule }).default ?? m) as SharpModule);
  const sharp = await sharpModule;
  return Promise.all(
    files.map(async (file) => {
      try {
        let img = sharp(file, { failOn: 'error' }).removeAlpha();
        img = channels === 1 ? img.toColourspace('b-w') : img.toColourspace('srgb');
        const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
        let u8 = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        if (info.channels === 1 && channels === 3) u8 = expandGray(u8);
        else if (info.channels !== channels) throw new Error(`decoded to ${info.channels} channels`);
        return { data: u8, height: info.height, width: info.width, channels };
      } catch (e) {
        throw dataError(file, `cannot decode the image (${(e as Error).message})`, 'a readable JPEG/PNG image file');
      }
    }),
  );
}

function expandGray(g: Uint8Array): Uint8Array {
  const out = new Uint8Array(g.length * 3);
  for (let i = 0; i < g.length; i++) out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = g[i]!;
  return out;
}
