// Runs N ranks of a scenario in child processes on loopback (127.0.0.1), each with the environment torchrun gives a
// rank, and collects what each printed. A rank that hangs is killed at the deadline, so a test always ends.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

export interface RankOutcome {
  rank: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The JSON the scenario printed last on stdout (undefined when it printed none). */
  result: unknown;
}

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function runRanks(
  scenario: string,
  worldSize: number,
  o: { deadlineMs?: number; env?: Record<string, string>; script?: string; args?: string[] } = {},
): Promise<RankOutcome[]> {
  const port = await freePort();
  const deadline = o.deadlineMs ?? 60_000;
  return Promise.all(
    Array.from(
      { length: worldSize },
      (_, rank) =>
        new Promise<RankOutcome>((resolve) => {
          const child = spawn(process.execPath, [o.script ?? WORKER, scenario, ...(o.args ?? [])], {
            env: {
              ...process.env,
              TSNAS_THREADS: '1',
              RANK: String(rank),
              LOCAL_RANK: String(rank),
              WORLD_SIZE: String(worldSize),
              LOCAL_WORLD_SIZE: String(worldSize),
              MASTER_ADDR: '127.0.0.1',
              MASTER_PORT: String(port),
              ...o.env,
            },
          });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          const timer = setTimeout(() => child.kill('SIGKILL'), deadline);
          child.on('close', (code, signal) => {
            clearTimeout(timer);
            const last = stdout
              .trim()
              .split('\n')
              .filter((l) => l.startsWith('{'))
              .pop();
            resolve({ rank, code, signal, stdout, stderr, result: last ? JSON.parse(last) : undefined });
          });
        }),
    ),
  );
}

/** Every rank exited 0 (else the ranks' output, for the assertion message). */
export function failures(outcomes: readonly RankOutcome[]): string {
  return outcomes
    .filter((r) => r.code !== 0)
    .map((r) => `rank ${r.rank}: code ${r.code} signal ${r.signal}\n${r.stderr.slice(-3000)}\n${r.stdout.slice(-1000)}`)
    .join('\n');
}
