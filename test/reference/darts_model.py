"""PyTorch reference of the DARTS evaluation networks, written from the spec (darts-fairdarts-noisydarts.md §1, §7,
§9, §11.5) with the reference code's module and attribute names, so its state_dict keys are the published ones.

Used by test/nas/eval-networks.test.ts. Commands (one JSON object on stdin, one JSON object on stdout):

  keys   {"nets": [{"name", "genotype", "C", "layers", "classes", "family"}]}
         -> {"<name>": {"keys": [...], "shapes": [[...]], "trainable": n, "params": n, "params_excl_aux": n}}
  make   {"dir", "seed", "C", "layers", "classes", "batch", "size", "genotypes": [...], "nets"?: [...]}
         builds NetworkCIFAR(C, classes, layers, auxiliary=True, genotype) per genotype with random BN statistics,
         writes <dir>/input.pt, and per genotype <dir>/<name>.pt (state_dict, zip format),
         <dir>/<name>.legacy.pt (no num_batches_tracked, "module." prefix, legacy pre-1.6 format),
         <dir>/<name>.ckpt.pt ({"epoch", "state_dict", ...} as FairDARTS' train.py saves),
         <dir>/<name>.out.pt ({"eval": logits, "train": logits, "train_aux": logits_aux, "state_after_train": sd});
         prints {"torch": version, "keys": <the `keys` answer for "nets">}
  check  {"dir", "C", "layers", "classes", "genotypes": [...]}
         loads <dir>/<name>.ts.pt (written by tsnas) strictly and writes <dir>/<name>.ts-out.pt with the same
         outputs as `make` computes, for <dir>/input.pt.

The genotypes are the published ones, copied verbatim from the spec's appendix A (not from tsnas' zoo).
Exits with status 77 when torch cannot be imported (the test skips).
"""
import json
import os
import sys
from collections import OrderedDict, namedtuple

try:
    import torch
    import torch.nn as nn
except Exception as e:  # pragma: no cover - environment without torch
    print(f"cannot import torch: {e}", file=sys.stderr)
    sys.exit(77)

torch.set_num_threads(1)

Genotype = namedtuple("Genotype", "normal normal_concat reduce reduce_concat")

# --- spec appendix A.1 (quark0/darts cnn/genotypes.py) ------------------------------------------------------------
NASNet = Genotype(
    normal=[
        ('sep_conv_5x5', 1), ('sep_conv_3x3', 0), ('sep_conv_5x5', 0), ('sep_conv_3x3', 0), ('avg_pool_3x3', 1),
        ('skip_connect', 0), ('avg_pool_3x3', 0), ('avg_pool_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 1),
    ],
    normal_concat=[2, 3, 4, 5, 6],
    reduce=[
        ('sep_conv_5x5', 1), ('sep_conv_7x7', 0), ('max_pool_3x3', 1), ('sep_conv_7x7', 0), ('avg_pool_3x3', 1),
        ('sep_conv_5x5', 0), ('skip_connect', 3), ('avg_pool_3x3', 2), ('sep_conv_3x3', 2), ('max_pool_3x3', 1),
    ],
    reduce_concat=[4, 5, 6],
)
AmoebaNet = Genotype(
    normal=[
        ('avg_pool_3x3', 0), ('max_pool_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_5x5', 2), ('sep_conv_3x3', 0),
        ('avg_pool_3x3', 3), ('sep_conv_3x3', 1), ('skip_connect', 1), ('skip_connect', 0), ('avg_pool_3x3', 1),
    ],
    normal_concat=[4, 5, 6],
    reduce=[
        ('avg_pool_3x3', 0), ('sep_conv_3x3', 1), ('max_pool_3x3', 0), ('sep_conv_7x7', 2), ('sep_conv_7x7', 0),
        ('avg_pool_3x3', 1), ('max_pool_3x3', 0), ('max_pool_3x3', 1), ('conv_7x1_1x7', 0), ('sep_conv_3x3', 5),
    ],
    reduce_concat=[3, 4, 6],
)
DARTS_V1 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=[2, 3, 4, 5])
DARTS_V2 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])

