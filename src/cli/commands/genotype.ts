import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { ensureDirectory } from '../../io/file.js';
import { drawGenotype } from '../../nas/genotype/draw.js';
import { formatGenotype } from '../../nas/genotype/format.js';
import { resolveArch } from '../../train/arch.js';

export function registerGenotype(program: Command): void {
  const g = program.command('genotype').description('Read, convert and draw genotypes.');
  g.command('draw')
    .description('Write DOT and SVG drawings of the normal and reduction cells (Graphviz compiled to WASM).')
    .requiredOption('--arch <name|file|run>', 'zoo genotype name, genotype file, or search run directory')
    .option('--out <dir>', 'output folder', '.')
    .option('--name <stem>', 'file name stem (default: the zoo name or "genotype")')
    .action(async (o: { arch: string; out: string; name?: string }) => {
      const arch = resolveArch(o.arch);
      const stem = o.name ?? (arch.source === 'zoo' ? arch.name : 'genotype');
      if (!/^[^/\\\0]+$/.test(stem) || stem === '.' || stem === '..') throw new Error(`--name must be a file name stem without '/', got '${stem}'`);
      const dir = ensureDirectory(o.out, '--out folder');
      const d = await drawGenotype(arch.genotype);
      const files: [string, string][] = [
        [`${stem}.normal.dot`, d.normalDot],
        [`${stem}.reduce.dot`, d.reduceDot],
        [`${stem}.normal.svg`, d.normalSvg],
        [`${stem}.reduce.svg`, d.reduceSvg],
      ];
      for (const [name, text] of files) {
        try {
          writeFileSync(join(dir, name), text);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          throw new Error(
            `cannot write ${join(dir, name)}: ${
              code === 'EACCES' || code === 'EPERM'
                ? 'permission denied'
                : code === 'EISDIR'
                  ? 'a folder of that name is in the way'
                  : (e as Error).message
            }`,
          );
        }
      }
      process.stdout.write(files.map(([n]) => join(dir, n)).join('\n') + '\n');
    });
  g.command('convert')
    .description('Print a genotype in another format: the DARTS repr, the pt.darts nested repr, or JSON.')
    .requiredOption('--arch <name|file|run>', 'zoo genotype name, genotype file, or search run directory')
    .addOption(new Option('--to <format>', 'output format').choices(['repr', 'nested', 'json']).default('repr'))
    .action((o: { arch: string; to: 'repr' | 'nested' | 'json' }) => {
      process.stdout.write(formatGenotype(resolveArch(o.arch).genotype, o.to) + '\n');
    });
}

export type { Command };
