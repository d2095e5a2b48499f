// aheuillet/D-DARTS `genotypes/*.txt`: the 16 published per-cell genotypes (spec ddarts-dartopti Appendix C), by
// file name. The verbatim texts live in nas/ddarts/published.ts (and as .txt files beside it).
import { DDARTS_PUBLISHED_FILES } from '../../ddarts/published.js';
import type { ZooRecord, ZooSource } from './record.js';

const DDARTS: Omit<ZooSource, 'path'> = {
  repo: 'aheuillet/D-DARTS',
  commit: 'e3ad5d9fc4db3a987e4828361ccdba45f6261c08',
  spec: 'ddarts-dartopti.md Appendix C',
};

function notes(name: string): string[] {
  if (name.startsWith('D-DARTS_')) {
    return ['D-DARTS search result: 8 genes (one per cell), reductions [2, 6] as published (a search with 8 layers writes [2, 5]); ' +
      'train with --layers 8 or deeper (automatic derivation, spec §7)'];
  }
  return [`DARTOpti result (searched from the ${name.split('_')[0]} baseline); train with --layers equal to its number of genes ` +
    '(automatic derivation is not available for more than 2 reductions)'];
}

/** Published files whose genes cannot be built into a network (checked by test/nas/ddarts-genotype.test.ts). */
const UNUSABLE: Readonly<Record<string, string>> = {
  'Xception_cifar100_threshold_edge_0.85':
    "cell 12's gene starts at node 3 from node 2, which has no input, so no node of that cell has a value: the reference " +
    'DCOCell sums nothing into node 3 and crashes; tsnas reports the gene as invalid',
};

export const DDARTS_GENOTYPES: readonly ZooRecord[] = DDARTS_PUBLISHED_FILES.map(({ name, text }) => {
  const unusable = UNUSABLE[name];
  const record: ZooRecord = { name, source: { ...DDARTS, path: `genotypes/${name}.txt` }, notes: notes(name), textFormat: 'python', text };
  if (unusable !== undefined) return { ...record, unusable, notes: [...notes(name), `unusable: ${unusable}`] };
  return record;
});
