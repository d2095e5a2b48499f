import type { Command } from 'commander';
import { formatNb201Arch } from '../../nas/genotype/nb201.js';
import { formatGenotype } from '../../nas/genotype/format.js';
import { closeNames } from '../../nas/genotype/suggest.js';
import { hasZooEntry, ZOO_ALIASES, type ZooSettings, zooEntries, zooEntry, zooNames } from '../../nas/genotype/zoo.js';

export function registerZoo(program: Command): void {
  const zoo = program
    .command('zoo')
    .description('Published genotypes (DARTS, NASNet, AmoebaNet, ENAS, PC-DARTS, FairDARTS, NoisyDARTS, DropNAS, EvNAS, ...).');
  zoo
    .command('list')
    .description('List every zoo genotype with its kind and source repository.')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      const entries = zooEntries();
      if (o.json) {
        process.stdout.write(
          JSON.stringify(
            entries.map((e) => ({ name: e.name, kind: e.kind, evalCell: e.evalCell, source: e.source })),
            null,
            2,
          ) + '\n',
        );
        return;
      }
      const w = Math.max(...entries.map((e) => e.name.length));
      for (const e of entries) process.stdout.write(`${e.name.padEnd(w)}  ${e.kind.padEnd(8)}  ${e.source.repo}/${e.source.path}\n`);
      process.stdout.write(`${entries.length} genotypes\n`);
    });
  zoo
    .command('show <name>')
    .description('Print one genotype: its published text, source, and the canonical repr/JSON.')
    .option('--json', 'print the genotype as JSON')
    .action((name: string, o: { json?: boolean }) => {
      if (!hasZooEntry(name)) {
        const close = closeNames(name, [...zooNames(), ...Object.keys(ZOO_ALIASES)], 8);
        throw new Error(
          `unknown zoo genotype '${name}'${close.length > 0 ? `; close names: ${close.join(', ')}` : ''} ` +
            `(\`tsnas zoo list\` lists all ${zooNames().length})`,
        );
      }
      const e = zooEntry(name);
      const g = e.genotype;
      const canonical = g.kind === 'nb201' ? formatNb201Arch(g) : formatGenotype(g, o.json ? 'json' : 'repr');
      if (o.json) {
        process.stdout.write(canonical + '\n');
        return;
      }
      process.stdout.write(
        `${e.name} (${e.kind}; evaluated with the ${e.evalCell} cell)\n` +
          `source: ${e.source.repo} ${e.source.path} @ ${e.source.commit.slice(0, 10)}\n` +
          (e.comments.length ? e.comments.map((c) => `  ${c}`).join('\n') + '\n' : '') +
          (e.notes.length ? e.notes.map((n) => `note: ${n}`).join('\n') + '\n' : '') +
          (Object.keys(e.settings).length ? `trained with: ${trainedWith(e.settings)}\n` : '') +
          `\n${canonical}\n`,
      );
    });
}

/** A zoo entry's settings as the flags that give them. */
function trainedWith(settings: ZooSettings): string {
  return [
    settings.poolBn && `--pool-bn ${settings.poolBn}`,
    settings.channels !== undefined && `--init-channels ${settings.channels}`,
    settings.dataset && `(on --dataset ${settings.dataset})`,
  ]
    .filter((x) => typeof x === 'string')
    .join(' ');
}
