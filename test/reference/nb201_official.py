"""Writes small NAS-Bench-201 / NATS-Bench (topology) benchmark files in the official layouts, for
test/nas/nb201-official.test.ts.

Usage: nb201_official.py OUTDIR
  Prints one JSON object: {"archs": [...], "evaluated": [...], "expected": {FORMAT: {INDEX: {HP: {DATASET: metrics}}}}}
  where metrics are what the official get_more_info(index, dataset, hp=HP, is_random=False) and
  get_cost_info(index, dataset, hp=HP) give (seed means of the last epoch), worked out here from the numbers written.
Exits with status 77 when torch cannot be imported.

The layouts follow D-X-Y/NAS-Bench-201 nas_201_api (api_201.py, api_utils.py) and D-X-Y/NATS-Bench nats_bench
(api_topology.py, api_utils.py), checked against the real per-architecture files of NATS-Bench's fake_torch_dir:
  - NAS-Bench-201-v1_0 / v1_1 .pth: torch.save (PyTorch 1.4: the legacy format) of
    {'meta_archs': [arch strings], 'arch2infos': {index: {'less': ArchResults.state_dict(), 'full': ...}},
     'evaluated_indexes': ..., 'total_archs': N}
  - NATS-Bench tss: pickle (protocol 4, bz2-compressed as .pickle.pbz2; here also uncompressed .pickle) of the same
    dict with arch2infos {index: {'12': state, '200': state}}; the '-simple' folder holds meta.pickle.pbz2 (meta_archs,
    total_archs, arch2infos None, evaluated_indexes set()) and one NNNNNN.pickle.pbz2 per architecture holding
    OrderedDict {'12': state, '200': state}.
  - ArchResults.state_dict(): {arch_index, arch_str, all_results {(dataset, seed): ResultsCount state}, dataset_seed
    {dataset: sorted seeds}, clear_net_done}; ResultsCount state: its __dict__ (name, net_state_dict, train_acc1es,
    train_acc5es, train_losses, train_times (OrderedDict), arch_config, params (numpy float64), flop, seed, epochs,
    latency ([numpy float64]), eval_names, eval_acc1es / eval_times / eval_losses keyed 'set@epoch').
The numbers are made up: multiples of 1/8 and 1/256, so that seed means are exact in any summation order.
"""
import bz2
import collections
import json
import os
import pickle
import sys

try:
    import numpy as np
    import torch
except Exception as e:  # pragma: no cover - environment without torch
    print(f"cannot import torch: {e}", file=sys.stderr)
    sys.exit(77)

ARCHS = [
    '|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|',
    '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|',
    '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|',
    '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|',
]
EVALUATED = [0, 1, 2]  # index 3 is listed in meta_archs but has no results
DATASETS = ['cifar10-valid', 'cifar10', 'cifar100', 'ImageNet16-120']
EVAL_SETS = {
    'cifar10-valid': ['x-valid', 'ori-test'],
    'cifar10': ['ori-test'],
    'cifar100': ['ori-test', 'x-valid', 'x-test'],
    'ImageNet16-120': ['ori-test', 'x-valid', 'x-test'],
}
SET_OFFSET = {'x-valid': -1.0, 'ori-test': 0.5, 'x-test': 0.75}
CLASSES = {'cifar10-valid': 10, 'cifar10': 10, 'cifar100': 100, 'ImageNet16-120': 120}


def seeds_of(version, hp, a, dataset):
    if hp == '12':
        # v1_0: 'LESS' only has cifar10-valid; v1_1 / NATS: every dataset once, cifar10-valid twice
        if version == 'v1_0' and dataset != 'cifar10-valid':
            return []
        return [111, 777] if dataset == 'cifar10-valid' else [111]
    return [[777, 888, 999], [777, 888], [999]][a]


def acc(a, di, si, e, extra=0.0):
    return 10.0 + 5 * a + 3 * di + si / 2 + 0.25 * e + extra


def loss(a, di, si, e):
    return 2.0 - e / 256 + a / 8 + si / 16 + di / 32


def results_count(version, hp, a, dataset, seed, si):
    di = DATASETS.index(dataset)
    epochs = 12 if hp == '12' else 200
    train_times = collections.OrderedDict((e, 7.5 + a / 4 + si / 8) for e in range(epochs))
    if version == 'v1_0':
        train_times = None  # v1_0 files carry no times (the API's reset_pseudo_train_times fills them in)
    eval_acc1es, eval_losses, eval_times = {}, {}, {}
    for name in EVAL_SETS[dataset]:
        for e in range(epochs):
            key = '{:}@{:}'.format(name, e)
            eval_acc1es[key] = acc(a, di, si, e, SET_OFFSET[name])
            eval_losses[key] = loss(a, di, si, e) + 0.125
            eval_times[key] = 1.25
    return {
        'name': dataset,
        'net_state_dict': None,
        'train_acc1es': {e: acc(a, di, si, e) for e in range(epochs)},
        'train_acc5es': None if hp == '200' else {e: acc(a, di, si, e, 20.0) for e in range(epochs)},
        'train_losses': {e: loss(a, di, si, e) for e in range(epochs)},
        'train_times': train_times,
        'arch_config': {'channel': 16, 'num_cells': 5, 'arch_str': ARCHS[a], 'class_num': CLASSES[dataset]},
        'params': np.float64(0.125 + a / 8 + di / 64),
        'flop': 15.5 + a * 4 + di / 4,
        'seed': '{:04d}'.format(seed),
        'epochs': epochs,
        'latency': [np.float64(0.0078125 * (a + 1))],
        'eval_names': list(EVAL_SETS[dataset]),
        'eval_acc1es': eval_acc1es,
        'eval_times': eval_times,
        'eval_losses': eval_losses,
    }


