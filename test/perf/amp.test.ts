// Mixed precision: autocast regions through libtorch's autocast dispatch keys (bfloat16 on CPU here; float16 on CUDA
// when a GPU is present, else those tests skip), the GradScaler's unscale / skip / back-off / growth rules, and
// `--amp` training and search steps on CPU.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Conv2d, Linear } from '../../src/nn/index.js';
import { GradScaler, SGD } from '../../src/optim/index.js';
import { DartsSearch } from '../../src/nas/search/darts.js';
import { networkGenes } from '../../src/nas/eval/from-genotype.js';
import { NetworkCIFAR } from '../../src/nas/eval/networks.js';
import { trainStep } from '../../src/train/trainer.js';
import { autocast, cudaAvailable, isAutocastEnabled, manualSeed, randint, randn, scalar, type Tensor, tidy } from '../../src/tensor/index.js';
import { DARTS_V2 } from '../../bench/workloads.js';

const noGpu = cudaAvailable() ? false : 'no CUDA device on this machine';

describe('autocast', () => {
  test('CPU: convolutions and linear layers run in bfloat16 inside the region, float32 outside; regions nest', () => {
    manualSeed(1);
    const conv = new Conv2d(3, 4, 3, { padding: 1 });
    const lin = new Linear(4, 2);
    tidy(() => {
      const x = randn([2, 3, 6, 6]);
      assert.equal(isAutocastEnabled('cpu'), false);
      const y = autocast(
        () => {
          assert.equal(isAutocastEnabled('cpu'), true);
          const inner = autocast(() => lin.forward(randn([2, 4])), { device: 'cpu' });
          assert.equal(inner.dtype, 'bfloat16');
          assert.equal(isAutocastEnabled('cpu'), true, 'still on after the inner region');
          return conv.forward(x);
        },
        { device: 'cpu' },
      );
      assert.equal(isAutocastEnabled('cpu'), false);
      assert.equal(y.dtype, 'bfloat16');
      const ref = conv.forward(x);
      assert.equal(ref.dtype, 'float32');
      // bfloat16 keeps 8 bits of mantissa: the results agree to about 1e-2 relative.
      const err = y.to({ dtype: 'float32' }).sub(ref).abs().max().item() / ref.abs().max().item();
      assert.ok(err < 2e-2, `bfloat16 conv differs by ${err}`);
    });
  });

  test('enabled: false runs the function unchanged; the state is restored after an exception', () => {
    const conv = new Conv2d(3, 4, 1);
    tidy(() => assert.equal(autocast(() => conv.forward(randn([1, 3, 2, 2])), { device: 'cpu', enabled: false }).dtype, 'float32'));
    assert.throws(
      () =>
        autocast(
          () => {
            throw new Error('boom');
          },
          { device: 'cpu' },
        ),
      /boom/,
    );
    assert.equal(isAutocastEnabled('cpu'), false);
    assert.throws(() => autocast(() => 0, { device: 'cpu', dtype: 'float16' }), /bfloat16 only/);
  });

  test('CUDA: float16 autocast', { skip: noGpu }, () => {
    const conv = new Conv2d(3, 4, 3, { padding: 1 }).to({ device: 'cuda' });
    tidy(() => {
      const y = autocast(() => conv.forward(randn([2, 3, 6, 6], { device: 'cuda' })), { device: 'cuda' });
      assert.equal(y.dtype, 'float16');
    });
  });
});

