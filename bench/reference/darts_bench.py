"""PyTorch side of `npm run bench` (bench/run.ts): the straightforward PyTorch formulation of the DARTS search
network and its steps, written from the spec (shared/specs/darts-fairdarts-noisydarts.md §1-3, §7, §11 and
dropnas-evnas-nasbench201.md §3), in the contiguous (NCHW) memory format and with one ReLU per op, as the official
code (quark0/darts cnn/model_search.py, architect.py, train_search.py; model.py, train.py).

    /usr/bin/python3 darts_bench.py '<json config>'

The config names the workload (kind: search | train | infer; method: darts | fairdarts | dropnas; unrolled; C,
layers, batch, size, in_channels, classes; optimiser settings) and `init`, a torch.save file written by tsnas
holding the network's state_dict, the alphas and the inputs, so both sides start from the same numbers. Commands
on stdin, one JSON answer per line on stdout:

    step N   -> {"ms": [per-step wall ms], "cpu": [per-step CPU ms of this process], "loss": last step's loss}
    rss      -> {"maxrss_kb": ru_maxrss of this process}
    quit
"""
import json
import math
import resource
import sys
import time
from collections import namedtuple

import torch
import torch.nn as nn
import torch.nn.functional as F

cfg = json.loads(sys.argv[1])
torch.set_num_threads(int(cfg["threads"]))
torch.manual_seed(int(cfg.get("seed", 0)))

# --- §1 operations -------------------------------------------------------------------------------------------


class ReLUConvBN(nn.Module):
    def __init__(self, C_in, C_out, k, stride, padding, affine=True):
        super().__init__()
        self.op = nn.Sequential(nn.ReLU(inplace=False), nn.Conv2d(C_in, C_out, k, stride=stride, padding=padding, bias=False),
                                nn.BatchNorm2d(C_out, affine=affine))

    def forward(self, x):
        return self.op(x)


class DilConv(nn.Module):
    def __init__(self, C_in, C_out, k, stride, padding, dilation, affine=True):
        super().__init__()
        self.op = nn.Sequential(
            nn.ReLU(inplace=False),
            nn.Conv2d(C_in, C_in, k, stride=stride, padding=padding, dilation=dilation, groups=C_in, bias=False),
            nn.Conv2d(C_in, C_out, 1, padding=0, bias=False),
            nn.BatchNorm2d(C_out, affine=affine))

    def forward(self, x):
        return self.op(x)


