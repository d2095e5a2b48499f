// NAS-Bench-201 networks (spec §5.2, §5.3): parameter counts against the spec's numbers and its per-part formula,
// state_dict naming, and the forward pass of the final TinyNetwork and the weight-sharing supernet against an
// independent PyTorch implementation written here from the spec (train-mode and eval-mode BN, strict key match).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { saveTorchCheckpoint, type PickleTree } from '../../src/io/index.js';
import { formatNb201Arch, type Nb201Arch, parseNb201Arch } from '../../src/nas/genotype/nb201.js';
import { Nb201InferCell, Nb201Network, Nb201Supernet, NB201_SPACE } from '../../src/nas/nb201/index.js';
import { manualSeed, noGrad, randn, type Tensor } from '../../src/tensor/index.js';
import { buildEvalNetwork, resolveArch, resolveEvalArch } from '../../src/train/arch.js';
import { CLI_PATH } from '../helpers/cli.js';
import { pythonSkip, runPythonJson } from '../helpers/python.js';

const INDEX1 = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';
const ALL_NONE = '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|';
const ALL_1X1 = '|nor_conv_1x1~0|+|nor_conv_1x1~0|nor_conv_1x1~1|+|nor_conv_1x1~0|nor_conv_1x1~1|nor_conv_1x1~2|';
const MIXED = '|nor_conv_1x1~0|+|avg_pool_3x3~0|nor_conv_3x3~1|+|skip_connect~0|none~1|nor_conv_1x1~2|';

const root = mkdtempSync(join(tmpdir(), 'tsnas-nb201-net-'));
after(() => rmSync(root, { recursive: true, force: true }));

function params(arch: string, numClasses: number, channels = 16, cellsPerStage = 5): number {
  const net = new Nb201Network(parseNb201Arch(arch), { numClasses, channels, cellsPerStage });
  const n = net.numParameters();
  net.dispose();
  return n;
}

/** Spec §5.3's formula: 464 + 14,464 + 57,600 + 128 + (64n + n) + per cell 2,336/9,280/36,992 per conv3×3, 288/1,088/4,224 per conv1×1. */
function specFormula(arch: string, n: number): number {
  const ops = parseNb201Arch(arch)
    .nodes.flat()
    .map(([op]) => op);
  const c3 = ops.filter((o) => o === 'nor_conv_3x3').length,
    c1 = ops.filter((o) => o === 'nor_conv_1x1').length;
  return 464 + 14_464 + 57_600 + 128 + 64 * n + n + 5 * (c3 * (2_336 + 9_280 + 36_992) + c1 * (288 + 1_088 + 4_224));
}