describe('GradScaler', () => {
  const run = (device: string): void => {
    const lin = new Linear(3, 1).to({ device });
    const opt = new SGD(lin.parameters(), { lr: 0.1 });
    const scaler = new GradScaler({ initScale: 8, growthInterval: 2 });
    const w0 = lin.weight.dataNumbers();
    // A clean step: gradients come back unscaled, the step is taken.
    tidy(() => {
      opt.zeroGrad();
      const x = randn([4, 3], { device });
      const loss = lin.forward(x).square().mean();
      scaler.scale(loss).backward();
      const scaledGrad = lin.weight.grad!.dataNumbers();
      scaler.unscale_(opt);
      const g = lin.weight.grad!.dataNumbers();
      g.forEach((v, i) => assert.ok(Math.abs(v * 8 - scaledGrad[i]!) <= 1e-5 * Math.abs(scaledGrad[i]!) + 1e-7, 'unscaled = scaled / 8'));
      assert.equal(scaler.step(opt), true);
      scaler.update();
    });
    assert.notDeepEqual(lin.weight.dataNumbers(), w0);
    assert.equal(scaler.getScale(), 8, 'one clean step of a growth interval of 2: unchanged');
    // An overflowing step is skipped and the scale backs off.
    const w1 = lin.weight.dataNumbers();
    tidy(() => {
      opt.zeroGrad();
      const loss = lin
        .forward(randn([4, 3], { device }))
        .sum()
        .mul(scalar(Infinity, { device }));
      scaler.scale(loss).backward();
      assert.equal(scaler.step(opt), false);
      scaler.update();
    });
    assert.deepEqual(lin.weight.dataNumbers(), w1, 'skipped step leaves the weights');
    assert.equal(scaler.getScale(), 4);
    // Two clean steps in a row grow it.
    for (let i = 0; i < 2; i++) {
      tidy(() => {
        opt.zeroGrad();
        scaler
          .scale(
            lin
              .forward(randn([4, 3], { device }))
              .square()
              .mean(),
          )
          .backward();
        scaler.step(opt);
        scaler.update();
      });
    }
    assert.equal(scaler.getScale(), 8);
    assert.deepEqual(Object.keys(scaler.stateDict()), ['scale', 'growth_factor', 'backoff_factor', 'growth_interval', '_growth_tracker']);
    scaler.dispose();
    opt.dispose();
  };
  test('unscale, skip on inf/NaN, back-off and growth (CPU arithmetic)', () => run('cpu'));
  test('the same with the CUDA kernels (_amp_foreach_non_finite_check_and_unscale_, _amp_update_scale_)', { skip: noGpu }, () => run('cuda'));
  test('disabled: a pass-through', () => {
    const s = new GradScaler({ enabled: false });
    tidy(() => {
      const l = scalar(3);
      assert.equal(s.scale(l), l);
    });
  });
});

describe('--amp steps on CPU (bfloat16)', () => {
  test('trainStep: the loss tracks the float32 loss and training makes progress', () => {
    manualSeed(2);
    const make = (): NetworkCIFAR => new NetworkCIFAR({ channels: 4, numClasses: 5, layers: 3, auxiliary: true, genes: networkGenes(DARTS_V2) });
    const a = make();
    const b = make();
    b.loadStateDict(a.stateDict());
    const oa = new SGD(a.parameters(), { lr: 0.05, momentum: 0.9 });
    const ob = new SGD(b.parameters(), { lr: 0.05, momentum: 0.9 });
    const batch = { x: randn([8, 3, 16, 16]).keep(), y: randint(0, 5, [8], { dtype: 'int64' }).keep() };
    const losses: [number, number][] = [];
    for (let i = 0; i < 4; i++) {
      const ra = trainStep(a, oa, batch, { gradClip: 5, auxiliaryWeight: 0.4, amp: { device: 'cpu' } });
      const rb = trainStep(b, ob, batch, { gradClip: 5, auxiliaryWeight: 0.4 });
      losses.push([ra.loss(), rb.loss()]);
    }
    for (const [amp, fp32] of losses) assert.ok(Math.abs(amp - fp32) < 0.05 * Math.abs(fp32) + 0.02, `amp loss ${amp} vs float32 ${fp32}`);
    assert.ok(losses[3]![0] < losses[0]![0], 'the loss goes down under amp');
    for (const t of [batch.x, batch.y]) t.dispose();
  });

  test('DartsSearch with amp: first-order steps run in bfloat16 and stay close to float32; second order refuses', () => {
    manualSeed(3);
    const cfg = { channels: 4, layers: 3, numClasses: 5, inChannels: 3 };
    const a = new DartsSearch({ ...cfg, amp: true });
    const b = new DartsSearch(cfg);
    b.net.loadStateDict(a.net.stateDict());
    b.arch.load(a.arch.named);
    const t = { x: randn([6, 3, 12, 12]).keep(), y: randint(0, 5, [6], { dtype: 'int64' }).keep() };
    const v = { x: randn([6, 3, 12, 12]).keep(), y: randint(0, 5, [6], { dtype: 'int64' }).keep() };
    const ra = a.step(t, v);
    const rb = b.step(t, v);
    assert.ok(Math.abs(ra.loss - rb.loss) < 0.05 * rb.loss, `amp ${ra.loss} vs ${rb.loss}`);
    const u = new DartsSearch({ ...cfg, amp: true, unrolled: true });
    assert.throws(() => u.step(t, v), /first-order/);
    for (const s of [a, b, u]) s.dispose();
    for (const x of [t.x, t.y, v.x, v.y] as Tensor[]) x.dispose();
  });
});
