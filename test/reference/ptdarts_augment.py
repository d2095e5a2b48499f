"""Reference side of test/nas/pool-bn.test.ts: khanrc/pt.darts' evaluation network (AugmentCNN), which DropNAS trains.

The modules below are pt.darts' models/ops.py, models/augment_cells.py, models/augment_cnn.py and genotypes.py
(to_dag, from_str) at commit of spec dropnas-evnas-nasbench201.md §0, reduced to what AugmentCNN builds, with the
module names unchanged: the point is the state_dict layout (spec §2.6) and the forward.

Usage: ptdarts_augment.py OUT.pt GENOTYPE C LAYERS CLASSES
  Builds AugmentCNN(32, 3, C, CLASSES, LAYERS, auxiliary=True, genotype) with seeded weights and BN statistics, saves
  its state_dict to OUT.pt (torch.save, as PyTorch writes it) and prints JSON: {"shapes": {key: shape}, "input":
  [flat 2x3x32x32], "logits": [flat 2xCLASSES]} of an eval-mode forward. Exits with status 77 without torch.
"""
import json
import sys
from collections import namedtuple

try:
    import torch
    import torch.nn as nn
except Exception as e:  # pragma: no cover - environment without torch
    print(f"cannot import torch: {e}", file=sys.stderr)
    sys.exit(77)

# pt.darts' parameter-free Identity and Zero are quark0's; randomize_bn gives every BN trained-looking state
from darts_model import Identity, Zero, randomize_bn  # noqa: E402 (this folder, next to this script)

torch.set_num_threads(1)
Genotype = namedtuple('Genotype', 'normal normal_concat reduce reduce_concat')

OPS = {
    'none': lambda C, stride, affine: Zero(stride),
    'avg_pool_3x3': lambda C, stride, affine: PoolBN('avg', C, 3, stride, 1, affine=affine),
    'max_pool_3x3': lambda C, stride, affine: PoolBN('max', C, 3, stride, 1, affine=affine),
    'skip_connect': lambda C, stride, affine: Identity() if stride == 1 else FactorizedReduce(C, C, affine=affine),
    'sep_conv_3x3': lambda C, stride, affine: SepConv(C, C, 3, stride, 1, affine=affine),
    'sep_conv_5x5': lambda C, stride, affine: SepConv(C, C, 5, stride, 2, affine=affine),
    'dil_conv_3x3': lambda C, stride, affine: DilConv(C, C, 3, stride, 2, 2, affine=affine),
    'dil_conv_5x5': lambda C, stride, affine: DilConv(C, C, 5, stride, 4, 2, affine=affine),
}


class DropPath_(nn.Module):
    def __init__(self, p=0.):
        super().__init__()
        self.p = p

    def forward(self, x):
        return x  # eval mode: pt.darts' drop path only acts while training


class PoolBN(nn.Module):
    def __init__(self, pool_type, C, kernel_size, stride, padding, affine=True):
        super().__init__()
        if pool_type.lower() == 'max':
            self.pool = nn.MaxPool2d(kernel_size, stride, padding)
        else:
            self.pool = nn.AvgPool2d(kernel_size, stride, padding, count_include_pad=False)
        self.bn = nn.BatchNorm2d(C, affine=affine)

    def forward(self, x):
        return self.bn(self.pool(x))


class StdConv(nn.Module):
    def __init__(self, C_in, C_out, kernel_size, stride, padding, affine=True):
        super().__init__()
        self.net = nn.Sequential(nn.ReLU(), nn.Conv2d(C_in, C_out, kernel_size, stride, padding, bias=False),
                                 nn.BatchNorm2d(C_out, affine=affine))

    def forward(self, x):
        return self.net(x)


class DilConv(nn.Module):
    def __init__(self, C_in, C_out, kernel_size, stride, padding, dilation, affine=True):
        super().__init__()
        self.net = nn.Sequential(
            nn.ReLU(),
            nn.Conv2d(C_in, C_in, kernel_size, stride, padding, dilation=dilation, groups=C_in, bias=False),
            nn.Conv2d(C_in, C_out, 1, stride=1, padding=0, bias=False),
            nn.BatchNorm2d(C_out, affine=affine))

    def forward(self, x):
        return self.net(x)


class SepConv(nn.Module):
    def __init__(self, C_in, C_out, kernel_size, stride, padding, affine=True):
        super().__init__()
        self.net = nn.Sequential(DilConv(C_in, C_in, kernel_size, stride, padding, dilation=1, affine=affine),
                                 DilConv(C_in, C_out, kernel_size, 1, padding, dilation=1, affine=affine))

    def forward(self, x):
        return self.net(x)


