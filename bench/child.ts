// What the bench runners (run.ts, data-parallel.ts) share: their command line, the line protocol of their child
// processes (bench/worker.ts, bench/reference/darts_bench.py) and the median they report.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export const argv = process.argv.slice(2);
export const flag = (name: string): boolean => argv.includes(name);
export const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
export const intOpt = (name: string): number | undefined => {
  const v = opt(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}: expected a non-negative integer, got '${v}'`);
  return n;
};

/** A child answering one JSON line per command. */
export class Child {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private stderr = '';
  constructor(
    readonly name: string,
    cmd: string,
    args: string[],
    env: NodeJS.ProcessEnv,
  ) {
    this.proc = spawn(cmd, args, { env });
    this.proc.stderr.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.lines = createInterface({ input: this.proc.stdout })[Symbol.asyncIterator]();
  }
  async next(): Promise<Record<string, unknown>> {
    for (;;) {
      const r = await this.lines.next();
      if (r.done) throw new Error(`${this.name} ended: ${this.stderr.trim().split('\n').slice(-4).join(' | ')}`);
      if (r.value.startsWith('{')) return JSON.parse(r.value) as Record<string, unknown>;
    }
  }
  async send(cmd: string): Promise<Record<string, unknown>> {
    this.proc.stdin.write(cmd + '\n');
    const r = await this.next();
    if (r.error) throw new Error(`${this.name}: ${String(r.error)}`);
    return r;
  }
  close(): void {
    this.proc.stdin.end('quit\n');
  }
  /** For a child that cannot read `quit`: a rank waiting in a collective for a peer that failed. */
  kill(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
  }
}

/** Starts a child and waits for its first line; a child that cannot run the workload says `skip`. */
export async function startChild(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Child> {
  const c = new Child(name, cmd, args, env);
  const hello = await c.next();
  if (hello.skip) throw Object.assign(new Error(String(hello.skip)), { skip: true });
  return c;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
