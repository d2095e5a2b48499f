// What the evaluation networks need of a genotype, per cell. The Genotype types of nas/genotype convert to these.

/** DARTS-style cell: 2 inputs per node as (op, input) pairs, and the nodes concatenated into the output. */
export interface DartsCellGenes {
  readonly kind: 'darts';
  readonly genes: readonly (readonly [op: string, input: number])[];
  readonly concat: readonly number[];
  /** FairDARTS `darts/` reweight genotypes scale each gene's output before the node sum. */
  readonly weights?: readonly number[];
}

/** FairDARTS DCO cell: any number of (op, to, from) edges; nodes without inputs are absent. */
export interface DcoCellGenes {
  readonly kind: 'dco';
  readonly edges: readonly (readonly [op: string, to: number, from: number])[];
}

export type CellGenes = DartsCellGenes | DcoCellGenes;

/** The genes of every cell: one normal and one reduction cell shared by all (DARTS), or one per cell (D-DARTS). */
export type NetworkGenes = { readonly normal: CellGenes; readonly reduce: CellGenes } | { readonly perCell: readonly CellGenes[] };

/** The genes of a cell: per-cell genotypes by `gene` (its cell plan's index, the position by default), else by type. */
export function genesForCell(g: NetworkGenes, gene: number, reduction: boolean): CellGenes {
  if ('perCell' in g) {
    const c = g.perCell[gene];
    if (!c) throw new Error(`the genotype has ${g.perCell.length} per-cell genes, so no gene ${gene}`);
    return c;
  }
  return reduction ? g.reduce : g.normal;
}
