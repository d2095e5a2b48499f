// A run directory: resolved config, environment, status, metrics.jsonl, genotypes per epoch and checkpoints. Every
// file but metrics.jsonl is written atomically (temp file + rename), so a crash never leaves a half-written file;
// metrics.jsonl is appended, and a resume cuts it back to what the checkpoint it continues from had seen.
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { ensureDirectory } from '../io/file.js';
import { environmentReport } from './environment.js';

/** An fs error as a message naming the path and what was being done ("cannot write X: no space left on device"). */
export function fileError(e: unknown, action: string, path: string): Error {
  const err = e as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOENT: 'no such file or directory',
    EISDIR: 'is a directory',
    ENOTDIR: 'a parent is not a directory',
    EIO: 'input/output error',
    EMFILE: 'too many open files',
  };
  const reason = err?.code ? `${why[err.code] ?? err.message} (${err.code})` : String(err?.message ?? e);
  const out = new Error(`cannot ${action} ${path}: ${reason}`);
  (out as NodeJS.ErrnoException).code = err?.code;
  return out;
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    ensureDirectory(dirname(path));
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* never written */
    }
    throw fileError(e, 'write', path);
  }
}

function stamp(): string {
  const d = new Date();
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

export type RunState = 'running' | 'finished' | 'failed' | 'interrupted';

/** status.json: what happened to a run, readable without its logs. */
export interface RunStatus {
  state: RunState;
  command: string;
  /** The process that runs (or last ran) it, so a 'running' run whose process is gone can be told apart. */
  pid: number;
  host: string;
  startedAt: string;
  updatedAt: string;
  endedAt?: string;
  /** The epoch under way or last ended (1-based: epoch N is the N-th), how many of its steps are done, and how many epochs. */
  epoch?: number;
  step?: number;
  epochsDone?: number;
  /** The epochs the run goes through in all (more than its --epochs where the method adds some: DARTOpti's pretraining). */
  epochs?: number;
  /** failed: the error message; interrupted: the signal. */
  error?: string;
  signal?: string;
  /** How often the run was resumed, and from where. */
  resumes?: { at: string; epoch: number; step: number; epochs?: { from: number; to: number } }[];
}

/** True when a run's status says running and its process is alive on this host. */
export function isLive(s: RunStatus | undefined): boolean {
  if (s?.state !== 'running' || s.host !== hostname() || s.pid === process.pid) return false;
  try {
    process.kill(s.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** How a status reads to a person ('running' with no process behind it is a run that died). */
export function describeStatus(s: RunStatus | undefined): string {
  if (!s) return 'no status.json (a run of an older tsnas, or not a run)';
  const where = s.epoch !== undefined ? ` at epoch ${s.epoch}${s.step !== undefined ? `, step ${s.step}` : ''}` : '';
  switch (s.state) {
    case 'running':
      return isLive(s) || s.pid === process.pid
        ? `running (pid ${s.pid})${where}`
        : `died${where}: its process (pid ${s.pid} on ${s.host}) is gone without a word (killed or crashed); --resume continues it`;
    case 'finished':
      return `finished ${s.endedAt ?? ''}`.trim();
    case 'failed':
      return `failed: ${s.error ?? 'unknown error'}`;
    case 'interrupted':
      return `interrupted by ${s.signal ?? 'a signal'}${where}; --resume continues it`;
  }
}

export class RunDirectory {
  private constructor(
    readonly dir: string,
    /** False for the ranks other than 0 of a data-parallel run: rank 0 alone writes the run directory. */
    readonly writes = true,
  ) {}

  /**
   * The run directory as a rank other than 0 sees it: reads work, writes do nothing. `dir` is rank 0's directory when
   * known (a resume), or a description of it.
   */
  static follower(dir: string): RunDirectory {
    return new RunDirectory(dir, false);
  }

  /**
   * A new run directory. `out`: that folder, which must not exist or be empty unless `overwrite` (and then it must
   * hold a tsnas run that is not running). Without `out`: runs/<kind>-<timestamp>, made unique with a suffix when
   * another run took that name (runs started in the same second).
   */
  static create(kind: string, out?: string, opts: { overwrite?: boolean } = {}): RunDirectory {
    if (out === undefined) {
      const parent = resolve('runs');
      ensureDirectory(parent, 'runs folder');
      const base = join(parent, `${kind}-${stamp()}`);
      for (let i = 1; ; i++) {
        const dir = i === 1 ? base : `${base}-${i}`;
        try {
          mkdirSync(dir); // not recursive: fails if another process made it first
          return new RunDirectory(dir);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fileError(e, 'create', dir);
        }
      }
    }
    const dir = resolve(out);
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw new Error(`--out ${out}: exists and is not a directory`);
      const entries = readdirSync(dir);
      if (entries.length > 0) {
        const isRun = entries.includes('config.json');
        if (!opts.overwrite) {
          throw new Error(
            isRun
              ? `--out ${out} already holds a run (${describeStatus(readStatus(dir))}). Continue it with --resume ${out}, ` +
                  'replace it with --overwrite, or choose another --out'
              : `--out ${out} is a folder that is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}); ` +
                  'choose a new or empty folder',
          );
        }
        if (!isRun) throw new Error(`--overwrite: ${out} is not a tsnas run directory (no config.json); refusing to delete what it holds`);
        const s = readStatus(dir);
        if (isLive(s)) throw new Error(`--overwrite: ${out} is being run right now by pid ${s!.pid}; stop it first`);
        for (const e of entries) rmSync(join(dir, e), { recursive: true, force: true });
      }
    }
    ensureDirectory(dir, 'run directory');
    return new RunDirectory(dir);
  }

  /** An existing run directory (for --resume). */
  static open(dir: string): RunDirectory {
    const abs = resolve(dir);
    if (!existsSync(abs)) throw new Error(`--resume ${dir}: no such directory`);
    if (!statSync(abs).isDirectory()) throw new Error(`--resume ${dir}: not a directory`);
    if (!existsSync(join(abs, 'config.json'))) throw new Error(`--resume ${dir}: not a tsnas run directory (no config.json)`);
    return new RunDirectory(abs);
  }

  get name(): string {
    return basename(this.dir);
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  /** Path of a checkpoint file, its folder created. */
  checkpointPath(name: string): string {
    if (this.writes) ensureDirectory(this.path('checkpoints'));
    return this.path('checkpoints', `${name}.pt`);
  }

  writeJson(name: string, value: unknown): void {
    if (this.writes) writeFileAtomic(this.path(name), JSON.stringify(value, null, 2) + '\n');
  }

  readJson<T>(name: string): T {
    const p = this.path(name);
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch (e) {
      throw fileError(e, 'read', p);
    }
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new Error(`${p} is not valid JSON (${(e as Error).message}): the run directory is damaged`);
    }
  }

  writeText(name: string, text: string): void {
    if (this.writes) writeFileAtomic(this.path(name), text);
  }

  exists(name: string): boolean {
    return existsSync(this.path(name));
  }

  /** Deletes a file of the run if it is there (a result that no longer holds once the run goes on). */
  remove(name: string): void {
    if (this.writes) rmSync(this.path(name), { force: true });
  }

  writeEnvironment(extra: Record<string, unknown>): void {
    if (this.writes)
      this.writeJson('environment.json', { ...environmentReport(), ...extra, startedAt: new Date().toISOString(), argv: process.argv.slice(2) });
  }

  status(): RunStatus | undefined {
    return readStatus(this.dir);
  }

  /** Rewrites status.json with `patch` over the current status. */
  updateStatus(patch: Partial<RunStatus>): RunStatus {
    const now = new Date().toISOString();
    const s = { ...this.status(), ...patch, updatedAt: now } as RunStatus;
    this.writeJson('status.json', s);
    return s;
  }

  /** One JSON object per line; appended, so a crash keeps every earlier record. */
  appendMetrics(record: Record<string, unknown>): void {
    if (!this.writes) return;
    const p = this.path('metrics.jsonl');
    try {
      appendFileSync(p, JSON.stringify({ time: new Date().toISOString(), ...record }) + '\n');
    } catch (e) {
      throw fileError(e, 'append to', p);
    }
  }

  /** Bytes of metrics.jsonl written so far (a checkpoint records it; a resume cuts the file back to it). */
  metricsBytes(): number {
    const p = this.path('metrics.jsonl');
    return existsSync(p) ? statSync(p).size : 0;
  }

  /** Drops the metrics records written after the checkpoint a resume continues from (they will be written again). */
  truncateMetrics(bytes: number): void {
    if (!this.writes) return;
    const p = this.path('metrics.jsonl');
    if (!existsSync(p) || statSync(p).size <= bytes) return;
    try {
      truncateSync(p, bytes);
    } catch (e) {
      throw fileError(e, 'truncate', p);
    }
  }
}

function readStatus(dir: string): RunStatus | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')) as RunStatus;
  } catch {
    return undefined;
  }
}