# --- spec appendix A.2 (FairDARTS fairdarts/genotypes.py): (op, to, from) triples, evaluated with the DCO cell ------
FairDARTS_a = Genotype(normal=[('sep_conv_3x3', 2, 0), ('sep_conv_5x5', 2, 1), ('max_pool_3x3', 4, 0), ('sep_conv_3x3', 5, 0)], normal_concat=range(2, 6),
                       reduce=[('max_pool_3x3', 2, 0), ('avg_pool_3x3', 2, 1), ('avg_pool_3x3', 3, 0), ('dil_conv_5x5', 3, 1), ('avg_pool_3x3', 4, 0), ('sep_conv_5x5', 4, 1),
                               ('skip_connect', 5, 0), ('skip_connect', 5, 1)], reduce_concat=range(2, 6))
FairDARTS_c = Genotype(normal=[('max_pool_3x3', 2, 0), ('sep_conv_5x5', 2, 1), ('dil_conv_3x3', 4, 0), ('dil_conv_5x5', 4, 2), ('skip_connect', 5, 3), ('sep_conv_3x3', 5, 0)], normal_concat=range(2, 6),
                       reduce=[('dil_conv_3x3', 2, 1), ('dil_conv_5x5', 2, 0), ('dil_conv_3x3', 3, 0), ('sep_conv_3x3', 3, 1), ('sep_conv_5x5', 4, 0), ('sep_conv_5x5', 4, 3), ('sep_conv_5x5', 5, 0), ('skip_connect', 5, 1)], reduce_concat=range(2, 6))
DCO_EDGE_BS_64 = Genotype(normal=[('dil_conv_3x3', 2, 0), ('sep_conv_3x3', 2, 0), ('sep_conv_3x3', 2, 1), ('dil_conv_3x3', 2, 1), ('max_pool_3x3', 3, 0), ('sep_conv_5x5', 3, 0), ('dil_conv_3x3', 3, 1), ('max_pool_3x3', 4, 0), ('dil_conv_5x5', 5, 0)], normal_concat=range(2, 6),
                          reduce=[('sep_conv_5x5', 2, 0), ('skip_connect', 2, 0), ('dil_conv_5x5', 2, 1), ('skip_connect', 2, 1), ('skip_connect', 3, 0), ('max_pool_3x3', 3, 0), ('max_pool_3x3', 3, 1), ('sep_conv_3x3', 3, 1), ('skip_connect', 3, 2), ('sep_conv_5x5', 3, 2), ('max_pool_3x3', 4, 0), ('avg_pool_3x3', 4, 0), ('dil_conv_5x5', 4, 1), ('sep_conv_3x3', 4, 1), ('sep_conv_5x5', 4, 2), ('skip_connect', 4, 2), ('skip_connect', 4, 3), ('sep_conv_5x5', 4, 3), ('max_pool_3x3', 5, 0), ('avg_pool_3x3', 5, 0), ('dil_conv_5x5', 5, 1), ('dil_conv_3x3', 5, 1), ('skip_connect', 5, 2), ('sep_conv_5x5', 5, 2), ('sep_conv_5x5', 5, 3), ('dil_conv_5x5', 5, 3), ('dil_conv_3x3', 5, 4), ('skip_connect', 5, 4)], reduce_concat=range(2, 6))

GENOTYPES = {g: globals()[g] for g in ["NASNet", "AmoebaNet", "DARTS_V1", "DARTS_V2", "FairDARTS_a", "FairDARTS_c", "DCO_EDGE_BS_64"]}


def is_dco(genotype):
    return len(genotype.normal[0]) == 3


# --- §1.2 operations ---------------------------------------------------------------------------------------------
class ReLUConvBN(nn.Module):
    def __init__(self, C_in, C_out, kernel_size, stride, padding, affine=True):
        super().__init__()
        self.op = nn.Sequential(
            nn.ReLU(inplace=False),
            nn.Conv2d(C_in, C_out, kernel_size, stride=stride, padding=padding, bias=False),
            nn.BatchNorm2d(C_out, affine=affine))

    def forward(self, x):
        return self.op(x)