describe('NB201 parameter counts', () => {
  test("tsnas count of an NB201 cell uses the benchmark's network (C=16, N=5), not DARTS' C=36, L=20", () => {
    const arch = formatNb201Arch(resolveEvalArch('NB201_best_cifar10').genotype as Nb201Arch);
    const r = spawnSync(process.execPath, [CLI_PATH, 'count', '--arch', 'NB201_best_cifar10', '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { params: number }).params, specFormula(arch, 10));
  });

  test('index-1 arch: 802,426 on CIFAR-10, 0.808 M on CIFAR-100, 0.810 M on ImageNet16-120 (spec §5.3)', () => {
    assert.equal(params(INDEX1, 10), 802_426);
    assert.equal((params(INDEX1, 100) / 1e6).toFixed(3), '0.808');
    assert.equal((params(INDEX1, 120) / 1e6).toFixed(3), '0.810');
  });

  test('the spec formula for other cells', () => {
    for (const arch of [ALL_NONE, ALL_1X1, MIXED, INDEX1])
      for (const n of [10, 100, 120]) assert.equal(params(arch, n), specFormula(arch, n), `${arch} / ${n}`);
    // All-none: only the skeleton (stem 464, residual blocks 14,464 + 57,600, lastact 128, classifier 650).
    assert.equal(params(ALL_NONE, 10), 73_306);
  });

  test('per-op counts in each stage: conv3×3 2,336 / 9,280 / 36,992, conv1×1 288 / 1,088 / 4,224', () => {
    const one = (arch: string, c: number): number => {
      const cell = new Nb201InferCell(arch, c, c);
      const n = cell.numParameters();
      cell.dispose();
      return n;
    };
    const conv3Only = '|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|';
    const conv1Only = '|nor_conv_1x1~0|+|none~0|none~1|+|none~0|none~1|none~2|';
    assert.deepEqual(
      [16, 32, 64].map((c) => one(conv3Only, c)),
      [2_336, 9_280, 36_992],
    );
    assert.deepEqual(
      [16, 32, 64].map((c) => one(conv1Only, c)),
      [288, 1_088, 4_224],
    );
  });

  test('tsnas train / eval arch resolution: NB201 zoo entries, arch strings, files; DARTS-only resolveArch refuses them', () => {
    const zoo = resolveEvalArch('NB201_best_cifar10');
    assert.equal(zoo.genotype.kind, 'nb201');
    const net = buildEvalNetwork(zoo.genotype, { family: 'cifar', channels: 16, layers: 5, numClasses: 10, auxiliary: false });
    assert.equal(
      net.numParameters(),
      specFormula('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|', 10),
    );
    net.dispose();
    assert.equal(resolveEvalArch(` ${INDEX1}`).genotype.kind, 'nb201');
    const file = join(root, 'arch.txt');
    writeFileSync(file, INDEX1 + '\n');
    assert.deepEqual(resolveEvalArch(file).genotype, parseNb201Arch(INDEX1));
    writeFileSync(file, JSON.stringify({ kind: 'nb201', arch: INDEX1 }));
    assert.deepEqual(resolveEvalArch(file).genotype, parseNb201Arch(INDEX1));
    assert.throws(() => resolveArch('NB201_best_cifar10'), /NAS-Bench-201 cell/);
    assert.equal(resolveEvalArch('DARTS_V2').genotype.kind, 'darts');
  });

  test('state_dict names follow AutoDL TinyNetwork / InferCell / ResNetBasicblock', () => {
    const net = new Nb201Network(parseNb201Arch(INDEX1), { numClasses: 10 });
    const keys = [...net.stateDict().keys()];
    for (const k of [
      'stem.0.weight',
      'stem.1.running_mean',
      'cells.0.layers.0.op.1.weight',
      'cells.0.layers.0.op.2.weight',
      'cells.4.layers.4.op.2.num_batches_tracked',
      'cells.5.conv_a.op.1.weight',
      'cells.5.conv_b.op.2.bias',
      'cells.5.downsample.1.weight',
      'cells.11.conv_a.op.1.weight',
      'cells.16.layers.4.op.1.weight',
      'lastact.0.weight',
      'lastact.0.running_var',
      'classifier.weight',
      'classifier.bias',
    ])
      assert.ok(keys.includes(k), `missing ${k}`);
    assert.equal(net.cells.length, 17);
    assert.ok(!keys.some((k) => k.startsWith('cells.17')));
    net.dispose();
  });

  test('search supernet: affine-free cell BN, one [6, 5] α, AutoDL edge keys', () => {
    const net = new Nb201Supernet({ numClasses: 10 });
    const keys = [...net.stateDict().keys()];
    assert.ok(keys.includes('cells.0.edges.1<-0.2.op.1.weight'));
    assert.ok(keys.includes('cells.0.edges.3<-2.3.op.2.running_mean'));
    assert.ok(!keys.includes('cells.0.edges.1<-0.2.op.2.weight'), 'search-cell BN must be affine=False');
    assert.ok(keys.includes('cells.5.conv_a.op.2.weight'), 'residual blocks keep affine BN');
    // 15 search cells, each with 6 edges holding one conv1×1 and one conv3×3 (weights only).
    const cellParams = 5 * 6 * (16 * 16 * 10 + 32 * 32 * 10 + 64 * 64 * 10);
    assert.equal(net.numParameters(), 464 + 14_464 + 57_600 + 128 + 650 + cellParams);
    net.dispose();
    const arch = NB201_SPACE.createArch({ channels: 16, layers: 5, numClasses: 10, inChannels: 3, steps: 4 }, 'small-normal', 'cpu');
    assert.deepEqual([...arch.named.keys()], ['alphas_cell0']);
    assert.deepEqual(arch.tensors()[0]!.shape, [6, 5]);
    arch.dispose();
  });
});

// An independent PyTorch TinyNetwork from the spec text (not from our modules).
const REFERENCE = `
import json, sys, torch, torch.nn as nn
OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3']
class RCB(nn.Module):
    def __init__(s, ci, co, k, st, p, affine):
        super().__init__()
        s.op = nn.Sequential(nn.ReLU(inplace=False), nn.Conv2d(ci, co, k, st, p, bias=False), nn.BatchNorm2d(co, affine=affine))
    def forward(s, x): return s.op(x)
class Pool(nn.Module):
    def __init__(s):
        super().__init__(); s.op = nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)
    def forward(s, x): return s.op(x)
class Zero(nn.Module):
    def forward(s, x): return x.mul(0.)
class Ident(nn.Module):
    def forward(s, x): return x
def make(name, c, affine):
    return {'none': lambda: Zero(), 'skip_connect': lambda: Ident(), 'nor_conv_1x1': lambda: RCB(c, c, 1, 1, 0, affine),
            'nor_conv_3x3': lambda: RCB(c, c, 3, 1, 1, affine), 'avg_pool_3x3': lambda: Pool()}[name]()
class Res(nn.Module):
    def __init__(s, ci, co):
        super().__init__()
        s.conv_a = RCB(ci, co, 3, 2, 1, True); s.conv_b = RCB(co, co, 3, 1, 1, True)
        s.downsample = nn.Sequential(nn.AvgPool2d(kernel_size=2, stride=2, padding=0), nn.Conv2d(ci, co, 1, 1, 0, bias=False))
    def forward(s, x): return s.downsample(x) + s.conv_b(s.conv_a(x))
class Infer(nn.Module):
    def __init__(s, arch, c):
        super().__init__()
        nodes = [[(p.split('~')[0], int(p.split('~')[1])) for p in part.split('|') if p] for part in arch.split('+')]
        s.layers = nn.ModuleList(); s.plan = []
        for node in nodes:
            s.plan.append([(len(s.layers) + k, src) for k, (op, src) in enumerate(node)])
            for op, src in node: s.layers.append(make(op, c, True))
    def forward(s, x, w=None):
        st = [x]
        for node in s.plan: st.append(sum(s.layers[l](st[j]) for l, j in node))
        return st[-1]
class Search(nn.Module):
    def __init__(s, c):
        super().__init__()
        s.edges = nn.ModuleDict()
        for i in range(1, 4):
            for j in range(i): s.edges['%d<-%d' % (i, j)] = nn.ModuleList([make(o, c, False) for o in OPS])
        s.keys = sorted(s.edges.keys())
    def forward(s, x, w):
        st = [x]
        for i in range(1, 4):
            st.append(sum(sum(op(st[j]) * ww for op, ww in zip(s.edges['%d<-%d' % (i, j)], w[s.keys.index('%d<-%d' % (i, j))])) for j in range(i)))
        return st[-1]
class Net(nn.Module):
    def __init__(s, C, N, classes, inC, cell):
        super().__init__()
        s.stem = nn.Sequential(nn.Conv2d(inC, C, 3, padding=1, bias=False), nn.BatchNorm2d(C))
        chans = [C] * N + [2 * C] + [2 * C] * N + [4 * C] + [4 * C] * N
        reds = [False] * N + [True] + [False] * N + [True] + [False] * N
        s.cells = nn.ModuleList(); prev = C
        for c, r in zip(chans, reds):
            s.cells.append(Res(prev, c) if r else cell(c)); prev = c
        s.lastact = nn.Sequential(nn.BatchNorm2d(prev), nn.ReLU(inplace=True))
        s.global_pooling = nn.AdaptiveAvgPool2d(1)
        s.classifier = nn.Linear(prev, classes)
    def forward(s, x, w=None):
        f = s.stem(x)
        for c in s.cells: f = c(f, w) if not isinstance(c, Res) else c(f)
        return s.classifier(s.global_pooling(s.lastact(f)).view(f.size(0), -1))
out = []
for path in sys.argv[1:]:
    ck = torch.load(path)
    C, N, classes, inC = int(ck['C']), int(ck['N']), int(ck['classes']), int(ck['in'])
    if ck['mode'] == 'final':
        net = Net(C, N, classes, inC, lambda c: Infer(ck['arch'], c)); w = None
    else:
        net = Net(C, N, classes, inC, Search); w = torch.softmax(ck['alpha'], dim=-1)
    net.load_state_dict(ck['state_dict'], strict=True)
    full = Net(16, 5, 10, 3, (lambda c: Infer(ck['arch'], c)) if ck['mode'] == 'final' else Search)
    net.train(); y_train = net(ck['x'], w)
    net.eval()
    with torch.no_grad(): y_eval = net(ck['x'], w)
    out.append({'train': y_train.tolist(), 'eval': y_eval.tolist(), 'params': sum(p.numel() for p in full.parameters())})
print(json.dumps(out))
`;

function close(a: number[][], b: number[][], what: string): void {
  assert.equal(a.length, b.length);
  a.forEach((row, i) =>
    row.forEach((v, j) =>
      assert.ok(Math.abs(v - b[i]![j]!) <= 1e-4 + 1e-4 * Math.abs(b[i]![j]!), `${what}[${i}][${j}]: ${v} vs PyTorch ${b[i]![j]}`),
    ),
  );
}

test('NB201 forward vs an independent PyTorch TinyNetwork (final and search networks; train- and eval-mode BN; strict keys)', {
  skip: pythonSkip(),
}, () => {
  const script = join(root, 'nb201_reference.py');
  writeFileSync(script, REFERENCE);
  manualSeed(7);
  const [C, N, classes, inC] = [4, 1, 3, 2];
  const arch = MIXED;
  const x = randn([3, inC, 8, 8]).keep();
  const alpha = randn([6, 5]).keep();
  const runs = (['final', 'search'] as const).map((mode) => {
    const net =
      mode === 'final'
        ? new Nb201Network(parseNb201Arch(arch), { channels: C, cellsPerStage: N, numClasses: classes, inChannels: inC })
        : new Nb201Supernet({ channels: C, cellsPerStage: N, numClasses: classes, inChannels: inC });
    const file = join(root, `${mode}.pt`);
    saveTorchCheckpoint(
      file,
      new Map<PickleTree, PickleTree>([
        ['mode', mode],
        ['arch', arch],
        ['C', C],
        ['N', N],
        ['classes', classes],
        ['in', inC],
        ['x', x],
        ['alpha', alpha],
        ['state_dict', net.stateDict()],
      ]),
    );
    const forward = (): Tensor => (net instanceof Nb201Network ? net.forward(x).logits : net.forward(x, { weights: () => alpha.softmax(-1) }));
    net.train();
    const yTrain = noGrad(forward).toArray() as number[][];
    net.eval();
    const yEval = noGrad(forward).toArray() as number[][];
    net.dispose();
    const full = mode === 'final' ? new Nb201Network(parseNb201Arch(arch), { numClasses: 10 }) : new Nb201Supernet({ numClasses: 10 });
    const fullParams = full.numParameters();
    full.dispose();
    return { mode, file, yTrain, yEval, fullParams };
  });
  const ref = runPythonJson<{ train: number[][]; eval: number[][]; params: number }[]>(
    script,
    runs.map((r) => r.file),
  );
  runs.forEach((r, i) => {
    close(r.yTrain, ref[i]!.train, `${r.mode}: train-mode logits`);
    close(r.yEval, ref[i]!.eval, `${r.mode}: eval-mode logits (running statistics after one training forward)`);
    assert.equal(r.fullParams, ref[i]!.params, `${r.mode}: C=16, N=5 parameter count vs PyTorch`);
  });
});
