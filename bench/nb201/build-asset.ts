// Rebuilds assets/nas-bench-201/nb201-test-accuracy-200e.csv.gz from v-tao/nats-bench-landscape's nats_bench.csv
// (see assets/nas-bench-201/PROVENANCE.md):
//
//   node dist/bench/nb201/build-asset.js [path/to/nats_bench.csv]    (default ../shared/data/nas-bench-201/nats_bench.csv beside the repository)
//
// The derived table keeps the benchmark index (the source row order), the arch string and the three 200-epoch test
// accuracies as the exact decimal text of the source; the UniqueString column is dropped. The script checks the
// source's SHA-256 against the one recorded in PROVENANCE.md and prints the asset's.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const SOURCE_SHA256 = 'cb5d777ec3368be83c8f9b3aa4d520696051cb0eb8d94b8f85b519f9ea4afa3e';
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const source = process.argv[2] ?? new URL('../../../../shared/data/nas-bench-201/nats_bench.csv', import.meta.url).pathname;
const bytes = readFileSync(source);
const sha = createHash('sha256').update(bytes).digest('hex');
if (sha !== SOURCE_SHA256) process.stderr.write(`warning: ${source} has SHA-256 ${sha}, PROVENANCE.md records ${SOURCE_SHA256}\n`);
const lines = bytes
  .toString('utf8')
  .split(/\r?\n/)
  .filter((l) => l.length > 0);
const header = lines[0]!.split(',');
const col = (name: string): number => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`${source}: no column '${name}'`);
  return i;
};
const [c10, c100, in16, arch] = [
  col('CIFAR10TestAccuracy200Epochs'),
  col('CIFAR100TestAccuracy200Epochs'),
  col('ImageNetTestAccuracy200Epochs'),
  col('ArchitectureString'),
];
const out = ['index,arch,cifar10,cifar100,imagenet16_120'];
lines.slice(1).forEach((line, i) => {
  const f = line.split(',');
  out.push([i, f[arch], f[c10], f[c100], f[in16]].join(','));
});
if (out.length !== 15626) throw new Error(`expected 15,625 architectures, found ${out.length - 1}`);
const gz = gzipSync(Buffer.from(out.join('\n') + '\n', 'utf8'), { level: 9 });
const target = join(root, 'assets', 'nas-bench-201', 'nb201-test-accuracy-200e.csv.gz');
writeFileSync(target, gz);
process.stdout.write(
  `${target}: ${gz.length} bytes, SHA-256 ${createHash('sha256').update(gz).digest('hex')}\n` + `source ${source}: SHA-256 ${sha}\n`,
);
