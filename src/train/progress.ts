// Progress of long work: a live bar with ETA, loss, accuracy, lr and images/s on a TTY; one plain line per
// epoch otherwise (logs, CI).
export interface StepStats {
  loss: number;
  accuracy: number;
  lr: number;
  images: number;
}

/** The running sums of an epoch's step statistics (saved in checkpoints, so a resumed epoch reports the same means). */
export interface EpochTotals {
  steps: number;
  lossSum: number;
  accuracySum: number;
  images: number;
}

function fmtTime(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '--:--';
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60),
    sec = Math.floor(s % 60);
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

let defaultLogEvery = 0;

/**
 * Where no terminal shows the bar (logs, batch jobs): a progress line every `steps` steps (0: only the epoch lines).
 * Applies to every Progress made after it (`--log-every`).
 */
export function setLogEvery(steps: number): void {
  defaultLogEvery = steps;
}

export class Progress {
  private readonly logEvery = defaultLogEvery;
  /** When this process started stepping, and its steps since: the run's ETA is measured on them. */
  private processStart = 0;
  private processSteps = 0;
  private readonly tty: boolean;
  private epochStart = 0;
  private steps = 0;
  private lossSum = 0;
  private accSum = 0;
  private images = 0;
  private lr = 0;
  private lastDraw = 0;
  private epoch = 0;
  private totalEpochs = 0;
  private stepsPerEpoch = 0;
  /** Steps and images of the epoch done before a resume: rates and ETA count only this process's. */
  private base = { steps: 0, images: 0 };

  constructor(
    private readonly label: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly quiet = false,
  ) {
    this.tty = Boolean(out.isTTY) && !quiet;
  }

  startEpoch(epoch: number, totalEpochs: number, stepsPerEpoch: number): void {
    this.epochStart = performance.now();
    this.steps = 0;
    this.lossSum = 0;
    this.accSum = 0;
    this.images = 0;
    this.epoch = epoch;
    this.totalEpochs = totalEpochs;
    this.stepsPerEpoch = stepsPerEpoch;
    this.base = { steps: 0, images: 0 };
  }

  /** The current epoch's running sums. */
  totals(): EpochTotals {
    return { steps: this.steps, lossSum: this.lossSum, accuracySum: this.accSum, images: this.images };
  }

  /** Continues the epoch from saved running sums (a mid-epoch resume). */
  restoreTotals(t: EpochTotals): void {
    this.steps = t.steps;
    this.lossSum = t.lossSum;
    this.accSum = t.accuracySum;
    this.images = t.images;
    this.base = { steps: t.steps, images: t.images };
  }

  /**
   * Seconds left in the whole run: the steps left (this epoch's and the later epochs') at this process's pace so far,
   * which includes the evaluation at the end of each epoch it finished.
   */
  runEta(now = performance.now()): number {
    if (this.processSteps === 0) return NaN;
    const left = this.stepsPerEpoch - this.steps + (this.totalEpochs - this.epoch - 1) * this.stepsPerEpoch;
    return (((now - this.processStart) / 1000) * left) / this.processSteps;
  }

  step(s: StepStats): void {
    if (this.processSteps === 0) this.processStart = performance.now();
    this.processSteps++;
    this.steps++;
    this.lossSum += s.loss;
    this.accSum += s.accuracy;
    this.images += s.images;
    this.lr = s.lr;
    const now = performance.now();
    const elapsed = (now - this.epochStart) / 1000;
    const eta = (elapsed / Math.max(1, this.steps - this.base.steps)) * (this.stepsPerEpoch - this.steps);
    const stats =
      `loss ${(this.lossSum / this.steps).toFixed(4)} acc ${(this.accSum / this.steps).toFixed(2)}% ` +
      `lr ${this.lr.toExponential(2)} ${((this.images - this.base.images) / Math.max(elapsed, 1e-9)).toFixed(1)} img/s`;
    if (!this.tty) {
      if (this.logEvery > 0 && !this.quiet && this.steps % this.logEvery === 0)
        this.out.write(
          `${this.label} epoch ${this.epoch + 1}/${this.totalEpochs} step ${this.steps}/${this.stepsPerEpoch}: ${stats}, ` +
            `epoch eta ${fmtTime(eta)}, run eta ${fmtTime(this.runEta(now))}\n`,
        );
      return;
    }
    if (now - this.lastDraw < 200 && this.steps < this.stepsPerEpoch) return;
    this.lastDraw = now;
    const width = 24;
    const filled = Math.round((width * this.steps) / Math.max(1, this.stepsPerEpoch));
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    this.out.write(
      `\r${this.label} ${this.epoch + 1}/${this.totalEpochs} ${bar} ${this.steps}/${this.stepsPerEpoch} ` +
        `eta ${fmtTime(eta)} (run ${fmtTime(this.runEta(now))}) ${stats}\x1b[K`,
    );
  }

  /** Ends the epoch line; `extra` (validation results) is appended. Returns the epoch's mean stats. */
  endEpoch(extra: string): { loss: number; accuracy: number; seconds: number; imagesPerSecond: number } {
    const seconds = (performance.now() - this.epochStart) / 1000;
    const loss = this.steps ? this.lossSum / this.steps : NaN;
    const accuracy = this.steps ? this.accSum / this.steps : NaN;
    const ips = (this.images - this.base.images) / Math.max(seconds, 1e-9);
    if (!this.quiet) {
      const line =
        `${this.label} epoch ${this.epoch + 1}/${this.totalEpochs}: train loss ${loss.toFixed(4)} acc ${accuracy.toFixed(2)}% ` +
        `lr ${this.lr.toExponential(3)} ${seconds.toFixed(1)}s ${ips.toFixed(1)} img/s${extra ? ' | ' + extra : ''}` +
        (this.epoch + 1 < this.totalEpochs ? ` | run eta ${fmtTime(this.runEta())}` : '');
      this.out.write(this.tty ? `\r${line}\x1b[K\n` : line + '\n');
    }
    return { loss, accuracy, seconds, imagesPerSecond: ips };
  }

  note(message: string): void {
    if (!this.quiet) this.out.write((this.tty ? '\r\x1b[K' : '') + message + '\n');
  }
}
