"""Reference side of test/engine/io-*.test.ts: checkpoints written and read by PyTorch itself.

Usage (every command prints one JSON object on stdout):
  io_reference.py gen DIR                  write the Python-side files into DIR, print their tensors' exact bytes
  io_reference.py check-sd TS_FILE REF     torch.load both, compare, load into Net(strict=True)
  io_reference.py check-ckpt TS_FILE REF   compare two checkpoint trees, load the optimizer state
  io_reference.py check-dtypes TS_FILE     compare with make_dtypes()
  io_reference.py check-shared TS_FILE     storage sharing between a, b = a[1:3], c = a.t()
  io_reference.py st-check FILE            read a safetensors file with a stdlib-only reader, compare with make_dtypes()
  io_reference.py pickles                  one tree pickled with protocols 0-5 (base64), and its description

Exits with status 77 when torch cannot be imported. Tensor bytes print as base64 of the contiguous,
little-endian elements, so the TypeScript side compares bit for bit.
"""
import base64
import collections
import ctypes
import json
import os
import pickle
import struct
import sys

try:
    import torch
    import torch.nn as nn
except Exception as e:  # pragma: no cover - environment without torch
    print(f"cannot import torch: {e}", file=sys.stderr)
    sys.exit(77)

torch.set_num_threads(1)

DTYPES = {
    'float32': (torch.float32, 'F32'), 'float64': (torch.float64, 'F64'), 'float16': (torch.float16, 'F16'),
    'bfloat16': (torch.bfloat16, 'BF16'), 'int64': (torch.int64, 'I64'), 'int32': (torch.int32, 'I32'),
    'int16': (torch.int16, 'I16'), 'int8': (torch.int8, 'I8'), 'uint8': (torch.uint8, 'U8'), 'bool': (torch.bool, 'BOOL'),
}
NAME_OF = {v[0]: k for k, v in DTYPES.items()}