def arch_results(version, hp, a):
    all_results, dataset_seed = {}, {}
    for dataset in DATASETS:
        seeds = seeds_of(version, hp, a, dataset)
        if not seeds:
            continue
        dataset_seed[dataset] = sorted(seeds)
        for si, seed in enumerate(seeds):
            all_results[(dataset, seed)] = results_count(version, hp, a, dataset, seed, si)
    return {'arch_index': a, 'arch_str': ARCHS[a], 'all_results': all_results, 'dataset_seed': dataset_seed,
            'clear_net_done': True}


def expected(version, hp, a, dataset):
    """get_more_info(is_random=False) and get_cost_info, from the same formulas, not from the files."""
    seeds = seeds_of(version, hp, a, dataset)
    if not seeds:
        return None
    di = DATASETS.index(dataset)
    last = (12 if hp == '12' else 200) - 1
    order = sorted(range(len(seeds)), key=lambda i: seeds[i])  # dataset_seed is sorted
    mean = lambda f: float(np.mean([f(si) for si in order]))
    valid = 'x-valid' if 'x-valid' in EVAL_SETS[dataset] else None
    test = 'ori-test' if dataset in ('cifar10-valid', 'cifar10') else 'x-test'
    out = {
        'seeds': sorted(seeds),
        'epochs': last + 1,
        'trainAccuracy': mean(lambda si: acc(a, di, si, last)),
        'trainLoss': mean(lambda si: loss(a, di, si, last)),
        'testAccuracy': mean(lambda si: acc(a, di, si, last, SET_OFFSET[test])),
        'testLoss': mean(lambda si: loss(a, di, si, last) + 0.125),
        'params': float(np.mean([0.125 + a / 8 + di / 64 for _ in seeds])),
        'flops': float(np.mean([15.5 + a * 4 + di / 4 for _ in seeds])),
        'latency': 0.0078125 * (a + 1),
    }
    if valid:
        out['validAccuracy'] = mean(lambda si: acc(a, di, si, last, SET_OFFSET[valid]))
        out['validLoss'] = mean(lambda si: loss(a, di, si, last) + 0.125)
    if version != 'v1_0':
        out['trainTime'] = mean(lambda si: (7.5 + a / 4 + si / 8) * (last + 1))
    return out


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    exp = {}
    # NAS-Bench-201 v1_0 and v1_1: torch.save in the legacy format of PyTorch 1.4; v1_1 also in the zip format.
    for version in ('v1_0', 'v1_1'):
        arch2infos = {a: {'less': arch_results(version, '12', a), 'full': arch_results(version, '200', a)} for a in EVALUATED}
        data = {'meta_archs': list(ARCHS), 'arch2infos': arch2infos,
                'evaluated_indexes': list(EVALUATED) if version == 'v1_0' else set(EVALUATED)}
        if version == 'v1_1':
            data['total_archs'] = len(ARCHS)
        torch.save(data, os.path.join(outdir, 'NAS-Bench-201-{:}-mini.pth'.format(version)), _use_new_zipfile_serialization=False)
        if version == 'v1_1':
            torch.save(data, os.path.join(outdir, 'NAS-Bench-201-v1_1-mini-zip.pth'))
        exp[version] = {a: {hp: {d: expected(version, hp, a, d) for d in DATASETS} for hp in ('12', '200')} for a in EVALUATED}
    exp['nats'] = {a: {hp: {d: expected('nats', hp, a, d) for d in DATASETS} for hp in ('12', '200')} for a in EVALUATED}
    # NATS-Bench tss: one pickle of everything, and the '-simple' folder of per-architecture pickles.
    per_arch = {a: collections.OrderedDict([('12', arch_results('nats', '12', a)), ('200', arch_results('nats', '200', a))]) for a in EVALUATED}
    with open(os.path.join(outdir, 'NATS-tss-mini.pickle'), 'wb') as f:
        pickle.dump({'meta_archs': list(ARCHS), 'total_archs': len(ARCHS), 'arch2infos': per_arch,
                     'evaluated_indexes': set(EVALUATED)}, f, protocol=4)
    simple = os.path.join(outdir, 'NATS-tss-mini-simple')
    os.makedirs(simple, exist_ok=True)
    meta = {'meta_archs': list(ARCHS), 'total_archs': len(ARCHS), 'arch2infos': None, 'evaluated_indexes': set()}
    with open(os.path.join(simple, 'meta.pickle'), 'wb') as f:
        pickle.dump(meta, f, protocol=4)
    for a in EVALUATED:
        with open(os.path.join(simple, '{:06d}.pickle'.format(a)), 'wb') as f:
            pickle.dump(per_arch[a], f, protocol=4)
    # As NATS-Bench ships it: bz2-compressed (.pickle.pbz2).
    packed = os.path.join(outdir, 'NATS-tss-mini-simple-bz2')
    os.makedirs(packed, exist_ok=True)
    with bz2.BZ2File(os.path.join(packed, 'meta.pickle.pbz2'), 'wb') as f:
        pickle.dump(meta, f, protocol=4)
    with bz2.BZ2File(os.path.join(packed, '000000.pickle.pbz2'), 'wb') as f:
        pickle.dump(per_arch[0], f, protocol=4)
    print(json.dumps({'archs': ARCHS, 'evaluated': EVALUATED, 'expected': exp}))


if __name__ == '__main__':
    main(sys.argv[1])