class DilConv(nn.Module):
    def __init__(self, C_in, C_out, kernel_size, stride, padding, dilation, affine=True):
        super().__init__()
        self.op = nn.Sequential(
            nn.ReLU(inplace=False),
            nn.Conv2d(C_in, C_in, kernel_size, stride=stride, padding=padding, dilation=dilation, groups=C_in, bias=False),
            nn.Conv2d(C_in, C_out, kernel_size=1, padding=0, bias=False),
            nn.BatchNorm2d(C_out, affine=affine))

    def forward(self, x):
        return self.op(x)


class SepConv(nn.Module):
    def __init__(self, C_in, C_out, kernel_size, stride, padding, affine=True):
        super().__init__()
        self.op = nn.Sequential(
            nn.ReLU(inplace=False),
            nn.Conv2d(C_in, C_in, kernel_size, stride=stride, padding=padding, groups=C_in, bias=False),
            nn.Conv2d(C_in, C_in, kernel_size=1, padding=0, bias=False),
            nn.BatchNorm2d(C_in, affine=affine),
            nn.ReLU(inplace=False),
            nn.Conv2d(C_in, C_in, kernel_size, stride=1, padding=padding, groups=C_in, bias=False),
            nn.Conv2d(C_in, C_out, kernel_size=1, padding=0, bias=False),
            nn.BatchNorm2d(C_out, affine=affine))

    def forward(self, x):
        return self.op(x)


class Identity(nn.Module):
    def forward(self, x):
        return x


class Zero(nn.Module):
    def __init__(self, stride):
        super().__init__()
        self.stride = stride

    def forward(self, x):
        if self.stride == 1:
            return x.mul(0.)
        return x[:, :, ::self.stride, ::self.stride].mul(0.)


