"""Forward values of the DARTS building-block ops from PyTorch, for test/engine/gradcheck-reference.test.ts.

Prints {"cases": [{name, op, args, inputs: {name: {shape, dtype, data}}, outputs: {name: {shape, data}}}]}.
Inputs are generated here (seeded) and printed with repr precision, so the TypeScript side replays exactly the
same numbers. Exits with status 77 when torch cannot be imported.
"""
import json
import sys

try:
    import torch
    import torch.nn.functional as F
except Exception as e:  # pragma: no cover - environment without torch
    print(f"cannot import torch: {e}", file=sys.stderr)
    sys.exit(77)

torch.set_num_threads(1)
torch.manual_seed(0)


def enc(t):
    t = t.detach()
    return {'shape': list(t.shape), 'dtype': str(t.dtype).replace('torch.', ''), 'data': t.reshape(-1).tolist()}


cases = []


def case(name, op, args, inputs, outputs):
    cases.append({'name': name, 'op': op, 'args': args, 'inputs': {k: enc(v) for k, v in inputs.items()},
                  'outputs': {k: enc(v) for k, v in outputs.items()}})


def r(*shape, dtype=torch.float64):
    return torch.randn(*shape, dtype=dtype)


for dtype in (torch.float64, torch.float32):
    tag = str(dtype).replace('torch.', '')
    x, w, b = r(2, 3, 9, 9, dtype=dtype), r(4, 3, 3, 3, dtype=dtype), r(4, dtype=dtype)
    case(f'conv2d stride 2 pad 1 bias {tag}', 'conv2d', {'stride': 2, 'padding': 1, 'dilation': 1, 'groups': 1},
         {'x': x, 'w': w, 'b': b}, {'y': F.conv2d(x, w, b, stride=2, padding=1)})
    x, w = r(2, 4, 9, 9, dtype=dtype), r(4, 4, 3, 3, dtype=dtype)
    case(f'conv2d dilation 2 pad 2 {tag}', 'conv2d', {'stride': 1, 'padding': 2, 'dilation': 2, 'groups': 1},
         {'x': x, 'w': w}, {'y': F.conv2d(x, w, None, padding=2, dilation=2)})
    x, w = r(2, 6, 8, 8, dtype=dtype), r(6, 1, 5, 5, dtype=dtype)
    case(f'conv2d depthwise 5x5 stride 2 {tag}', 'conv2d', {'stride': 2, 'padding': 2, 'dilation': 1, 'groups': 6},
         {'x': x, 'w': w}, {'y': F.conv2d(x, w, None, stride=2, padding=2, groups=6)})
    x = r(2, 3, 9, 9, dtype=dtype)
    case(f'max_pool2d 3 s2 p1 {tag}', 'max_pool2d', {'kernel': 3, 'stride': 2, 'padding': 1}, {'x': x},
         {'y': F.max_pool2d(x, 3, 2, 1)})
    for cip in (False, True):
        case(f'avg_pool2d 3 s1 p1 count_include_pad={cip} {tag}', 'avg_pool2d',
             {'kernel': 3, 'stride': 1, 'padding': 1, 'count_include_pad': cip}, {'x': x},
             {'y': F.avg_pool2d(x, 3, 1, 1, count_include_pad=cip)})
    case(f'adaptive_avg_pool2d 9x9 -> 4x4 {tag}', 'adaptive_avg_pool2d', {'size': 4}, {'x': x},
         {'y': F.adaptive_avg_pool2d(x, 4)})
    x, w, b = r(4, 3, 5, 5, dtype=dtype), r(3, dtype=dtype), r(3, dtype=dtype)
    rm, rv = torch.zeros(3, dtype=dtype), torch.ones(3, dtype=dtype)
    y = F.batch_norm(x, rm, rv, w, b, training=True, momentum=0.1, eps=1e-5)
    case(f'batch_norm training {tag}', 'batch_norm', {'training': True, 'momentum': 0.1, 'eps': 1e-5},
         {'x': x, 'w': w, 'b': b, 'rm': torch.zeros(3, dtype=dtype), 'rv': torch.ones(3, dtype=dtype)},
         {'y': y, 'rm': rm, 'rv': rv})
    rm2, rv2 = r(3, dtype=dtype), r(3, dtype=dtype).abs() + 0.5
    y = F.batch_norm(x, rm2, rv2, w, b, training=False, eps=1e-5)
    case(f'batch_norm eval {tag}', 'batch_norm', {'training': False, 'momentum': 0.1, 'eps': 1e-5},
         {'x': x, 'w': w, 'b': b, 'rm': rm2, 'rv': rv2}, {'y': y, 'rm': rm2, 'rv': rv2})
    logits = r(6, 10, dtype=dtype)
    target = torch.tensor([3, 0, 9, 1, 1, 7])
    for ls in (0.0, 0.1):
        case(f'cross_entropy label_smoothing={ls} {tag}', 'cross_entropy', {'label_smoothing': ls},
             {'x': logits, 'target': target}, {'y': F.cross_entropy(logits, target, label_smoothing=ls)})
    case(f'log_softmax dim 1 {tag}', 'log_softmax', {'dim': 1}, {'x': logits}, {'y': F.log_softmax(logits, 1)})
    x, w, b = r(5, 7, dtype=dtype), r(3, 7, dtype=dtype), r(3, dtype=dtype)
    case(f'linear {tag}', 'linear', {}, {'x': x, 'w': w, 'b': b}, {'y': F.linear(x, w, b)})

print(json.dumps({'cases': cases, 'torch': torch.__version__}))