class Net(nn.Module):
    """A small conv net with every kind of state a DARTS cell has: convs, depthwise conv, BN (affine and not)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.dw = nn.Conv2d(8, 8, 3, padding=1, groups=8, bias=False)
        self.pw = nn.Conv2d(8, 16, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(16, affine=False)
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = self.bn2(self.pw(self.dw(x)))
        return self.fc(x.mean((2, 3)))


def trained():
    """Net and SGD after two steps: running stats, num_batches_tracked and momentum buffers are all non-trivial."""
    torch.manual_seed(0)
    net = Net()
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=3e-4)
    for _ in range(2):
        x = torch.randn(4, 3, 8, 8)
        y = torch.randint(0, 10, (4,))
        opt.zero_grad()
        nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
    return net, opt


def values(n):
    """Small integers in [-5, 5]: exact in every dtype (uint8 takes abs, bool takes > 0)."""
    return torch.tensor([((i * 7) % 11) - 5 for i in range(n)], dtype=torch.float64)


def make_dtypes():
    out = collections.OrderedDict()
    for name, (dt, _) in DTYPES.items():
        v = values(24)
        if dt == torch.uint8:
            v = v.abs()
        if dt == torch.bool:
            v = v > 0
        out[name] = v.to(dt).reshape(2, 3, 4)
    out['scalar'] = torch.tensor(2.5, dtype=torch.float64)
    out['empty'] = torch.zeros(0, 3)
    return out


def raw(t):
    t = t.detach().contiguous()
    n = t.numel() * t.element_size()
    return ctypes.string_at(t.data_ptr(), n) if n else b''


def describe(t):
    return {'dtype': NAME_OF[t.dtype], 'shape': list(t.shape), 'stride': list(t.stride()),
            'offset': t.storage_offset(), 'b64': base64.b64encode(raw(t)).decode('ascii')}


def describe_tree(v):
    if torch.is_tensor(v):
        return {'$tensor': describe(v)}
    if isinstance(v, dict):
        return {'$dict': [[describe_tree(k), describe_tree(x)] for k, x in v.items()]}
    if isinstance(v, (list, tuple)):
        return [describe_tree(x) for x in v]
    if isinstance(v, bytes):
        return {'$bytes': base64.b64encode(v).decode('ascii')}
    if isinstance(v, (set, frozenset)):
        return {'$set': sorted(describe_tree(x) for x in v)}
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 2 ** 53:
        return {'$bigint': str(v)}
    return v


def save_legacy03(sd, path):
    """The legacy format as PyTorch 0.3.1 wrote it (the published DARTS checkpoints): tensors pickled with
    torch._utils._rebuild_tensor(storage, offset, size, stride), storages saved from the GPU (torch.cuda.*Storage,
    location 'cuda:0'), a 6-field persistent id with view metadata, and an OrderedDict without _metadata.
    fc.weight and fc.bias share one root storage, fc.bias through a storage view, as 0.3 could produce."""

    class Storage:
        def __init__(self, key, dtype, numel, view=None):
            self.key, self.dtype, self.numel, self.view = key, dtype, numel, view

    class Tensor03:
        def __init__(self, storage, offset, t):
            self.storage, self.offset, self.t = storage, offset, t

        def __reduce__(self):
            return (torch._utils._rebuild_tensor, (self.storage, self.offset, tuple(self.t.shape), self.t.stride()))

    data = collections.OrderedDict()
    objs = collections.OrderedDict()
    key_ids = iter(range(1000))
    root_of = {}
    for k, t in sd.items():
        if k == 'fc.bias':
            continue
        key = str(94000000 + next(key_ids) * 64)
        if k == 'fc.weight':
            both = torch.cat([t.reshape(-1), sd['fc.bias']])
            data[key] = both
            root = Storage(key, t.dtype, both.numel())
            objs[k] = Tensor03(root, 0, t)
            view = Storage(key, t.dtype, both.numel(), (str(95000000), t.numel(), sd['fc.bias'].numel()))
            root_of['fc.bias'] = Tensor03(view, 0, sd['fc.bias'])
            continue
        data[key] = t.reshape(-1)
        objs[k] = Tensor03(Storage(key, t.dtype, t.numel()), 0, t)
    state = collections.OrderedDict((k, objs[k] if k in objs else root_of[k]) for k in sd.keys())

    storage_class = {torch.float32: torch.cuda.FloatStorage, torch.int64: torch.cuda.LongStorage}

    def persistent_id(obj):
        if isinstance(obj, Storage):
            return ('storage', storage_class[obj.dtype], obj.key, 'cuda:0', obj.numel, obj.view)
        return None

    with open(path, 'wb') as f:
        pickle.dump(0x1950a86a20f9469cfc6c, f, protocol=2)
        pickle.dump(1001, f, protocol=2)
        pickle.dump({'protocol_version': 1001, 'little_endian': True,
                     'type_sizes': {'short': 2, 'int': 4, 'long': 4}}, f, protocol=2)
        p = pickle.Pickler(f, protocol=2)
        p.persistent_id = persistent_id
        p.dump(state)
        keys = sorted(data.keys())
        pickle.dump(keys, f, protocol=2)
        for k in keys:
            f.write(struct.pack('<q', data[k].numel()))
            f.write(raw(data[k]))


def st_write(path, tensors, metadata):
    """safetensors written with the standard library only (the format, not the pip package)."""
    header = {'__metadata__': metadata} if metadata else {}
    blobs, offset = [], 0
    for name, t in tensors.items():
        b = raw(t)
        header[name] = {'dtype': DTYPES[NAME_OF[t.dtype]][1], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(',', ':')).encode('utf-8')
    h += b' ' * ((8 - len(h) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def st_read(path):
    """A stdlib-only safetensors reader that checks what the reference library checks."""
    with open(path, 'rb') as f:
        buf = f.read()
    (n,) = struct.unpack('<Q', buf[:8])
    assert n <= 100_000_000, 'header too large'
    assert 8 + n <= len(buf), 'truncated'
    header = json.loads(buf[8:8 + n].decode('utf-8'))
    aligned = (8 + n) % 8 == 0
    metadata = header.pop('__metadata__', {})
    data = buf[8 + n:]
    out = {}
    cursor = 0
    for name, e in sorted(header.items(), key=lambda kv: kv[1]['data_offsets'][0]):
        a, b = e['data_offsets']
        assert a == cursor, f'{name}: gap or overlap at {a} (expected {cursor})'
        cursor = b
        dt = next(v[0] for v in DTYPES.values() if v[1] == e['dtype'])
        numel = 1
        for d in e['shape']:
            numel *= d
        assert b - a == numel * torch.tensor([], dtype=dt).element_size(), f'{name}: byte size'
        out[name] = (dt, e['shape'], data[a:b])
    assert cursor == len(data), 'trailing bytes'
    return out, metadata, aligned


def same(a, b):
    return (a.dtype == b.dtype and list(a.shape) == list(b.shape) and raw(a) == raw(b))


def compare_tree(a, b, path='root'):
    """Differences between two loaded checkpoint trees (tensors bit-exact, containers structurally)."""
    if torch.is_tensor(a) or torch.is_tensor(b):
        if not (torch.is_tensor(a) and torch.is_tensor(b) and same(a, b)):
            return [f'{path}: tensors differ']
        return []
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a.keys()) != list(b.keys()):
            return [f'{path}: keys {list(a.keys())} != {list(b.keys())}']
        return [d for k in a for d in compare_tree(a[k], b[k], f'{path}[{k!r}]')]
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if len(a) != len(b):
            return [f'{path}: lengths differ']
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in compare_tree(x, y, f'{path}[{i}]')]
    if a != b or type(a) != type(b):
        return [f'{path}: {a!r} ({type(a).__name__}) != {b!r} ({type(b).__name__})']
    return []


def main():
    cmd = sys.argv[1]
    if cmd == 'gen':
        d = sys.argv[2]
        net, opt = trained()
        sd = net.state_dict()
        torch.save(sd, os.path.join(d, 'conv_zip.pt'))
        torch.save(sd, os.path.join(d, 'conv_legacy.pt'), _use_new_zipfile_serialization=False)
        sd03 = collections.OrderedDict((k, v) for k, v in sd.items() if not k.endswith('num_batches_tracked'))
        save_legacy03(sd03, os.path.join(d, 'conv_legacy03.pt'))
        back = torch.load(os.path.join(d, 'conv_legacy03.pt'), map_location='cpu')
        assert list(back.keys()) == list(sd03.keys()) and all(same(back[k], sd03[k]) for k in sd03), '0.3 emulation'
        ckpt = {'epoch': 7, 'best_acc': 97.25, 'arch': 'DARTS_V2', 'state_dict': sd, 'optimizer': opt.state_dict(),
                'args': {'lr': 0.025, 'layers': 20, 'auxiliary': True}, 'pair': (1, 2.5, 'x'), 'blob': b'\x00\xffab',
                'nothing': None, 'big': 2 ** 70, 'neg': -5, 'tags': {1, 2}, 'genotype_float': 1.0}
        torch.save(ckpt, os.path.join(d, 'ckpt.pth.tar'))
        dp = collections.OrderedDict(('module.' + k, v) for k, v in sd.items())
        torch.save({'epoch': 1, 'state_dict': dp}, os.path.join(d, 'dp.pt'))
        dts = make_dtypes()
        torch.save(dts, os.path.join(d, 'dtypes_zip.pt'))
        torch.save(dts, os.path.join(d, 'dtypes_legacy.pt'), _use_new_zipfile_serialization=False)
        x = torch.arange(12, dtype=torch.float32).reshape(3, 4)
        torch.save({'a': x, 'b': x[1:3], 'c': x.t()}, os.path.join(d, 'shared.pt'))
        st_write(os.path.join(d, 'py.safetensors'), dts, {'format': 'pt', 'source': 'io_reference.py'})
        print(json.dumps({'state_dict': {k: describe(v) for k, v in sd.items()},
                          'state_dict03': {k: describe(v) for k, v in sd03.items()},
                          'checkpoint': describe_tree(ckpt),
                          'dtypes': {k: describe(v) for k, v in dts.items()},
                          'torch': torch.__version__}))
    elif cmd == 'check-sd':
        ours = torch.load(sys.argv[2])
        ref = torch.load(sys.argv[3])
        diffs = compare_tree(dict(ours), dict(ref))
        net = Net()
        res = net.load_state_dict(ours, strict=True)
        print(json.dumps({'diffs': diffs, 'type': type(ours).__name__, 'missing': list(res.missing_keys),
                          'unexpected': list(res.unexpected_keys),
                          'metadata': getattr(ours, '_metadata', None) is not None}))
    elif cmd == 'check-ckpt':
        ours = torch.load(sys.argv[2])
        ref = torch.load(sys.argv[3])
        diffs = compare_tree(ours, ref)
        net, opt = trained()
        net.load_state_dict(ours['state_dict'])
        opt.load_state_dict(ours['optimizer'])
        print(json.dumps({'diffs': diffs, 'keys': list(ours.keys())}))
    elif cmd == 'check-dtypes':
        ours = torch.load(sys.argv[2])
        ref = make_dtypes()
        diffs = [k for k in ref if k not in ours or not same(ours[k], ref[k])]
        print(json.dumps({'diffs': diffs, 'keys': list(ours.keys())}))
    elif cmd == 'check-shared':
        ours = torch.load(sys.argv[2])
        a, b, c = ours['a'], ours['b'], ours['c']
        print(json.dumps({
            'shared_ab': a.storage().data_ptr() == b.storage().data_ptr(),
            'shared_ac': a.storage().data_ptr() == c.storage().data_ptr(),
            'b': {'offset': b.storage_offset(), 'stride': list(b.stride()), 'values': b.tolist()},
            'c': {'stride': list(c.stride()), 'values': c.tolist()},
        }))
    elif cmd == 'st-check':
        tensors, metadata, aligned = st_read(sys.argv[2])
        ref = make_dtypes()
        diffs = []
        for k, t in ref.items():
            if k not in tensors:
                diffs.append(f'{k}: missing')
                continue
            dt, shape, b = tensors[k]
            if dt != t.dtype or shape != list(t.shape) or b != raw(t):
                diffs.append(f'{k}: differs')
        print(json.dumps({'diffs': diffs, 'metadata': metadata, 'aligned': aligned, 'names': sorted(tensors.keys())}))
    elif cmd == 'pickles':
        tree = {'ints': [0, 1, 255, 256, 65535, 65536, -1, -(2 ** 31), 2 ** 31, 2 ** 53 - 1, -(2 ** 40)],
                'big': 2 ** 70, 'negbig': -(2 ** 64) - 5, 'floats': [0.5, -1.25e-300, 1e300, 3.0],
                'text': ['', 'plain', 'ünïcödé \\ back\nslash', 'astral \U0001F600'], 'bytes': b'ab\x00\xff',
                'empty_bytes': b'', 'none': None, 'bools': [True, False], 'tuple': (1, (2, 3), ()),
                'nested': {'k': {1: 'one', 2: [{'deep': True}]}},
                'od': collections.OrderedDict([('z', 1), ('a', 2)]), 'set': {3, 1, 2}, 'frozen': frozenset({4}),
                'shared': None}
        shared = ['same']
        tree['shared'] = [shared, shared]
        out = {'tree': describe_tree(tree), 'pickles': {}}
        for proto in range(0, 6):
            out['pickles'][str(proto)] = base64.b64encode(pickle.dumps(tree, protocol=proto)).decode('ascii')
        try:
            import numpy as np
            out['numpy'] = base64.b64encode(pickle.dumps({'acc': np.float64(97.5), 'n': np.int64(-7),
                                                          'f32': np.float32(0.25), 'ok': np.bool_(True)},
                                                         protocol=2)).decode('ascii')
        except ImportError:
            pass
        print(json.dumps(out))
    else:
        raise SystemExit(f'unknown command {cmd}')


if __name__ == '__main__':
    main()
