// The engine's memory contract over a long training run: a small CNN trained for 2,000 SGD (momentum) steps,
// each inside tidy, must keep the live tensor count and bytes exactly constant after the first step (when the
// momentum buffers appear), and the process RSS must stop growing once warm.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getNumThreads, memory, nn, randint, randn, setNumThreads, tidy } from '../../src/index.js';
import { SGD } from '../../src/optim/index.js';

const STEPS = 2000;
const WARM = 200;
const RSS_BOUND_MB = 30;

// Tiny tensors: one intra-op thread is fastest, and keeps the run short when the machine is shared (OpenMP
// threads on an oversubscribed machine made these ops ~50x slower). This file runs in its own process.
const threadsBefore = getNumThreads();
setNumThreads(1);

test(`${STEPS} SGD steps of a small CNN: no tensor growth, RSS growth below ${RSS_BOUND_MB} MB after step ${WARM}`, () => {
  const model = new nn.Sequential(
    new nn.Conv2d(1, 8, 3, { padding: 1 }),
    new nn.BatchNorm2d(8),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(8 * 6 * 6, 10),
  );
  const opt = new SGD(model.parameters(), { lr: 0.01, momentum: 0.9, weightDecay: 3e-4 });
  const start = memory();
  let first: { tensors: number; bytes: number } | undefined;
  let rssWarm = 0;
  let lastLoss = NaN;
  const t0 = performance.now();

  for (let step = 1; step <= STEPS; step++) {
    lastLoss = tidy(() => {
      const x = randn([8, 1, 12, 12]);
      const y = randint(0, 10, [8]);
      opt.zeroGrad();
      const loss = nn.functional.crossEntropy(model.forward(x), y);
      loss.backward();
      opt.step();
      return step % 100 === 0 ? loss.item() : lastLoss;
    });
    const m = memory();
    if (first === undefined) {
      first = { tensors: m.tensors, bytes: m.bytes };
      assert.equal(first.tensors, start.tensors + model.parameters().length, 'one momentum buffer per parameter');
    } else if (m.tensors !== first.tensors || m.bytes !== first.bytes) {
      assert.fail(`step ${step}: ${m.tensors} live tensors / ${m.bytes} bytes, after step 1: ${first.tensors} / ${first.bytes}`);
    }
    if (step === WARM) rssWarm = process.memoryUsage().rss;
  }

  const growthMb = (process.memoryUsage().rss - rssWarm) / 2 ** 20;
  const seconds = (performance.now() - t0) / 1000;
  console.log(`# ${STEPS} steps in ${seconds.toFixed(1)} s; RSS growth after step ${WARM}: ${growthMb.toFixed(1)} MB; loss ${lastLoss.toFixed(3)}`);
  assert.ok(Number.isFinite(lastLoss), 'training stayed finite');
  assert.ok(growthMb < RSS_BOUND_MB, `RSS grew ${growthMb.toFixed(1)} MB between step ${WARM} and ${STEPS}`);

  opt.dispose();
  model.dispose();
  assert.equal(
    memory().tensors,
    start.tensors - model.parameters().length - model.buffers().length,
    'disposing the optimizer and the model frees their tensors',
  );
  setNumThreads(threadsBefore);
});
