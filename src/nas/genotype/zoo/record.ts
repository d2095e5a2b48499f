// Shape of the zoo records read from assets/genotypes/ (zoo/assets.ts): each published genotype is kept as the
// verbatim text its repository publishes and is parsed when the zoo is first used, so the zoo cannot drift from the source.

/** Where a genotype is published. */
export interface ZooSource {
  /** GitHub owner/name. */
  repo: string;
  /** File inside the repository. */
  path: string;
  /** Snapshot the spec was written from. */
  commit: string;
  /** Line of the definition in that file, when the spec gives it. */
  line?: number;
  /** Section of the tsnas spec that copies it. */
  spec: string;
}

/** Cell the reference code evaluates a genotype with. */
export type EvalCell =
  | 'darts' // quark0/darts model.py Cell: two inputs per node, concat list
  | 'dco' // FairDARTS fairdarts/model.py DCOCell: (op, to, from) edges, output = nodes that have inputs
  | 'reweight' // FairDARTS darts/model.py: DARTS cell with weighted node sums (see the entry notes)
  | 'nested' // D-DARTS model.py: one DCOCell per cell position, genes[i] for cell i
  | 'nb201'; // NAS-Bench-201 cell: one op per edge, output = last node

export interface ZooRecord {
  /** Name exactly as published (a made-up descriptive name where the source gives none, see notes). */
  name: string;
  source: ZooSource;
  /** The asset file holding the text (a path under assets/genotypes/), named in errors. */
  asset?: string;
  /** Other files that publish the same genotype under the same name. */
  alsoIn?: readonly ZooSource[];
  /** Comment lines directly above the definition in the source file, verbatim. */
  comments?: readonly string[];
  /** tsnas remarks: label inconsistencies, ignored edges, how the text was obtained. */
  notes?: readonly string[];
  /** 'python': a genotypes.py assignment or a printed Genotype(...); 'nb201': an arch string. */
  textFormat: 'python' | 'nb201';
  /** The published text, verbatim. */
  text: string;
  /** True when the source shows the genotype only as an image and the text is our transcription. */
  transcribed?: boolean;
  /**
   * Why a published genotype cannot be evaluated (the reference crashes on it too); such a text is parsed without
   * validation so the zoo still holds it verbatim.
   */
  unusable?: string;
}
