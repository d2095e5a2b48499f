// A run directory: resolved config, environment, metrics.jsonl, genotypes per epoch and checkpoints. Every
// file is written atomically (temp file + rename), so a crash never leaves a half-written checkpoint.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { environmentReport } from './environment.js';

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function stamp(): string {
  const d = new Date();
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

export class RunDirectory {
  private constructor(readonly dir: string) {}

  /** A new run directory: `out` if given, else runs/<kind>-<timestamp>. */
  static create(kind: string, out?: string): RunDirectory {
    const dir = resolve(out ?? join('runs', `${kind}-${stamp()}`));
    mkdirSync(dir, { recursive: true });
    return new RunDirectory(dir);
  }

  /** An existing run directory (for --resume). */
  static open(dir: string): RunDirectory {
    const abs = resolve(dir);
    if (!existsSync(join(abs, 'config.json'))) throw new Error(`${dir} is not a tsnas run directory (no config.json)`);
    return new RunDirectory(abs);
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  /** Path of a checkpoint file, its folder created. */
  checkpointPath(name: string): string {
    mkdirSync(this.path('checkpoints'), { recursive: true });
    return this.path('checkpoints', `${name}.pt`);
  }

  writeJson(name: string, value: unknown): void {
    writeFileAtomic(this.path(name), JSON.stringify(value, null, 2) + '\n');
  }
  readJson<T>(name: string): T {
    return JSON.parse(readFileSync(this.path(name), 'utf8')) as T;
  }
  writeText(name: string, text: string): void {
    writeFileAtomic(this.path(name), text);
  }
  exists(name: string): boolean {
    return existsSync(this.path(name));
  }

  writeEnvironment(extra: Record<string, unknown>): void {
    this.writeJson('environment.json', { ...environmentReport(), ...extra, startedAt: new Date().toISOString(), argv: process.argv.slice(2) });
  }

  /** One JSON object per line; appended, so a crash keeps every earlier record. */
  appendMetrics(record: Record<string, unknown>): void {
    appendFileSync(this.path('metrics.jsonl'), JSON.stringify({ time: new Date().toISOString(), ...record }) + '\n');
  }
}
