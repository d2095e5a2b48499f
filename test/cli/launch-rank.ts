// A rank of launch.test.ts: the process the launcher starts N times, told by a JSON argument what to do.
import { existsSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';

export interface RankScript {
  /** Print this rank's environment as one JSON line (then a line on stderr and an unterminated one) and exit 0. */
  printEnv?: boolean;
  /** Where each waiting rank writes ready-RANK once its signal handlers are in place. */
  readyDir?: string;
  /** What the last rank does instead of waiting, once every other rank is ready: exit with a code or a signal. */
  lastRank?: { exit: number } | { signal: NodeJS.Signals };
  /** Waiting ranks note and ignore SIGINT and SIGTERM, so that only SIGKILL ends them. */
  stubborn?: boolean;
}

const script = JSON.parse(process.argv[2]!) as RankScript;
const rank = Number(process.env.RANK);
const worldSize = Number(process.env.WORLD_SIZE);
const readyFile = (r: number): string => join(script.readyDir!, `ready-${r}`);

if (script.printEnv) {
  const names = [
    'RANK',
    'WORLD_SIZE',
    'LOCAL_RANK',
    'LOCAL_WORLD_SIZE',
    'GROUP_RANK',
    'MASTER_ADDR',
    'MASTER_PORT',
    'TSNAS_THREADS',
    'OMP_NUM_THREADS',
  ];
  process.stdout.write(JSON.stringify(Object.fromEntries(names.map((n) => [n, process.env[n]]))) + '\n');
  process.stderr.write(`stderr of rank ${rank}\n`);
  process.stdout.write(`unterminated line of rank ${rank}`);
} else if (script.lastRank && rank === worldSize - 1) {
  const how = script.lastRank;
  const othersReady = setInterval(() => {
    for (let r = 0; r < rank; r++) if (!existsSync(readyFile(r))) return;
    clearInterval(othersReady);
    if ('exit' in how) process.exit(how.exit);
    process.kill(process.pid, how.signal);
  }, 20);
} else {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (script.stubborn && signal !== 'SIGHUP') return void process.stdout.write(`rank ${rank} ignores ${signal}\n`);
      process.stdout.write(`rank ${rank} got ${signal}\n`);
      // A moment to receive the signal a second time if someone sent it twice (the test counts the lines).
      setTimeout(() => process.exit(128 + constants.signals[signal]), 200);
    });
  }
  writeFileSync(readyFile(rank), '');
  // Bounded, should the launcher never stop this rank.
  setTimeout(() => process.exit(99), 60_000);
}
