// A TensorBoard event file written from TypeScript, with the names of torch.utils.tensorboard.SummaryWriter:
// addScalar, addScalars, addHistogram, addImage, addText, flush, close. Events are buffered and appended whole, so a
// crash leaves at most a cut last record, which TensorBoard skips.
import { appendFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DT_STRING, encodeEvent, type EventValue, type HistogramValue, type SummaryValue } from './messages.js';
import { tfRecord } from './records.js';

/** Buffered bytes that trigger a write without waiting for flush(). */
const FLUSH_BYTES = 1 << 20;

/** Bucket limits as TensorBoard's default histogram: ±1e-12 · 1.1^k up to 1e20, and 0 between. */
const DEFAULT_BUCKET_LIMITS: number[] = (() => {
  const pos: number[] = [];
  for (let v = 1e-12; v < 1e20; v *= 1.1) pos.push(v);
  return [...pos.map((v) => -v).reverse(), 0, ...pos, Number.MAX_VALUE];
})();

export class SummaryWriter {
  /** The event file. */
  readonly path: string;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private closed = false;

  constructor(readonly logDir: string) {
    mkdirSync(logDir, { recursive: true });
    const seconds = Math.floor(Date.now() / 1000);
    this.path = join(logDir, `events.out.tfevents.${seconds}.${hostname()}.${process.pid}`);
    // The file starts with its version, as TensorFlow's EventsWriter writes it.
    this.write({ wallTime: Date.now() / 1000, fileVersion: 'brain.Event:2' });
    this.flush();
  }

  private write(e: EventValue): void {
    if (this.closed) throw new Error(`${this.path}: the summary writer is closed`);
    const record = tfRecord(encodeEvent(e));
    this.pending.push(record);
    this.pendingBytes += record.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  private summary(step: number, value: SummaryValue[], wallTime = Date.now() / 1000): void {
    this.write({ wallTime, step, summary: { value } });
  }

  addScalar(tag: string, value: number, step: number, wallTime?: number): void {
    this.summary(step, [{ tag, simpleValue: value }], wallTime);
  }

  /** Several scalars at one step, in one event. */
  addScalars(values: Record<string, number>, step: number, wallTime?: number): void {
    const v = Object.entries(values).map(([tag, simpleValue]) => ({ tag, simpleValue }));
    if (v.length > 0) this.summary(step, v, wallTime);
  }

  /** A histogram of `values` over TensorBoard's default buckets (the empty ones left out, as TensorFlow does). */
  addHistogram(tag: string, values: readonly number[], step: number): void {
    const finite = values.filter(Number.isFinite);
    if (finite.length === 0) return;
    const counts = new Map<number, number>();
    for (const x of finite) {
      let lo = 0,
        hi = DEFAULT_BUCKET_LIMITS.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (DEFAULT_BUCKET_LIMITS[mid]! >= x) hi = mid;
        else lo = mid + 1;
      }
      counts.set(lo, (counts.get(lo) ?? 0) + 1);
    }
    const used = [...counts.keys()].sort((a, b) => a - b);
    const histo: HistogramValue = {
      min: Math.min(...finite),
      max: Math.max(...finite),
      num: finite.length,
      sum: finite.reduce((s, x) => s + x, 0),
      sumSquares: finite.reduce((s, x) => s + x * x, 0),
      bucketLimit: used.map((i) => DEFAULT_BUCKET_LIMITS[i]!),
      bucket: used.map((i) => counts.get(i)!),
    };
    this.summary(step, [{ tag, histo }]);
  }

  /** An encoded image (PNG) with its size; colorspace 4 = RGBA. */
  addImage(tag: string, png: Uint8Array, size: { width: number; height: number; channels?: number }, step: number): void {
    this.summary(step, [{ tag, image: { height: size.height, width: size.width, colorspace: size.channels ?? 4, encodedImageString: png } }]);
  }

  /** Text (Markdown) for TensorBoard's text plugin: a string tensor with the plugin's metadata. */
  addText(tag: string, text: string, step: number): void {
    this.summary(step, [
      {
        tag,
        metadata: { pluginData: { pluginName: 'text' } },
        tensor: { dtype: DT_STRING, tensorShape: { dim: [{ size: 1 }] }, stringVal: [Buffer.from(text, 'utf8')] },
      },
    ]);
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const data = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    try {
      appendFileSync(this.path, data);
    } catch (e) {
      throw new Error(`cannot write ${this.path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
  }
}
