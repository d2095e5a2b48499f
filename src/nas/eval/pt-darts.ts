// khanrc/pt.darts' state_dict names (its AugmentCNN, which DropNAS trains) in the names of tsnas' evaluation network
// (quark0/darts' NetworkCIFAR), so that a checkpoint trained with pt.darts or DropNAS loads (spec dropnas §2.6). The
// networks are the same module for module once pooling ops carry their affine BN (poolBn 'affine'); only the names
// differ.
import type { Tensor } from '../../tensor/index.js';

/** Does a state_dict use pt.darts' names: its cells' `preproc0` / `preproc1` / `dag` children (no other network has them). */
export function hasPtDartsNames(keys: Iterable<string>): boolean {
  for (const key of keys) if (/^(module\.)?cells\.\d+\.(preproc[01]|dag)\./.test(key)) return true;
  return false;
}

/**
 * The inside of one op: SepConv's two nested DilConvs and DilConv / StdConv's `net` (quark0's flat `op` sequence),
 * FactorizedReduce's `conv1` / `conv2` / `bn`, and PoolBN's `bn` (layer 1 of tsnas' pooling sequence).
 */
function opKey(rest: string, pooling: boolean): string {
  const sep = /^net\.([01])\.net\.(\d+)\.(.+)$/.exec(rest);
  // quark0's SepConv is one flat sequence: ReLU, dw, pw, BN (1..3) then ReLU, dw, pw, BN (5..7)
  if (sep) return `op.${4 * Number(sep[1]) + Number(sep[2])}.${sep[3]}`;
  const chain = /^net\.(\d+)\.(.+)$/.exec(rest);
  if (chain) return `op.${chain[1]}.${chain[2]}`;
  const reduce = /^conv([12])\.(.+)$/.exec(rest);
  if (reduce) return `conv_${reduce[1]}.${reduce[2]}`;
  return pooling && rest.startsWith('bn.') ? `1.${rest.slice('bn.'.length)}` : rest;
}

/**
 * The tsnas name of a pt.darts AugmentCNN key, e.g. `cells.3.dag.1.0.0.net.1.net.2.weight` →
 * `cells.3._ops.2.op.6.weight`: node n's j-th edge is gene 2n+j (the flat genotype order), and every op but Identity
 * sits at index 0 of its [op, DropPath] sequence. `pooling`: whether the key's edge is a PoolBN (its `bn` is renamed;
 * a FactorizedReduce's keeps its name).
 */
export function ptDartsKeyToTsnas(key: string, pooling = false): string {
  const k = key.replace(/^module\./, '');
  const edge = /^cells\.(\d+)\.dag\.(\d+)\.(\d+)\.0\.(.+)$/.exec(k);
  if (edge) {
    const [, cell, node, input, rest] = edge;
    return `cells.${cell}._ops.${2 * Number(node) + Number(input)}.${opKey(rest!, pooling)}`;
  }
  const pre = /^cells\.(\d+)\.preproc([01])\.(.+)$/.exec(k);
  if (pre) return `cells.${pre[1]}.preprocess${pre[2]}.${opKey(pre[3]!, false)}`;
  if (k.startsWith('linear.')) return `classifier.${k.slice('linear.'.length)}`;
  if (k.startsWith('aux_head.net.')) return `auxiliary_head.features.${k.slice('aux_head.net.'.length)}`;
  if (k.startsWith('aux_head.linear.')) return `auxiliary_head.classifier.${k.slice('aux_head.linear.'.length)}`;
  return k;
}

/** A pt.darts / DropNAS state_dict under tsnas' names (the tensors are shared, not copied). */
export function fromPtDartsStateDict(sd: ReadonlyMap<string, Tensor>): Map<string, Tensor> {
  // An edge with `bn` but no `conv1` is a PoolBN; a FactorizedReduce (reducing skip_connect) has both.
  const edgeOf = (key: string): string | undefined => /^(?:module\.)?(cells\.\d+\.dag\.\d+\.\d+)\.0\./.exec(key)?.[1];
  const withConv = new Set<string>();
  for (const key of sd.keys()) if (/\.0\.conv1\./.test(key)) withConv.add(edgeOf(key) ?? '');
  const out = new Map<string, Tensor>();
  for (const [key, t] of sd) {
    const edge = edgeOf(key);
    out.set(ptDartsKeyToTsnas(key, edge !== undefined && !withConv.has(edge)), t);
  }
  return out;
}
