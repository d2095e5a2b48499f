"""What PyTorch's autograd keeps for each candidate op's backward, in the units of tsnas' search memory estimate
(src/nas/ops/op-spec.ts ActivationUnits): elements of the saved tensors, int64 counted twice (float32 units), divided
by the op's output size, leaving out the input x, relu(x) (reported as `relu`) and the parameters.

The DARTS ops are darts_model.py's (spec darts-fairdarts-noisydarts §1.2); the D-DARTS ones are written here from spec
ddarts-dartopti §2.2 with 3×3-padding-1 for the k×k conv of the bottleneck (tsnas pads (k - 1) / 2, the same for k = 3).
Pools are followed by a non-affine BN as in a search edge (spec §1.3). The reference's ReLUs are not in place.

Used by test/perf/memory-estimate.test.ts. Command: `op_memory.py units` with {"C", "size", "ops": [...], "strides"}
on stdin; prints {"<op> <stride>": {"out": units, "relu": bool}}. Exits with status 77 without torch.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from darts_model import OPS, ReLUConvBN  # noqa: E402 (exits 77 without torch)

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402


def rect_conv(C, stride, affine):
    return nn.Sequential(
        nn.ReLU(inplace=False),
        nn.Conv2d(C, C, (1, 3), stride=(1, stride), padding=(0, 1), bias=False),
        nn.Conv2d(C, C, (3, 1), stride=(stride, 1), padding=(1, 0), bias=False),
        nn.BatchNorm2d(C, affine=affine))


def res_conv(C, kernel, stride, affine):
    return nn.Sequential(
        nn.ReLU(inplace=False),
        nn.Conv2d(C, C, 1, bias=False),
        nn.BatchNorm2d(C, affine=affine),
        nn.Conv2d(C, C, kernel, stride=stride, padding=(kernel - 1) // 2, bias=False),
        nn.BatchNorm2d(C, affine=affine),
        nn.Conv2d(C, 4 * C, 1, bias=False),
        nn.BatchNorm2d(4 * C, affine=affine),
        nn.ReLU(inplace=False),
        nn.Conv2d(4 * C, C, 1, bias=False),
        nn.BatchNorm2d(C, affine=affine))


ALL_OPS = dict(OPS)
ALL_OPS.update({
    'conv_3x1_1x3': rect_conv,
    'simple_conv_1x1': lambda C, stride, affine: ReLUConvBN(C, C, 1, stride, 0, affine),
    'simple_conv_3x3': lambda C, stride, affine: ReLUConvBN(C, C, 3, stride, 1, affine),
    'simple_conv_5x5': lambda C, stride, affine: ReLUConvBN(C, C, 5, stride, 2, affine),
    'bottleneck_1x3x1': lambda C, stride, affine: res_conv(C, 3, stride, affine),
    'bottleneck_1x5x1': lambda C, stride, affine: res_conv(C, 5, stride, affine),
})


def search_op(name, C, stride):
    op = ALL_OPS[name](C, stride, False)
    if 'pool' in name:
        op = nn.Sequential(op, nn.BatchNorm2d(C, affine=False))
    return op


def first_relu(op):
    """The ReLU the op applies to its input first, if any."""
    for m in op.modules():
        if isinstance(m, nn.ReLU):
            return m
        if isinstance(m, (nn.Conv2d, nn.BatchNorm2d, nn.MaxPool2d, nn.AvgPool2d)):
            return None
    return None


def storage_of(t):
    return t.storage().data_ptr()


def units(name, C, stride, size):
    op = search_op(name, C, stride)
    x = torch.randn(2, C, size, size, requires_grad=True)
    skip = {storage_of(p) for p in op.parameters()} | {storage_of(x)}
    relu_storage = []
    relu = first_relu(op)
    if relu is not None:
        relu.register_forward_hook(lambda m, i, o: relu_storage.append(storage_of(o)) if not relu_storage else None)
    saved = []
    with torch.autograd.graph.saved_tensors_hooks(lambda t: saved.append(t) or t, lambda t: t):
        y = op(x)
    seen, elements, reads_relu = set(), 0, False
    for t in saved:
        if t.dim() < 4:  # BN statistics, scalars
            continue
        s = storage_of(t)
        if s in skip or s in seen:
            continue
        if relu_storage and s == relu_storage[0]:
            reads_relu = True
            continue
        seen.add(s)
        elements += t.numel() * (2 if t.dtype == torch.int64 else 1)
    return {"out": elements / y.numel(), "relu": reads_relu}


if __name__ == "__main__":
    request = json.loads(sys.stdin.read())
    assert sys.argv[1] == "units"
    torch.manual_seed(0)
    print(json.dumps({f"{name} {s}": units(name, request["C"], s, request["size"])
                      for name in request["ops"] for s in request["strides"]}))
