// `tsnas board`: a read-only web server over run directories (node:http, no framework). A client names a run by its
// index in the board's list, never by a path, and a file by a path that must resolve inside that run's directory.
// Live updates are server-sent events: one poller (about once a second) watches each run's metrics.jsonl size, its
// per-epoch files and status.json, and pushes the appended records to every open page.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { boardPage, readStatic, STATIC_FILES } from './page.js';
import { type BoardRun, discoverRunDirs, epochFileCount, metricsSize, readMetrics, runList, runView, toBoardRuns } from './run-data.js';

export interface BoardOptions {
  /** Run or experiment directories, or folders holding them. */
  dirs: string[];
  /** 0: a free port. */
  port: number;
  /** 127.0.0.1 unless the user asks for another interface. */
  host?: string;
  /** How often the run directories are looked at for changes (ms). */
  pollMs?: number;
}

export interface Board {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.dot': 'text/plain; charset=utf-8',
};

/** A resolved path inside `root` (symlinks followed), or undefined: missing, or outside the run directory. */
export function fileInside(root: string, requested: string): { path: string } | { refused: 'outside' | 'missing' } {
  if (requested.includes('\0') || isAbsolute(requested)) return { refused: 'outside' };
  const realRoot = realpathSync(root);
  const target = resolve(realRoot, requested);
  const outside = (p: string): boolean => {
    const rel = relative(realRoot, p);
    return rel === '' || rel.startsWith('..') || isAbsolute(rel);
  };
  if (outside(target)) return { refused: 'outside' };
  if (!existsSync(target)) return { refused: 'missing' };
  const real = realpathSync(target);
  if (outside(real)) return { refused: 'outside' };
  if (!statSync(real).isFile()) return { refused: 'missing' };
  return { path: real };
}

interface Watched {
  size: number;
  epochFiles: number;
  status: string;
}

function statusStamp(dir: string): string {
  try {
    return String(statSync(resolve(dir, 'status.json')).mtimeMs);
  } catch {
    return '';
  }
}

/** Host names a page of this board may be loaded under (a DNS-rebinding page under another name is refused). */
function allowedHosts(host: string): Set<string> {
  return new Set([host, '127.0.0.1', 'localhost', '[::1]', '::1']);
}

export async function startBoard(options: BoardOptions): Promise<Board> {
  const host = options.host ?? '127.0.0.1';
  const pollMs = options.pollMs ?? 1000;
  const runs: BoardRun[] = toBoardRuns(discoverSafely(options.dirs));
  const watched = new Map<number, Watched>();
  const look = (r: BoardRun): Watched => ({ size: metricsSize(r.dir), epochFiles: epochFileCount(r.dir), status: statusStamp(r.dir) });
  for (const r of runs) watched.set(r.id, look(r));
  const clients = new Set<ServerResponse>();
  const hosts = allowedHosts(host);

  const send = (event: string, data: unknown): void => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const c of clients) c.write(frame);
  };

  const poll = (): void => {
    if (clients.size === 0) return;
    try {
      pollOnce();
    } catch (e) {
      // A run directory being replaced under the board: the next look finds it whole.
      process.stderr.write(`board: ${(e as Error).message}\n`);
    }
  };
  const pollOnce = (): void => {
    const known = new Set(runs.map((r) => r.dir));
    const added = discoverSafely(options.dirs).filter((d) => !known.has(d));
    if (added.length > 0) {
      for (const r of toBoardRuns(added, runs.length)) {
        runs.push(r);
        watched.set(r.id, look(r));
      }
      send('runs', {});
    }
    for (const r of runs) {
      const before = watched.get(r.id)!;
      const now = look(r);
      if (now.size !== before.size) {
        const chunk = readMetrics(r.dir, before.size);
        now.size = chunk.next; // a torn last line is read again once complete
        send('metrics', { id: r.id, ...chunk });
      }
      if (now.epochFiles !== before.epochFiles || now.status !== before.status) send('run', { id: r.id });
      watched.set(r.id, now);
    }
  };
  const timer = setInterval(poll, pollMs);
  timer.unref();

  const server = createServer((req, res) => {
    let r: Reply | 'streaming';
    try {
      r = handle(req, res);
    } catch (e) {
      r = plain(500, `error: ${(e as Error).message}\n`);
    }
    if (r !== 'streaming') {
      res.writeHead(r.status, { 'content-type': r.type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', ...r.headers });
      res.end(r.body);
    }
  });

  const handle = (req: IncomingMessage, res: ServerResponse): Reply | 'streaming' => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(405, 'the board is read-only\n', { allow: 'GET, HEAD' });
    const hostHeader = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (!hosts.has(hostHeader)) return plain(403, `host ${hostHeader} refused\n`);
    const url = new URL(req.url ?? '/', 'http://board');
    const path = url.pathname;
    if (path === '/') return reply(200, 'text/html; charset=utf-8', boardPage('tsnas board'));
    if (path.startsWith('/static/')) {
      const name = path.slice('/static/'.length);
      if (!Object.hasOwn(STATIC_FILES, name)) return plain(404, 'not found\n');
      return reply(200, STATIC_FILES[name]!.type, readStatic(name));
    }
    if (path === '/api/runs') return json(runList(runs));
    if (path === '/api/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write('retry: 1000\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return 'streaming';
    }
    // /api/run/<id>, /api/run/<id>/metrics?from=N, /api/run/<id>/file/<path>: matched on the raw URL, so that an
    // encoded `..` or slash reaches the containment check as the client sent it.
    const raw = (req.url ?? '').split('?')[0]!;
    const m = /^\/api\/run\/(\d+)(?:\/(metrics|file\/(.*)))?$/.exec(raw);
    const run = m ? runs[Number(m[1])] : undefined;
    if (!m || !run) return plain(404, 'not found\n');
    if (m[2] === undefined) return json(runView(run));
    if (m[2] === 'metrics') return json(readMetrics(run.dir, Math.max(0, Number(url.searchParams.get('from') ?? 0) || 0)));
    let requested: string;
    try {
      requested = decodeURIComponent(m[3]!);
    } catch {
      return plain(400, 'bad path\n');
    }
    const found = fileInside(run.dir, requested);
    if ('refused' in found) {
      return found.refused === 'outside' ? plain(403, 'outside the run directory\n') : plain(404, 'not found\n');
    }
    // A run's file is data, never a page of this origin: an SVG opened on its own runs no script (sandbox).
    return reply(200, CONTENT_TYPES[extname(found.path)] ?? 'application/octet-stream', readFileSync(found.path), {
      'content-security-policy': 'sandbox',
    });
  };

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, host, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    url: `http://${shownHost}:${port}/`,
    close: async () => {
      clearInterval(timer);
      for (const c of clients) c.end();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** The runs in those of `dirs` that exist now (a folder not yet made, or gone meanwhile, holds none). */
function discoverSafely(dirs: readonly string[]): string[] {
  return discoverRunDirs(dirs.filter((d) => existsSync(d)));
}

interface Reply {
  status: number;
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

function reply(status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): Reply {
  return { status, type, body, headers };
}

function plain(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return reply(status, 'text/plain; charset=utf-8', body, headers);
}

function json(value: unknown): Reply {
  return reply(200, 'application/json; charset=utf-8', JSON.stringify(value));
}
