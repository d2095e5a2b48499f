// NAS-Bench-201 cell architectures and their arch strings.
//
// An NB201 cell is a different space from the DARTS cell: 4 nodes, one op on every edge i→j
// (i < j), the output is node 3 alone. Its canonical text is the arch string
// `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`: '+' separates nodes 1..3 and each node lists
// `op~source` for every earlier node, in source order.

import type { CellEdge } from './genotype.js';
import { GenotypeParseError, type SourceSpan } from './parse-error.js';
import { NB201_PRIMITIVES } from './primitives.js';
import { didYouMean } from './suggest.js';

/** One incoming edge of an NB201 node: the op and the source node. */
export type Nb201Edge = [op: string, source: number];

export interface Nb201Arch {
  kind: 'nb201';
  /** nodes[k] = the incoming edges of node k + 1, from sources 0..k in order. */
  nodes: Nb201Edge[][];
}

/** Node count of the published NB201 cell (input node 0 plus nodes 1..3). */
export const NB201_NODES = 4;

function edgeSpan(start: number, length: number): SourceSpan {
  return { start, end: start + Math.max(length, 1) };
}

/** Parses an arch string; errors point at the offending piece. */
export function parseNb201Arch(text: string, options: { ops?: readonly string[] } = {}): Nb201Arch {
  const ops = options.ops ?? NB201_PRIMITIVES;
  const fail = (reason: string, span: SourceSpan): never => {
    throw new GenotypeParseError(reason, text, span);
  };
  const leading = text.length - text.trimStart().length;
  const body = text.trim();
  if (body.length === 0) fail("expected an NB201 arch string like '|nor_conv_3x3~0|+|...|', found empty text", edgeSpan(0, 0));

  const nodes: Nb201Edge[][] = [];
  let offset = leading;
  for (const part of body.split('+')) {
    const node = nodes.length + 1;
    if (!part.startsWith('|') || !part.endsWith('|') || part.length < 2) {
      fail(`expected node ${node} written as '|op~source|...|', found '${part}'`, edgeSpan(offset, part.length));
    }
    const edges: Nb201Edge[] = [];
    let pieceStart = offset + 1;
    for (const piece of part.slice(1, -1).split('|')) {
      const source = edges.length;
      const match = /^([A-Za-z0-9_]+)~(\d+)$/.exec(piece);
      if (!match) fail(`expected 'op~${source}' (an op name, '~', the source node), found '${piece}'`, edgeSpan(pieceStart, piece.length));
      const [, op, sourceText] = match!;
      if (!ops.includes(op!)) {
        fail(`expected an NB201 op (${ops.join(', ')}), found '${op}'${didYouMean(op!, ops)}`, edgeSpan(pieceStart, op!.length));
      }
      if (Number(sourceText) !== source) {
        fail(
          `expected source ${source}: node ${node} lists its inputs from nodes 0..${node - 1} in order, found ${sourceText}`,
          edgeSpan(pieceStart + op!.length + 1, sourceText!.length),
        );
      }
      edges.push([op!, source]);
      pieceStart += piece.length + 1;
    }
    if (edges.length !== node) {
      fail(
        `expected ${node} edge(s) into node ${node} (one from each of nodes 0..${node - 1}), found ${edges.length}`,
        edgeSpan(offset, part.length),
      );
    }
    nodes.push(edges);
    offset += part.length + 1;
  }
  return { kind: 'nb201', nodes };
}

export function formatNb201Arch(arch: Nb201Arch): string {
  return arch.nodes.map((edges) => `|${edges.map(([op, source]) => `${op}~${source}`).join('|')}|`).join('+');
}

/** Problems of an NB201 cell (empty when valid). */
export function validateNb201Arch(arch: Nb201Arch, options: { ops?: readonly string[] } = {}): string[] {
  const ops = options.ops ?? NB201_PRIMITIVES;
  const errors: string[] = [];
  if (arch.nodes.length === 0) errors.push('the cell has no nodes');
  arch.nodes.forEach((edges, k) => {
    const node = k + 1;
    if (edges.length !== node) errors.push(`node ${node} has ${edges.length} edges; it needs one from each of nodes 0..${node - 1}`);
    edges.forEach(([op, source], i) => {
      if (!ops.includes(op)) errors.push(`node ${node}: unknown op '${op}'${didYouMean(op, ops)}`);
      if (source !== i) errors.push(`node ${node}: edge ${i} comes from node ${source}, expected node ${i}`);
    });
  });
  return errors;
}

/** The ops in α-row order (1←0, 2←0, 2←1, 3←0, 3←1, 3←2): the edge order of NB201 search models. */
export function nb201EdgeOps(arch: Nb201Arch): string[] {
  return arch.nodes.flatMap((edges) => edges.map(([op]) => op));
}

/** The edges of an NB201 cell in α-row order, by the drawn node names: 0 → 1, 0 → 2, 1 → 2, 0 → 3, 1 → 3, 2 → 3. */
export function nb201CellEdges(nodes = NB201_NODES): CellEdge[] {
  const edges: CellEdge[] = [];
  for (let to = 1; to < nodes; to++) for (let from = 0; from < to; from++) edges.push({ from: String(from), to: String(to) });
  return edges;
}

/**
 * NB201 derivation as in EvNAS S2 / AutoDL `genotype()`: per edge row, the first index of the
 * maximum over ALL ops, 'none' included (so a derived cell can be all-zero).
 */
export function deriveNb201Arch(
  weights: readonly (readonly number[])[],
  options: { primitives?: readonly string[]; nodes?: number } = {},
): Nb201Arch {
  const primitives = options.primitives ?? NB201_PRIMITIVES;
  const nodeCount = options.nodes ?? NB201_NODES;
  const rows = (nodeCount * (nodeCount - 1)) / 2;
  if (weights.length !== rows) throw new RangeError(`expected ${rows} weight rows (one per edge), got ${weights.length}`);
  const nodes: Nb201Edge[][] = [];
  let row = 0;
  for (let node = 1; node < nodeCount; node++) {
    const edges: Nb201Edge[] = [];
    for (let source = 0; source < node; source++, row++) {
      const w = weights[row]!;
      if (w.length !== primitives.length) throw new RangeError(`weight row ${row} has ${w.length} columns; expected ${primitives.length}`);
      let best = 0;
      for (let k = 1; k < w.length; k++) if (w[k]! > w[best]!) best = k;
      edges.push([primitives[best]!, source]);
    }
    nodes.push(edges);
  }
  return { kind: 'nb201', nodes };
}