class FactorizedReduce(nn.Module):
    def __init__(self, C_in, C_out, affine=True):
        super().__init__()
        assert C_out % 2 == 0
        self.relu = nn.ReLU(inplace=False)
        self.conv_1 = nn.Conv2d(C_in, C_out // 2, 1, stride=2, padding=0, bias=False)
        self.conv_2 = nn.Conv2d(C_in, C_out // 2, 1, stride=2, padding=0, bias=False)
        self.bn = nn.BatchNorm2d(C_out, affine=affine)

    def forward(self, x):
        x = self.relu(x)
        out = torch.cat([self.conv_1(x), self.conv_2(x[:, :, 1:, 1:])], dim=1)
        return self.bn(out)


OPS = {
    'none': lambda C, stride, affine: Zero(stride),
    'avg_pool_3x3': lambda C, stride, affine: nn.AvgPool2d(3, stride=stride, padding=1, count_include_pad=False),
    'max_pool_3x3': lambda C, stride, affine: nn.MaxPool2d(3, stride=stride, padding=1),
    'skip_connect': lambda C, stride, affine: Identity() if stride == 1 else FactorizedReduce(C, C, affine=affine),
    'sep_conv_3x3': lambda C, stride, affine: SepConv(C, C, 3, stride, 1, affine=affine),
    'sep_conv_5x5': lambda C, stride, affine: SepConv(C, C, 5, stride, 2, affine=affine),
    'sep_conv_7x7': lambda C, stride, affine: SepConv(C, C, 7, stride, 3, affine=affine),
    'dil_conv_3x3': lambda C, stride, affine: DilConv(C, C, 3, stride, 2, 2, affine=affine),
    'dil_conv_5x5': lambda C, stride, affine: DilConv(C, C, 5, stride, 4, 2, affine=affine),
    'conv_7x1_1x7': lambda C, stride, affine: nn.Sequential(
        nn.ReLU(inplace=False),
        nn.Conv2d(C, C, (1, 7), stride=(1, stride), padding=(0, 3), bias=False),
        nn.Conv2d(C, C, (7, 1), stride=(stride, 1), padding=(3, 0), bias=False),
        nn.BatchNorm2d(C, affine=affine)),
}


def drop_path(x, drop_prob):
    if drop_prob > 0.:
        keep_prob = 1. - drop_prob
        mask = torch.bernoulli(torch.full((x.size(0), 1, 1, 1), keep_prob, dtype=x.dtype))
        x = x.div(keep_prob).mul(mask)
    return x


# --- §7.1 DARTS cell and §11.5 DCO cell ---------------------------------------------------------------------------
class Cell(nn.Module):
    def __init__(self, genotype, C_prev_prev, C_prev, C, reduction, reduction_prev):
        super().__init__()
        if reduction_prev:
            self.preprocess0 = FactorizedReduce(C_prev_prev, C)
        else:
            self.preprocess0 = ReLUConvBN(C_prev_prev, C, 1, 1, 0)
        self.preprocess1 = ReLUConvBN(C_prev, C, 1, 1, 0)
        if reduction:
            op_names, indices = zip(*genotype.reduce)
            concat = genotype.reduce_concat
        else:
            op_names, indices = zip(*genotype.normal)
            concat = genotype.normal_concat
        self._steps = len(op_names) // 2
        self._concat = list(concat)
        self.multiplier = len(self._concat)
        self._ops = nn.ModuleList()
        for name, index in zip(op_names, indices):
            stride = 2 if reduction and index < 2 else 1
            self._ops.append(OPS[name](C, stride, True))
        self._indices = indices
        self.reduction = reduction

    def forward(self, s0, s1, drop_prob):
        states = [self.preprocess0(s0), self.preprocess1(s1)]
        for i in range(self._steps):
            op1, op2 = self._ops[2 * i], self._ops[2 * i + 1]
            h1 = op1(states[self._indices[2 * i]])
            h2 = op2(states[self._indices[2 * i + 1]])
            if self.training and drop_prob > 0.:
                if not isinstance(op1, Identity):
                    h1 = drop_path(h1, drop_prob)
                if not isinstance(op2, Identity):
                    h2 = drop_path(h2, drop_prob)
            states.append(h1 + h2)
        return torch.cat([states[i] for i in self._concat], dim=1)


class DCOCell(nn.Module):
    def __init__(self, genotype, C_prev_prev, C_prev, C, reduction, reduction_prev):
        super().__init__()
        if reduction_prev:
            self.preprocess0 = FactorizedReduce(C_prev_prev, C)
        else:
            self.preprocess0 = ReLUConvBN(C_prev_prev, C, 1, 1, 0)
        self.preprocess1 = ReLUConvBN(C_prev, C, 1, 1, 0)
        edges = genotype.reduce if reduction else genotype.normal
        self._ops = nn.ModuleDict()
        for name, to, frm in edges:
            stride = 2 if reduction and frm < 2 else 1
            t, f = str(to), str(frm)
            if t not in self._ops:
                self._ops[t] = nn.ModuleDict()
            if f not in self._ops[t]:
                self._ops[t][f] = nn.ModuleList()
            self._ops[t][f].append(OPS[name](C, stride, True))
        self.multiplier = len(self._ops)
        self.reduction = reduction

    def forward(self, s0, s1, drop_prob):
        states = OrderedDict([("0", self.preprocess0(s0)), ("1", self.preprocess1(s1))])
        for to, by_from in self._ops.items():
            parts = []
            for frm, ops in by_from.items():
                if frm not in states:
                    continue
                parts.append(sum(op(states[frm]) for op in ops))
            out = sum(parts)
            if self.training and drop_prob > 0.:
                out = drop_path(out, drop_prob)
            states[to] = out
        return torch.cat([v for k, v in states.items() if k not in ("0", "1")], dim=1)


# --- §7.4 auxiliary heads -----------------------------------------------------------------------------------------
class AuxiliaryHeadCIFAR(nn.Module):
    def __init__(self, C, num_classes):
        super().__init__()
        self.features = nn.Sequential(
            nn.ReLU(inplace=True),
            nn.AvgPool2d(5, stride=3, padding=0, count_include_pad=False),
            nn.Conv2d(C, 128, 1, bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(inplace=True),
            nn.Conv2d(128, 768, 2, bias=False),
            nn.BatchNorm2d(768),
            nn.ReLU(inplace=True))
        self.classifier = nn.Linear(768, num_classes)

    def forward(self, x):
        x = self.features(x)
        return self.classifier(x.view(x.size(0), -1))


class AuxiliaryHeadImageNet(nn.Module):
    def __init__(self, C, num_classes):
        super().__init__()
        self.features = nn.Sequential(
            nn.ReLU(inplace=True),
            nn.AvgPool2d(5, stride=2, padding=0, count_include_pad=False),
            nn.Conv2d(C, 128, 1, bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(inplace=True),
            nn.Conv2d(128, 768, 2, bias=False),
            nn.ReLU(inplace=True))
        self.classifier = nn.Linear(768, num_classes)

    def forward(self, x):
        x = self.features(x)
        return self.classifier(x.view(x.size(0), -1))


# --- §7.2 / §7.3 networks -----------------------------------------------------------------------------------------
def make_cells(genotype, layers, C, C_prev_prev, C_prev, reduction_prev):
    cell_cls = DCOCell if is_dco(genotype) else Cell
    cells = nn.ModuleList()
    C_curr = C
    C_aux = None
    for i in range(layers):
        if i in [layers // 3, 2 * layers // 3]:
            C_curr *= 2
            reduction = True
        else:
            reduction = False
        cell = cell_cls(genotype, C_prev_prev, C_prev, C_curr, reduction, reduction_prev)
        reduction_prev = reduction
        cells.append(cell)
        C_prev_prev, C_prev = C_prev, cell.multiplier * C_curr
        if i == 2 * layers // 3:
            C_aux = C_prev
    return cells, C_prev, C_aux


class NetworkCIFAR(nn.Module):
    def __init__(self, C, num_classes, layers, auxiliary, genotype):
        super().__init__()
        self._layers = layers
        self._auxiliary = auxiliary
        self.drop_path_prob = 0.
        C_curr = 3 * C
        self.stem = nn.Sequential(nn.Conv2d(3, C_curr, 3, padding=1, bias=False), nn.BatchNorm2d(C_curr))
        self.cells, C_prev, C_aux = make_cells(genotype, layers, C, C_curr, C_curr, False)
        if auxiliary:
            self.auxiliary_head = AuxiliaryHeadCIFAR(C_aux, num_classes)
        self.global_pooling = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(C_prev, num_classes)

    def forward(self, x):
        logits_aux = None
        s0 = s1 = self.stem(x)
        for i, cell in enumerate(self.cells):
            s0, s1 = s1, cell(s0, s1, self.drop_path_prob)
            if i == 2 * self._layers // 3 and self._auxiliary and self.training:
                logits_aux = self.auxiliary_head(s1)
        out = self.global_pooling(s1)
        return self.classifier(out.view(out.size(0), -1)), logits_aux


class NetworkImageNet(nn.Module):
    def __init__(self, C, num_classes, layers, auxiliary, genotype):
        super().__init__()
        self._layers = layers
        self._auxiliary = auxiliary
        self.drop_path_prob = 0.
        self.stem0 = nn.Sequential(
            nn.Conv2d(3, C // 2, kernel_size=3, stride=2, padding=1, bias=False), nn.BatchNorm2d(C // 2), nn.ReLU(inplace=True),
            nn.Conv2d(C // 2, C, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(C))
        self.stem1 = nn.Sequential(nn.ReLU(inplace=True), nn.Conv2d(C, C, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(C))
        self.cells, C_prev, C_aux = make_cells(genotype, layers, C, C, C, True)
        if auxiliary:
            self.auxiliary_head = AuxiliaryHeadImageNet(C_aux, num_classes)
        self.global_pooling = nn.AvgPool2d(7)
        self.classifier = nn.Linear(C_prev, num_classes)


# --- commands -----------------------------------------------------------------------------------------------------
def build(name, C, layers, classes, family="cifar"):
    g = GENOTYPES[name]
    cls = NetworkImageNet if family == "imagenet" else NetworkCIFAR
    return cls(C, classes, layers, True, g)


def cmd_keys(req):
    out = {}
    for n in req["nets"]:
        net = build(n["genotype"], n["C"], n["layers"], n["classes"], n.get("family", "cifar"))
        sd = net.state_dict()
        out[n["name"]] = {
            "keys": list(sd.keys()),
            "shapes": [list(v.shape) for v in sd.values()],
            "trainable": len(list(net.parameters())),
            "params": sum(p.numel() for p in net.parameters()),
            "params_excl_aux": sum(p.numel() for k, p in net.named_parameters() if "auxiliary" not in k),
        }
    return out


def randomize_bn(net, g):
    """Non-trivial BN state (affine and running statistics), so eval-mode outputs depend on every buffer."""
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                n = m.num_features
                if m.affine:
                    m.weight.copy_(torch.rand(n, generator=g) + 0.5)
                    m.bias.copy_(torch.randn(n, generator=g) * 0.1)
                m.running_mean.copy_(torch.randn(n, generator=g) * 0.1)
                m.running_var.copy_(torch.rand(n, generator=g) + 0.5)
                m.num_batches_tracked.fill_(7)


def outputs(net, x):
    net.eval()
    with torch.no_grad():
        logits_eval, aux_none = net(x)
    assert aux_none is None
    net.train()
    net.drop_path_prob = 0.
    with torch.no_grad():
        logits_train, logits_aux = net(x)
    state_after = OrderedDict((k, v.clone()) for k, v in net.state_dict().items())
    return {"eval": logits_eval, "train": logits_train, "train_aux": logits_aux, "state_after_train": state_after}


def cmd_make(req):
    d = req["dir"]
    torch.manual_seed(req["seed"])
    g = torch.Generator().manual_seed(req["seed"])
    x = torch.randn(req["batch"], 3, req["size"], req["size"], generator=g)
    torch.save(x, os.path.join(d, "input.pt"))
    for name in req["genotypes"]:
        net = build(name, req["C"], req["layers"], req["classes"])
        randomize_bn(net, g)
        sd = net.state_dict()
        torch.save(sd, os.path.join(d, f"{name}.pt"))
        legacy = OrderedDict(("module." + k, v) for k, v in sd.items() if not k.endswith("num_batches_tracked"))
        torch.save(legacy, os.path.join(d, f"{name}.legacy.pt"), _use_new_zipfile_serialization=False)
        torch.save({"epoch": 599, "dur_time": 1.5, "state_dict": sd, "drop_path_prob": 0.2, "best_acc_top1": 97.46},
                   os.path.join(d, f"{name}.ckpt.pt"))
        torch.save(outputs(net, x), os.path.join(d, f"{name}.out.pt"))
    return {"torch": torch.__version__, "keys": cmd_keys(req) if "nets" in req else {}}


def cmd_check(req):
    d = req["dir"]
    x = torch.load(os.path.join(d, "input.pt"))
    result = {}
    for name in req["genotypes"]:
        net = build(name, req["C"], req["layers"], req["classes"])
        sd = torch.load(os.path.join(d, f"{name}.ts.pt"))
        res = net.load_state_dict(sd, strict=True)
        result[name] = {"missing": list(res.missing_keys), "unexpected": list(res.unexpected_keys),
                        "dtypes": sorted({str(v.dtype) for v in sd.values()})}
        torch.save(outputs(net, x), os.path.join(d, f"{name}.ts-out.pt"))
    return result


if __name__ == "__main__":
    request = json.loads(sys.stdin.read())
    command = {"keys": cmd_keys, "make": cmd_make, "check": cmd_check}[sys.argv[1]]
    print(json.dumps(command(request)))