class FactorizedReduce(nn.Module):
    def __init__(self, C_in, C_out, affine=True):
        super().__init__()
        self.relu = nn.ReLU()
        self.conv1 = nn.Conv2d(C_in, C_out // 2, 1, stride=2, padding=0, bias=False)
        self.conv2 = nn.Conv2d(C_in, C_out // 2, 1, stride=2, padding=0, bias=False)
        self.bn = nn.BatchNorm2d(C_out, affine=affine)

    def forward(self, x):
        x = self.relu(x)
        out = torch.cat([self.conv1(x), self.conv2(x[:, :, 1:, 1:])], dim=1)
        return self.bn(out)


def to_dag(C_in, gene, reduction):
    dag = nn.ModuleList()
    for edges in gene:
        row = nn.ModuleList()
        for op_name, s_idx in edges:
            stride = 2 if reduction and s_idx < 2 else 1
            op = OPS[op_name](C_in, stride, True)
            if not isinstance(op, Identity):
                op = nn.Sequential(op, DropPath_())
            op.s_idx = s_idx
            row.append(op)
        dag.append(row)
    return dag


def from_str(s):
    return eval(s)


class AugmentCell(nn.Module):
    def __init__(self, genotype, C_pp, C_p, C, reduction_p, reduction):
        super().__init__()
        self.reduction = reduction
        self.n_nodes = len(genotype.normal)
        if reduction_p:
            self.preproc0 = FactorizedReduce(C_pp, C)
        else:
            self.preproc0 = StdConv(C_pp, C, 1, 1, 0)
        self.preproc1 = StdConv(C_p, C, 1, 1, 0)
        if reduction:
            gene, self.concat = genotype.reduce, genotype.reduce_concat
        else:
            gene, self.concat = genotype.normal, genotype.normal_concat
        self.dag = to_dag(C, gene, reduction)

    def forward(self, s0, s1):
        states = [self.preproc0(s0), self.preproc1(s1)]
        for edges in self.dag:
            states.append(sum(op(states[op.s_idx]) for op in edges))
        return torch.cat([states[i] for i in self.concat], dim=1)


class AuxiliaryHead(nn.Module):
    def __init__(self, input_size, C, n_classes):
        assert input_size in [7, 8]
        super().__init__()
        self.net = nn.Sequential(
            nn.ReLU(inplace=True),
            nn.AvgPool2d(5, stride=input_size - 5, padding=0, count_include_pad=False),
            nn.Conv2d(C, 128, kernel_size=1, bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(inplace=True),
            nn.Conv2d(128, 768, kernel_size=2, bias=False),
            nn.BatchNorm2d(768),
            nn.ReLU(inplace=True))
        self.linear = nn.Linear(768, n_classes)

    def forward(self, x):
        out = self.net(x)
        return self.linear(out.view(out.size(0), -1))


class AugmentCNN(nn.Module):
    def __init__(self, input_size, C_in, C, n_classes, n_layers, auxiliary, genotype, stem_multiplier=3):
        super().__init__()
        self.aux_pos = 2 * n_layers // 3 if auxiliary else -1
        C_cur = stem_multiplier * C
        self.stem = nn.Sequential(nn.Conv2d(C_in, C_cur, 3, 1, 1, bias=False), nn.BatchNorm2d(C_cur))
        C_pp, C_p, C_cur = C_cur, C_cur, C
        self.cells = nn.ModuleList()
        reduction_p = False
        for i in range(n_layers):
            if i in [n_layers // 3, 2 * n_layers // 3]:
                C_cur *= 2
                reduction = True
            else:
                reduction = False
            cell = AugmentCell(genotype, C_pp, C_p, C_cur, reduction_p, reduction)
            reduction_p = reduction
            self.cells.append(cell)
            C_pp, C_p = C_p, C_cur * len(cell.concat)
            if i == self.aux_pos:
                self.aux_head = AuxiliaryHead(input_size // 4, C_p, n_classes)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.linear = nn.Linear(C_p, n_classes)

    def forward(self, x):
        s0 = s1 = self.stem(x)
        for cell in self.cells:
            s0, s1 = s1, cell(s0, s1)
        out = self.gap(s1)
        return self.linear(out.view(out.size(0), -1))


def main():
    out, genotype, C, layers, classes = sys.argv[1], from_str(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    torch.manual_seed(0)
    net = AugmentCNN(32, 3, C, classes, layers, True, genotype)
    randomize_bn(net, torch.Generator().manual_seed(1))  # so that every BN matters to the logits
    net.eval()
    x = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        logits = net(x)
    sd = net.state_dict()
    torch.save(sd, out)
    print(json.dumps({'shapes': {k: list(v.shape) for k, v in sd.items()},
                      'input': x.flatten().tolist(), 'logits': logits.flatten().tolist()}))


if __name__ == '__main__':
    main()
