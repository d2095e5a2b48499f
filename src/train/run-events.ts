// What a run writes for TensorBoard (`tensorboard --logdir runs/`): an event file in its directory with the numbers of
// metrics.jsonl as scalars under the same names (`step/loss`, `epoch/valAccuracy`, `epoch/nb201Cifar10Test`, ...),
// a search's α per cell, edge and op (scalars `alpha/<cell>/<edge>/<op>` and one histogram per cell), each epoch's
// cell drawings as images, and the run's config as text. Rank 0 alone writes, as for every file of a run.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { SummaryWriter } from '../io/index.js';
import type { ArchWeightsFile } from '../nas/search/arch-weights.js';
import type { RunDirectory } from './run-dir.js';

export class RunEvents {
  private readonly writer: SummaryWriter;

  constructor(run: RunDirectory, config: unknown) {
    this.writer = new SummaryWriter(run.dir);
    this.writer.addText('config', '```json\n' + JSON.stringify(config, null, 2) + '\n```', 0);
  }

  /** A step's numbers at the run's global step (steps since the start of epoch 1). */
  step(globalStep: number, values: Record<string, number | undefined>): void {
    this.writer.addScalars(numbers('step/', values), globalStep);
  }

  /** An epoch's record of metrics.jsonl, its numbers at step = the epoch (counted from 1). */
  epoch(epoch: number, record: Record<string, unknown>): void {
    const { epoch: _e, ...rest } = record;
    this.writer.addScalars(numbers('epoch/', rest), epoch);
    this.writer.flush();
  }

  /** α after the method's relaxation, per cell, edge and op. */
  alpha(epoch: number, file: ArchWeightsFile): void {
    const scalars: Record<string, number> = {};
    for (const [cell, c] of Object.entries(file.cells)) {
      const all: number[] = [];
      for (const e of c.edges) {
        for (const [op, w] of Object.entries(e.weights)) {
          scalars[`alpha/${cell}/${e.from}->${e.to}/${op}`] = w;
          all.push(w);
        }
      }
      this.writer.addHistogram(`alpha/${cell}`, all, epoch);
    }
    this.writer.addScalars(scalars, epoch);
  }

  /** Cell drawings (SVG files) as PNG images, tag `cell/<name>`. */
  async cells(epoch: number, svgs: Record<string, string>): Promise<void> {
    for (const [name, path] of Object.entries(svgs)) {
      const { data, info } = await sharp(readFileSync(path)).png().toBuffer({ resolveWithObject: true });
      this.writer.addImage(`cell/${name}`, data, { width: info.width, height: info.height, channels: info.channels }, epoch);
    }
    this.writer.flush();
  }

  flush(): void {
    this.writer.flush();
  }

  close(): void {
    this.writer.close();
  }
}

function numbers(prefix: string, values: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) if (typeof v === 'number' && Number.isFinite(v)) out[prefix + k] = v;
  return out;
}
