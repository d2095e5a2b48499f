"""Reference side of test/io/pickle.test.ts: pickles Python itself writes, for the one pickle reader's two uses.

Usage: pickle_reference.py DIR   writes into DIR, for protocols 2, 4 and 5:
  cifar100_pP.pkl  a dict as CIFAR-100's python version holds one batch ('filenames', 'batch_label', 'fine_labels',
                   'coarse_labels', 'data': uint8 array (N, 3072)); cifar100_bytes_keys.pkl is protocol 2 with bytes
                   keys (as pickle.load(f, encoding='bytes') returns CIFAR's keys, dumped again);
  torch_pP.pt      torch.save(checkpoint, pickle_protocol=P): a state_dict (OrderedDict with _metadata) and numpy
                   scalars next to plain values;
and prints one JSON object describing what they hold (tensor and array bytes as base64).
Exits with status 77 when torch or numpy cannot be imported.
"""
import base64
import collections
import json
import os
import pickle
import sys

try:
    import numpy as np
    import torch
    import torch.nn as nn
except Exception as e:  # pragma: no cover - environment without torch
    print(f"cannot import torch / numpy: {e}", file=sys.stderr)
    sys.exit(77)

PROTOCOLS = (2, 4, 5)


def b64(b):
    return base64.b64encode(bytes(b)).decode('ascii')


def main():
    out = sys.argv[1]
    # enough images for protocol 2's latin1 payload to be a long str; every byte value, so that it holds characters
    # above 0x7f
    n = 30
    data = (np.arange(n * 3072, dtype=np.int64) * 7 % 256).astype(np.uint8).reshape(n, 3072)
    batch = {'filenames': [f'img_{i}_é.png' for i in range(n)], 'batch_label': 'training batch 1 of 1',
             'fine_labels': [i * 37 % 100 for i in range(n)], 'coarse_labels': [i * 7 % 20 for i in range(n)],
             'data': data}
    for p in PROTOCOLS:
        with open(os.path.join(out, f'cifar100_p{p}.pkl'), 'wb') as f:
            pickle.dump(batch, f, protocol=p)
    with open(os.path.join(out, 'cifar100_bytes_keys.pkl'), 'wb') as f:
        pickle.dump({k.encode('ascii'): v for k, v in batch.items()}, f, protocol=2)

    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(3, 2, 1), nn.BatchNorm2d(2))
    model(torch.randn(4, 3, 2, 2))  # running statistics and num_batches_tracked move off their initial values
    sd = model.state_dict()
    ckpt = {'state_dict': sd, 'epoch': 3, 'best_acc': np.float64(97.5), 'acc32': np.float32(0.25),
            'steps': np.int64(-7), 'name': 'dårts', 'big': 2 ** 70}
    for p in PROTOCOLS:
        torch.save(ckpt, os.path.join(out, f'torch_p{p}.pt'), pickle_protocol=p)
    print(json.dumps({
        'protocols': PROTOCOLS,
        'cifar': {k: v for k, v in batch.items() if k != 'data'} | {'data': b64(data.tobytes()), 'shape': list(data.shape)},
        'torch': {
            'state_dict': {k: {'dtype': str(t.dtype).removeprefix('torch.'), 'shape': list(t.shape),
                               'b64': b64(t.contiguous().numpy().tobytes())} for k, t in sd.items()},
            'metadata': {k: v for k, v in sd._metadata.items()},
        },
    }))


if __name__ == '__main__':
    main()
