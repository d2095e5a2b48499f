"""Reference side of test/train/arch-defaults.test.ts: an EvNAS `genotype.pickle`, as its search writes it.

EvNAS defines `Genotype = namedtuple('Genotype', 'normal normal_concat reduce reduce_concat')` in its genotypes.py
(quark0's definition), derives genotypes with `range` concats (model_search.py) and ends its search with
`pickle.dump(genotype, f)`. This script does the same with Python's own pickle, the namedtuple living in a module
named `genotypes` as there.

Usage: evnas_genotype_pickle.py OUT GENOTYPE [PROTOCOL]
  GENOTYPE is a quark0 repr, Genotype(normal=[...], normal_concat=[2, 3, 4, 5], ...); its concats are written as
  range objects. Prints nothing.
"""
import pickle
import sys
import types
from collections import namedtuple

genotypes = types.ModuleType('genotypes')
genotypes.Genotype = namedtuple('Genotype', 'normal normal_concat reduce reduce_concat', module='genotypes')
sys.modules['genotypes'] = genotypes


def main():
    out, text = sys.argv[1], sys.argv[2]
    protocol = int(sys.argv[3]) if len(sys.argv) > 3 else pickle.DEFAULT_PROTOCOL
    g = eval(text, {'Genotype': genotypes.Genotype})
    g = g._replace(normal_concat=range(min(g.normal_concat), max(g.normal_concat) + 1),
                   reduce_concat=range(min(g.reduce_concat), max(g.reduce_concat) + 1))
    with open(out, 'wb') as f:
        pickle.dump(g, f, protocol=protocol)


if __name__ == '__main__':
    main()