class SepConv(nn.Module):
    def __init__(self, C_in, C_out, k, stride, padding, affine=True):
        super().__init__()
        self.op = nn.Sequential(
            nn.ReLU(inplace=False),
            nn.Conv2d(C_in, C_in, k, stride=stride, padding=padding, groups=C_in, bias=False),
            nn.Conv2d(C_in, C_in, 1, padding=0, bias=False),
            nn.BatchNorm2d(C_in, affine=affine),
            nn.ReLU(inplace=False),
            nn.Conv2d(C_in, C_in, k, stride=1, padding=padding, groups=C_in, bias=False),
            nn.Conv2d(C_in, C_out, 1, padding=0, bias=False),
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
        self.relu = nn.ReLU(inplace=False)
        self.conv_1 = nn.Conv2d(C_in, C_out // 2, 1, stride=2, padding=0, bias=False)
        self.conv_2 = nn.Conv2d(C_in, C_out // 2, 1, stride=2, padding=0, bias=False)
        self.bn = nn.BatchNorm2d(C_out, affine=affine)

    def forward(self, x):
        x = self.relu(x)
        return self.bn(torch.cat([self.conv_1(x), self.conv_2(x[:, :, 1:, 1:])], dim=1))


OPS = {
    'none': lambda C, stride, affine: Zero(stride),
    'avg_pool_3x3': lambda C, stride, affine: nn.AvgPool2d(3, stride=stride, padding=1, count_include_pad=False),
    'max_pool_3x3': lambda C, stride, affine: nn.MaxPool2d(3, stride=stride, padding=1),
    'skip_connect': lambda C, stride, affine: Identity() if stride == 1 else FactorizedReduce(C, C, affine=affine),
    'sep_conv_3x3': lambda C, stride, affine: SepConv(C, C, 3, stride, 1, affine=affine),
    'sep_conv_5x5': lambda C, stride, affine: SepConv(C, C, 5, stride, 2, affine=affine),
    'dil_conv_3x3': lambda C, stride, affine: DilConv(C, C, 3, stride, 2, 2, affine=affine),
    'dil_conv_5x5': lambda C, stride, affine: DilConv(C, C, 5, stride, 4, 2, affine=affine),
}
DARTS_PRIMITIVES = ['none', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5',
                    'dil_conv_3x3', 'dil_conv_5x5']
FAIR_PRIMITIVES = DARTS_PRIMITIVES[1:]

# --- §2 search network ---------------------------------------------------------------------------------------


class MixedOp(nn.Module):
    def __init__(self, C, stride, primitives):
        super().__init__()
        self._ops = nn.ModuleList()
        for p in primitives:
            op = OPS[p](C, stride, False)
            if 'pool' in p:
                op = nn.Sequential(op, nn.BatchNorm2d(C, affine=False))
            self._ops.append(op)

    def forward(self, x, weights, keep=None):
        if keep is None:
            return sum(w * op(x) for w, op in zip(weights, self._ops))
        # DropNAS (dropnas spec §3.4): dropped ops are not executed
        return sum(weights[k] * self._ops[k](x) for k in keep)


class SearchCell(nn.Module):
    def __init__(self, steps, multiplier, C_pp, C_p, C, reduction, reduction_prev, primitives):
        super().__init__()
        self.reduction = reduction
        self.preprocess0 = FactorizedReduce(C_pp, C, affine=False) if reduction_prev else ReLUConvBN(C_pp, C, 1, 1, 0, affine=False)
        self.preprocess1 = ReLUConvBN(C_p, C, 1, 1, 0, affine=False)
        self._steps = steps
        self._multiplier = multiplier
        self._ops = nn.ModuleList()
        for i in range(steps):
            for j in range(2 + i):
                self._ops.append(MixedOp(C, 2 if reduction and j < 2 else 1, primitives))

    def forward(self, s0, s1, weights, keeps=None):
        s0 = self.preprocess0(s0)
        s1 = self.preprocess1(s1)
        states = [s0, s1]
        offset = 0
        for i in range(self._steps):
            s = sum(self._ops[offset + j](h, weights[offset + j], None if keeps is None else keeps[offset + j])
                    for j, h in enumerate(states))
            offset += len(states)
            states.append(s)
        return torch.cat(states[-self._multiplier:], dim=1)


class Network(nn.Module):
    def __init__(self, C, num_classes, layers, primitives, relax, in_channels=3, steps=4, multiplier=4, stem_multiplier=3):
        super().__init__()
        self._C, self._num_classes, self._layers, self._primitives, self._relax = C, num_classes, layers, primitives, relax
        self._in_channels, self._steps, self._multiplier = in_channels, steps, multiplier
        C_curr = stem_multiplier * C
        self.stem = nn.Sequential(nn.Conv2d(in_channels, C_curr, 3, padding=1, bias=False), nn.BatchNorm2d(C_curr))
        C_pp, C_p, C_curr = C_curr, C_curr, C
        self.cells = nn.ModuleList()
        reduction_prev = False
        for i in range(layers):
            reduction = i in [layers // 3, 2 * layers // 3]
            if reduction:
                C_curr *= 2
            cell = SearchCell(steps, multiplier, C_pp, C_p, C_curr, reduction, reduction_prev, primitives)
            reduction_prev = reduction
            self.cells.append(cell)
            C_pp, C_p = C_p, multiplier * C_curr
        self.global_pooling = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(C_p, num_classes)
        k = sum(2 + i for i in range(steps))
        self.alphas_normal = (1e-3 * torch.randn(k, len(primitives))).requires_grad_(True)
        self.alphas_reduce = (1e-3 * torch.randn(k, len(primitives))).requires_grad_(True)

    def arch_parameters(self):
        return [self.alphas_normal, self.alphas_reduce]

    def new(self):
        model_new = Network(self._C, self._num_classes, self._layers, self._primitives, self._relax, self._in_channels,
                            self._steps, self._multiplier)
        for x, y in zip(model_new.arch_parameters(), self.arch_parameters()):
            x.data.copy_(y.data)
        return model_new

    def forward(self, x, weights=None, keeps=None):
        s0 = s1 = self.stem(x)
        if weights is None:
            weights = {False: self._relax(self.alphas_normal), True: self._relax(self.alphas_reduce)}
        for cell in self.cells:
            w = weights[cell.reduction]
            k = None if keeps is None else keeps[cell.reduction]
            s0, s1 = s1, cell(s0, s1, w, k)
        out = self.global_pooling(s1)
        return self.classifier(out.view(out.size(0), -1))


def accuracy(logits, target):
    return (logits.argmax(1) == target).float().mean().mul(100.)


def _concat(xs):
    return torch.cat([x.view(-1) for x in xs])


class Architect:
    """cnn/architect.py (§3.3, §3.4)."""

    def __init__(self, model, arch_loss, momentum, weight_decay, lr, betas, arch_wd):
        self.model, self.arch_loss = model, arch_loss
        self.network_momentum, self.network_weight_decay = momentum, weight_decay
        self.optimizer = torch.optim.Adam(model.arch_parameters(), lr=lr, betas=tuple(betas), weight_decay=arch_wd)

    def step(self, x_t, y_t, x_v, y_v, eta, network_optimizer, unrolled):
        self.optimizer.zero_grad()
        if unrolled:
            self._backward_step_unrolled(x_t, y_t, x_v, y_v, eta, network_optimizer)
        else:
            self.arch_loss(self.model, x_v, y_v).backward()
        self.optimizer.step()

    def _compute_unrolled_model(self, x, y, eta, network_optimizer):
        loss = self.arch_loss(self.model, x, y)
        theta = _concat(self.model.parameters()).data
        try:
            moment = _concat(network_optimizer.state[v]['momentum_buffer'] for v in self.model.parameters()).mul_(self.network_momentum)
        except Exception:
            moment = torch.zeros_like(theta)
        dtheta = _concat(torch.autograd.grad(loss, self.model.parameters())).data + self.network_weight_decay * theta
        return self._construct_model_from_theta(theta.sub(eta * (moment + dtheta)))

    def _backward_step_unrolled(self, x_t, y_t, x_v, y_v, eta, network_optimizer):
        unrolled_model = self._compute_unrolled_model(x_t, y_t, eta, network_optimizer)
        self.arch_loss(unrolled_model, x_v, y_v).backward()
        dalpha = [v.grad for v in unrolled_model.arch_parameters()]
        vector = [v.grad.data for v in unrolled_model.parameters()]
        implicit_grads = self._hessian_vector_product(vector, x_t, y_t)
        for g, ig in zip(dalpha, implicit_grads):
            g.data.sub_(eta * ig.data)
        for v, g in zip(self.model.arch_parameters(), dalpha):
            if v.grad is None:
                v.grad = g.data.clone()
            else:
                v.grad.data.copy_(g.data)

    def _construct_model_from_theta(self, theta):
        model_new = self.model.new()
        model_dict = self.model.state_dict()
        params, offset = {}, 0
        for k, v in self.model.named_parameters():
            n = v.numel()
            params[k] = theta[offset:offset + n].view(v.size())
            offset += n
        model_dict.update(params)
        model_new.load_state_dict(model_dict)
        return model_new

    def _hessian_vector_product(self, vector, x, y, r=1e-2):
        R = r / _concat(vector).norm()
        for p, v in zip(self.model.parameters(), vector):
            p.data.add_(v, alpha=R)
        grads_p = torch.autograd.grad(self.arch_loss(self.model, x, y), self.model.arch_parameters())
        for p, v in zip(self.model.parameters(), vector):
            p.data.sub_(v, alpha=2 * R)
        grads_n = torch.autograd.grad(self.arch_loss(self.model, x, y), self.model.arch_parameters())
        for p, v in zip(self.model.parameters(), vector):
            p.data.add_(v, alpha=R)
        return [(a - b).div_(2 * R) for a, b in zip(grads_p, grads_n)]


def zero_one_loss(model, kind):
    s = torch.cat([torch.sigmoid(a).view(-1) for a in model.arch_parameters()]) - 0.5
    return -(s.pow(2) if kind == 'l2' else s.abs()).mean()


class SearchWorkload:
    """train_search.py's per-batch step (§3.2) for DARTS and FairDARTS (§11.3)."""

    def __init__(self, c, init):
        fair = c['method'] == 'fairdarts'
        self.fair = fair
        primitives = FAIR_PRIMITIVES if fair else DARTS_PRIMITIVES
        relax = torch.sigmoid if fair else (lambda a: F.softmax(a, dim=-1))
        self.model = Network(c['C'], c['classes'], c['layers'], primitives, relax, c['in_channels'])
        self.model.load_state_dict(init['state_dict'])
        with torch.no_grad():
            self.model.alphas_normal.copy_(init['alphas']['alphas_normal'])
            self.model.alphas_reduce.copy_(init['alphas']['alphas_reduce'])
        w01, kind = c.get('zero_one_weight', 10.0), c.get('zero_one_loss', 'l2')
        self.w01, self.kind = w01, kind

        def loss(model, x, y):
            l = F.cross_entropy(model(x), y)
            return l + w01 * zero_one_loss(model, kind) if fair else l
        self.loss = loss
        self.optimizer = torch.optim.SGD(self.model.parameters(), c['lr'], momentum=c['momentum'], weight_decay=c['weight_decay'])
        self.architect = Architect(self.model, loss, c['momentum'], c['weight_decay'], c['arch_lr'], c['arch_betas'], c['arch_weight_decay'])
        self.grad_clip, self.unrolled, self.lr = c['grad_clip'], c['unrolled'], c['lr']
        self.x, self.y, self.xv, self.yv = init['x'].contiguous(), init['y'], init['xv'].contiguous(), init['yv']

    def step(self):
        self.model.train()
        self.architect.step(self.x, self.y, self.xv, self.yv, self.lr, self.optimizer, self.unrolled)
        self.optimizer.zero_grad()
        logits = self.model(self.x)
        loss = F.cross_entropy(logits, self.y)
        if self.fair:
            loss = loss + self.w01 * zero_one_loss(self.model, self.kind)
        loss.backward()
        nn.utils.clip_grad_norm_(self.model.parameters(), self.grad_clip)
        self.optimizer.step()
        accuracy(logits, self.y).item()
        return loss.item()


class DropNASWorkload:
    """DropNAS one-level step (dropnas spec §3.3-3.6): grouped op dropout, masked softmax, two optimiser steps,
    partial decay and α-adjust. Primitive order per §3.2: 4 parameterised ops, then max, avg, skip, none."""
    PRIMS = ['sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'none']

    def __init__(self, c, init):
        self.model = Network(c['C'], c['classes'], c['layers'], self.PRIMS, None, c['in_channels'])
        try:  # same starting weights when tsnas' DropNAS uses this primitive order (timing does not depend on it)
            self.model.load_state_dict(init['state_dict'], strict=False)
        except RuntimeError:
            pass
        self.w_opt = torch.optim.SGD(self.model.parameters(), c['lr'], momentum=c['momentum'], weight_decay=0)
        self.a_opt = torch.optim.Adam(self.model.arch_parameters(), c['arch_lr'], betas=tuple(c['arch_betas']), weight_decay=0)
        self.p = c.get('drop_rate', 3e-5) ** 0.25
        self.clip = c.get('grad_clip', 3)
        self.x, self.y = init['x'].contiguous(), init['y']

    def masks(self, rows):
        out = []
        for _ in range(rows):
            keep = []
            for group in ([0, 1, 2, 3], [4, 5, 6, 7]):
                while True:
                    flags = torch.rand(len(group)) > self.p
                    if flags.any():
                        break
                keep += [g for g, f in zip(group, flags.tolist()) if f]
            out.append(keep)
        return out

    def step(self):
        m = self.model
        m.train()
        rows = m.alphas_normal.size(0)
        keeps = {False: self.masks(rows), True: self.masks(rows)}
        weights, ratios = {}, {}
        for red, alpha in ((False, m.alphas_normal), (True, m.alphas_reduce)):
            mask = torch.zeros_like(alpha, dtype=torch.bool)
            for e, keep in enumerate(keeps[red]):
                mask[e, keep] = True
            ex = alpha.exp() * mask
            weights[red] = ex / ex.sum(-1, keepdim=True)
            ratios[red] = ((alpha.exp() * mask).sum(-1) / alpha.exp().sum(-1)).detach()
        self.w_opt.zero_grad()
        self.a_opt.zero_grad()
        logits = m(self.x, weights, keeps)
        l1 = F.cross_entropy(logits, self.y)
        l1.backward()
        nn.utils.clip_grad_norm_(m.parameters(), self.clip)
        self.w_opt.step()
        self.a_opt.step()
        l2 = 0.
        for p in m.parameters():
            if p.grad is not None and p.grad.view(-1)[0].item() != 0:
                l2 = l2 + 3e-4 * p.pow(2).sum()
        for a in m.arch_parameters():
            l2 = l2 + 1e-3 * (a.pow(2) * (a.grad.abs() > 1e-7)).sum()
        self.w_opt.zero_grad()
        self.a_opt.zero_grad()
        l2.backward()
        nn.utils.clip_grad_norm_(m.parameters(), self.clip)
        self.w_opt.step()
        self.a_opt.step()
        with torch.no_grad():
            for red, alpha in ((False, m.alphas_normal), (True, m.alphas_reduce)):
                for e, keep in enumerate(keeps[red]):
                    if len(keep) == alpha.size(1):
                        continue
                    ex = alpha[e].exp()
                    mask = torch.zeros(alpha.size(1), dtype=torch.bool)
                    mask[keep] = True
                    r = ratios[red][e]
                    k = torch.log(r / (1 - r) * ex[~mask].sum() / ex[mask].sum())
                    alpha[e, mask] += k
        accuracy(logits, self.y).item()
        return (l1 + l2).item()


# --- §7 evaluation network (model.py) ----------------------------------------------------------------------

Genotype = namedtuple('Genotype', 'normal normal_concat reduce reduce_concat')
# spec appendix A.1, verbatim
DARTS_V2 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])


def drop_path(x, drop_prob):
    if drop_prob > 0.:
        keep_prob = 1. - drop_prob
        mask = torch.empty(x.size(0), 1, 1, 1).bernoulli_(keep_prob)
        x = x.div(keep_prob).mul(mask)
    return x


class EvalCell(nn.Module):
    def __init__(self, genotype, C_pp, C_p, C, reduction, reduction_prev):
        super().__init__()
        self.preprocess0 = FactorizedReduce(C_pp, C) if reduction_prev else ReLUConvBN(C_pp, C, 1, 1, 0)
        self.preprocess1 = ReLUConvBN(C_p, C, 1, 1, 0)
        names, indices = zip(*(genotype.reduce if reduction else genotype.normal))
        concat = genotype.reduce_concat if reduction else genotype.normal_concat
        self._steps, self._concat, self.multiplier = len(names) // 2, concat, len(concat)
        self._ops = nn.ModuleList([OPS[n](C, 2 if reduction and i < 2 else 1, True) for n, i in zip(names, indices)])
        self._indices = indices

    def forward(self, s0, s1, drop_prob):
        states = [self.preprocess0(s0), self.preprocess1(s1)]
        for i in range(self._steps):
            op1, op2 = self._ops[2 * i], self._ops[2 * i + 1]
            h1, h2 = op1(states[self._indices[2 * i]]), op2(states[self._indices[2 * i + 1]])
            if self.training and drop_prob > 0.:
                if not isinstance(op1, Identity):
                    h1 = drop_path(h1, drop_prob)
                if not isinstance(op2, Identity):
                    h2 = drop_path(h2, drop_prob)
            states.append(h1 + h2)
        return torch.cat([states[i] for i in self._concat], dim=1)


class AuxiliaryHeadCIFAR(nn.Module):
    def __init__(self, C, num_classes):
        super().__init__()
        self.features = nn.Sequential(
            nn.ReLU(inplace=True), nn.AvgPool2d(5, stride=3, padding=0, count_include_pad=False),
            nn.Conv2d(C, 128, 1, bias=False), nn.BatchNorm2d(128), nn.ReLU(inplace=True),
            nn.Conv2d(128, 768, 2, bias=False), nn.BatchNorm2d(768), nn.ReLU(inplace=True))
        self.classifier = nn.Linear(768, num_classes)

    def forward(self, x):
        x = self.features(x)
        return self.classifier(x.view(x.size(0), -1))


class NetworkCIFAR(nn.Module):
    def __init__(self, C, num_classes, layers, auxiliary, genotype, in_channels=3):
        super().__init__()
        self._layers, self._auxiliary = layers, auxiliary
        self.drop_path_prob = 0.
        C_curr = 3 * C
        self.stem = nn.Sequential(nn.Conv2d(in_channels, C_curr, 3, padding=1, bias=False), nn.BatchNorm2d(C_curr))
        C_pp, C_p, C_curr = C_curr, C_curr, C
        self.cells = nn.ModuleList()
        reduction_prev = False
        for i in range(layers):
            reduction = i in [layers // 3, 2 * layers // 3]
            if reduction:
                C_curr *= 2
            cell = EvalCell(genotype, C_pp, C_p, C_curr, reduction, reduction_prev)
            reduction_prev = reduction
            self.cells.append(cell)
            C_pp, C_p = C_p, cell.multiplier * C_curr
            if i == 2 * layers // 3:
                C_aux = C_p
        if auxiliary:
            self.auxiliary_head = AuxiliaryHeadCIFAR(C_aux, num_classes)
        self.global_pooling = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(C_p, num_classes)

    def forward(self, x):
        logits_aux = None
        s0 = s1 = self.stem(x)
        for i, cell in enumerate(self.cells):
            s0, s1 = s1, cell(s0, s1, self.drop_path_prob)
            if i == 2 * self._layers // 3 and self._auxiliary and self.training:
                logits_aux = self.auxiliary_head(s1)
        out = self.global_pooling(s1)
        return self.classifier(out.view(out.size(0), -1)), logits_aux


class TrainWorkload:
    """train.py's per-batch step (§4): CE (+ 0.4·aux CE), backward, clip 5, SGD."""

    def __init__(self, c, init):
        self.model = NetworkCIFAR(c['C'], c['classes'], c['layers'], c['auxiliary'], DARTS_V2, c['in_channels'])
        self.model.load_state_dict(init['state_dict'])
        self.model.drop_path_prob = c.get('drop_path', 0.)
        self.optimizer = torch.optim.SGD(self.model.parameters(), c['lr'], momentum=c['momentum'], weight_decay=c['weight_decay'])
        self.aux_w, self.clip = c.get('auxiliary_weight', 0.4), c['grad_clip']
        self.x, self.y = init['x'].contiguous(), init['y']

    def step(self):
        self.model.train()
        self.optimizer.zero_grad()
        logits, logits_aux = self.model(self.x)
        loss = F.cross_entropy(logits, self.y)
        if logits_aux is not None:
            loss = loss + self.aux_w * F.cross_entropy(logits_aux, self.y)
        loss.backward()
        nn.utils.clip_grad_norm_(self.model.parameters(), self.clip)
        self.optimizer.step()
        accuracy(logits, self.y).item()
        return loss.item()


class InferWorkload:
    """test.py's inference: eval mode, no_grad."""

    def __init__(self, c, init):
        self.model = NetworkCIFAR(c['C'], c['classes'], c['layers'], False, DARTS_V2, c['in_channels'])
        self.model.load_state_dict(init['state_dict'], strict=False)
        self.model.eval()
        self.x = init['x'].contiguous()

    def step(self):
        with torch.no_grad():
            logits, _ = self.model(self.x)
            return float(logits.float().sum().item())


def main():
    init = torch.load(cfg['init'])
    kind = cfg['kind']
    if kind == 'search':
        w = DropNASWorkload(cfg, init) if cfg['method'] == 'dropnas' else SearchWorkload(cfg, init)
    elif kind == 'train':
        w = TrainWorkload(cfg, init)
    else:
        w = InferWorkload(cfg, init)
    del init
    print(json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        if cmd[0] == 'quit':
            break
        if cmd[0] == 'step':
            ms, cpu, loss = [], [], None
            for _ in range(int(cmd[1])):
                t, c = time.perf_counter(), time.process_time()
                loss = w.step()
                ms.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
            print(json.dumps({'ms': ms, 'cpu': cpu, 'loss': loss if loss is None or math.isfinite(loss) else str(loss)}), flush=True)
        elif cmd[0] == 'rss':
            print(json.dumps({'maxrss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}), flush=True)
        else:
            print(json.dumps({'error': f'unknown command {cmd[0]}'}), flush=True)


main()
