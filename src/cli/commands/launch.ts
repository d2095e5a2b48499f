import type { Command } from 'commander';
import { addLaunchOptions, launchRanks, launchSettings } from '../launch.js';

const HELP = `
Two forms start the same ranks on this machine:
  tsnas search --nproc 4 --batch-size 32 ...            search and train start their own ranks
  tsnas launch --nproc 4 -- tsnas search --batch-size 32 ...
                                                        any command as the ranks (its options after --)

Each rank gets RANK and LOCAL_RANK (0..N-1), WORLD_SIZE and LOCAL_WORLD_SIZE (N), GROUP_RANK=0,
MASTER_ADDR=127.0.0.1 and MASTER_PORT (--master-port, or a free port), and TSNAS_THREADS = OMP_NUM_THREADS =
cores / N unless TSNAS_THREADS is set. Rank 0's output comes through as it is; the other ranks' lines start
with [rank N]. When a rank fails, the others get SIGTERM (they save a checkpoint and stop), then SIGKILL 30 s
later, and the launcher exits with the failed rank's status. SIGINT, SIGTERM and SIGHUP are passed on to every
rank once; a second one kills them all.

Several machines: PyTorch's torchrun sets the same variables, so tsnas runs under it as it is. On each of two
machines with 8 GPUs (HOST:PORT reachable from both, e.g. the first machine):
  torchrun --nnodes 2 --nproc-per-node 8 --rdzv-backend c10d --rdzv-endpoint HOST:PORT --rdzv-id JOB \\
    --no-python tsnas search ...
`;

export function registerLaunch(program: Command): void {
  const cmd = program
    .command('launch')
    .description('Run a command as N data-parallel ranks on this machine, with the environment torchrun gives each rank.')
    .argument('<command>', 'program every rank runs (tsnas, node, ...)')
    .argument('[args...]', 'its arguments, after -- so that its options are not taken for launch options')
    .addHelpText('after', HELP);
  addLaunchOptions(cmd);
  cmd.action(async (command: string, args: string[]) => {
    const { nproc, masterPort } = launchSettings(cmd);
    if (nproc === undefined) throw new Error('--nproc <n> is required: how many ranks to start');
    process.exitCode = await launchRanks({ nproc, masterPort, command, args });
  });
}
