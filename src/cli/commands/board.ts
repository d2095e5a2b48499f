import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { startBoard } from '../../board/server.js';

interface BoardFlags {
  port: string;
  host: string;
  open?: boolean;
}

/** The system's way of opening a URL in the default browser. */
function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`board: could not start ${cmd}; open ${url} yourself\n`));
  child.unref();
}

async function board(dirs: string[], f: BoardFlags): Promise<void> {
  const port = Number(f.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`board: --port ${f.port}: give a port number 0-65535 (0: any free port)`);
  // The default folder may not exist before the first run: the board then waits for runs to appear in it.
  const isDefault = dirs.length === 1 && dirs[0] === 'runs';
  for (const d of dirs) if (!isDefault && !existsSync(d)) throw new Error(`board: ${d}: no such directory (give run or experiment directories)`);
  const b = await startBoard({ dirs, port, host: f.host });
  process.stdout.write(`board: ${b.url}  (${dirs.join(', ')}; Ctrl-C stops)\n`);
  if (f.host !== '127.0.0.1' && f.host !== 'localhost' && f.host !== '::1') {
    process.stderr.write(`board: listening on ${f.host}: anyone who can reach it can read these runs\n`);
  }
  if (f.open) openInBrowser(b.url);
  const stop = (): void => {
    b.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function registerBoard(program: Command): void {
  program
    .command('board')
    .description(
      'A local, read-only web page over run and experiment directories: the runs with their status and best numbers; per ' +
        'run the loss, accuracy, lr, throughput and NAS-Bench-201 curves, the α of every edge over the epochs and the cell ' +
        'of each epoch; ticked runs overlaid. Updates live while runs go on.',
    )
    .argument('[dirs...]', 'run or experiment directories, or folders holding them', ['runs'])
    .option('--port <n>', 'port (0: any free port)', '6060')
    .option('--host <host>', 'interface to listen on (another than 127.0.0.1 lets other machines read the runs)', '127.0.0.1')
    .option('--open', 'open the page in the default browser')
    .action(board);
}
