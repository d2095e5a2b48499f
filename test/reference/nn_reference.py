"""Reference values for test/engine/nn.test.ts, from torch.nn.

Prints one JSON object on stdout. Exits with status 77 when torch cannot be imported (the test then skips).
"""
import json
import sys

try:
    import torch
    import torch.nn as nn
except Exception as e:  # pragma: no cover - environment without torch
    print(f"cannot import torch: {e}", file=sys.stderr)
    sys.exit(77)

torch.set_num_threads(1)


def tl(t):
    return t.detach().tolist()


class Net(nn.Module):
    """The nested architecture mirrored in nn.test.ts: Sequential, ModuleList, ModuleDict, own params/buffers."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU())
        self.cells = nn.ModuleList([
            nn.Sequential(nn.Conv2d(8, 8, 3, padding=1, groups=2), nn.BatchNorm2d(8, affine=False)),
            nn.Conv2d(8, 16, 1),
        ])
        self.heads = nn.ModuleDict({
            "cls": nn.Linear(16, 10),
            "aux": nn.Sequential(nn.ReLU(), nn.Linear(16, 4, bias=False)),
        })
        self.bn_plain = nn.BatchNorm2d(4, track_running_stats=False)
        self.alpha = nn.Parameter(torch.zeros(2, 3))
        self.register_buffer("steps", torch.zeros(1))
        self.register_buffer("scratch", torch.zeros(5), persistent=False)


net = Net()
sd = net.state_dict()
architecture = {
    "keys": list(sd.keys()),
    "shapes": [list(v.shape) for v in sd.values()],
    "dtypes": [str(v.dtype).replace("torch.", "") for v in sd.values()],
    "parameters": [n for n, _ in net.named_parameters()],
    "buffers": [n for n, _ in net.named_buffers()],
    "modules": [n for n, _ in net.named_modules()],
    "num_parameters": sum(p.numel() for p in net.parameters()),
    "num_trainable_in_heads": sum(p.numel() for n, p in net.named_parameters() if n.startswith("heads.")),
}


# --- BatchNorm2d: train / eval semantics and running statistics ---------------------------------------------
def bn_case(**kw):
    g = torch.Generator().manual_seed(42)
    bn = nn.BatchNorm2d(3, **kw).double()
    if bn.affine:
        with torch.no_grad():
            bn.weight.copy_(torch.tensor([1.5, -0.5, 2.0]))
            bn.bias.copy_(torch.tensor([0.1, 0.2, -0.3]))
    xs = [torch.randn(4, 3, 5, 5, generator=g, dtype=torch.float64) * (i + 1) + i for i in range(3)]
    out = {"kw": {k: v for k, v in kw.items()}, "xs": [tl(x) for x in xs], "train": [], "stats": []}
    bn.train()
    for x in xs[:2]:
        out["train"].append(tl(bn(x)))
        out["stats"].append({k: tl(v) for k, v in bn.state_dict().items()})
    bn.eval()
    out["eval"] = tl(bn(xs[2]))
    out["eval_stats"] = {k: tl(v) for k, v in bn.state_dict().items()}
    return out


batchnorm = {
    "default": bn_case(),
    "affine_false": bn_case(affine=False),
    "no_running_stats": bn_case(track_running_stats=False),
    "cumulative": bn_case(momentum=None),
    "custom": bn_case(momentum=0.3, eps=1e-3),
}

# --- load_state_dict messages (for documentation of the PyTorch wording; tsnas checks the same facts) -----------
errors = {}
small = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm2d(3))
bad = dict(small.state_dict())
bad.pop("0.bias")
bad["extra.weight"] = torch.zeros(1)
bad["0.weight"] = torch.zeros(4, 2)
try:
    small.load_state_dict(bad)
except RuntimeError as e:
    errors["strict"] = str(e)
res = small.load_state_dict({k: v for k, v in small.state_dict().items() if k != "1.running_mean"} | {"x": torch.zeros(1)},
                            strict=False)
errors["non_strict"] = {"missing": res.missing_keys, "unexpected": res.unexpected_keys}

json.dump({"torch": torch.__version__, "architecture": architecture, "batchnorm": batchnorm, "errors": errors},
          sys.stdout, allow_nan=False)
