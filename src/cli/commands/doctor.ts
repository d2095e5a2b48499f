import type { Command } from 'commander';
import { environmentReport } from '../../train/environment.js';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('Report tsnas, Node and libtorch versions, where libtorch was found, CUDA/cuDNN, MKLDNN and threads.')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      const r = environmentReport();
      if (o.json) {
        process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        return;
      }
      const rows: [string, string][] = [
        ['tsnas', r.tsnas],
        ['node', r.node],
        ['libtorch', r.libtorch.version],
        ['libtorch found via', r.libtorch.foundVia],
        ['libtorch lib dir', r.libtorch.libDir],
        [
          'CUDA available',
          r.cuda.available
            ? `yes (${r.cuda.deviceCount} device${r.cuda.deviceCount === 1 ? '' : 's'})`
            : r.cuda.build
              ? 'no (CUDA build, no device)'
              : 'no (CPU build)',
        ],
        ['cuDNN', r.cuda.cudnn ? `yes (${r.cuda.cudnnVersion})` : 'no'],
        ['MKLDNN', r.mkldnn ? 'yes' : 'no'],
        ['OpenMP', r.openmp ? 'yes' : 'no'],
        [
          'torch.distributed',
          r.distributed.gloo
            ? `gloo${r.distributed.nccl ? ', nccl' : ' (no NCCL in this build)'}`
            : 'not built (Gloo headers were missing: install libgloo-dev and rebuild)',
        ],
        ['intra-op threads', String(r.threads.intraOp)],
        ['inter-op threads', String(r.threads.interOp)],
        ['cores', String(r.cores)],
      ];
      const w = Math.max(...rows.map(([k]) => k.length));
      for (const [k, v] of rows) process.stdout.write(`${k.padEnd(w)}  ${v}\n`);
    });
}
