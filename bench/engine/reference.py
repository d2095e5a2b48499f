"""PyTorch side of bench/engine, driven by dist/bench/engine/run.js over stdin/stdout.

argv[1]: JSON {"threads": int, "n": int, "iters": int, "warmup": int}
Prints {"ready": ..., "torch": version, "threads": n}, then for every stdin line:
  "warm NAME"  runs NAME's warm-up, prints {"ok": true}
  "time NAME"  times one repetition of NAME, prints {"ms": float}
so that run.js alternates tsnas and PyTorch repetitions and a busy machine slows both alike.
The workloads mirror bench/engine/dispatch.ts and bench/engine/conv.ts statement for statement.
Run alone (`reference.py '{...}' --once add conv_block`) it prints the minimum of 5 repetitions per workload.
"""
import json
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except Exception as e:  # pragma: no cover
    print(f"cannot import torch: {e}", file=sys.stderr)
    sys.exit(77)

cfg = json.loads(sys.argv[1])
torch.set_num_threads(cfg['threads'])
torch.manual_seed(0)
N = cfg['n']


def timed(fn):
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


# ---- (a) per-op dispatch on small tensors
a = torch.randn(4)
b = torch.randn(4)
m = torch.randn(2, 8)


def loop_add():
    for _ in range(N):
        a.add(b)


def loop_mul():
    for _ in range(N):
        a.mul(b)


def loop_view():
    for _ in range(N):
        m.view([4, 4])


def loop_relu():
    for _ in range(N):
        a.relu()


# ---- (b) conv blocks, forward + backward, at the size DARTS trains
C, B, HW = 64, 32, 32


def block_params():
    return {
        'dw': (torch.randn(C, 1, 3, 3) * 0.1).requires_grad_(),
        'pw': (torch.randn(C, C, 1, 1) * 0.1).requires_grad_(),
        'w': torch.ones(C).requires_grad_(),
        'b': torch.zeros(C).requires_grad_(),
        'rm': torch.zeros(C),
        'rv': torch.ones(C),
    }


def block(x, p):
    y = torch.relu(x)
    y = torch.conv2d(y, p['dw'], None, [1, 1], [1, 1], [1, 1], C)
    y = torch.conv2d(y, p['pw'])
    return torch.batch_norm(y, p['w'], p['b'], p['rm'], p['rv'], True, 0.1, 1e-5, True)


x = torch.randn(B, C, HW, HW).requires_grad_()
p1, p2 = block_params(), block_params()
params = [t for p in (p1, p2) for t in p.values() if t.requires_grad] + [x]


def step(blocks):
    y = x
    for p in blocks:
        y = block(y, p)
    y.sum().backward()
    for t in params:
        t.grad = None


def conv_block():
    for _ in range(cfg['iters']):
        step([p1])


def sep_conv():
    for _ in range(cfg['iters']):
        step([p1, p2])


WORKLOADS = {'add': loop_add, 'mul': loop_mul, 'view': loop_view, 'relu': loop_relu,
             'conv_block': conv_block, 'sep_conv': sep_conv}


def warm(name):
    if name in ('conv_block', 'sep_conv'):
        for _ in range(cfg['warmup']):
            step([p1] if name == 'conv_block' else [p1, p2])
    else:
        WORKLOADS[name]()


if '--once' in sys.argv:
    out = {}
    for name in sys.argv[sys.argv.index('--once') + 1:]:
        warm(name)
        out[name] = min(timed(WORKLOADS[name]) for _ in range(5))
    print(json.dumps(out))
    sys.exit(0)

print(json.dumps({'ready': True, 'torch': torch.__version__, 'threads': torch.get_num_threads()}), flush=True)
for line in sys.stdin:
    cmd, _, name = line.strip().partition(' ')
    if cmd == 'warm':
        warm(name)
        print(json.dumps({'ok': True}), flush=True)
    elif cmd == 'time':
        print(json.dumps({'ms': timed(WORKLOADS[name])}), flush=True)
    elif cmd == 'quit':
        break
