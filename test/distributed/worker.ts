// One rank of a distributed test scenario (test/distributed/harness.ts starts it with torchrun's environment).
// Prints one JSON line with what the test checks.
import { distributed as dist, nn, noGrad, tensor, type Tensor } from '../../src/index.js';

const scenario = process.argv[2];
const out = (v: unknown): void => void process.stdout.write(`${JSON.stringify(v)}\n`);

function collectives(): void {
  const g = dist.initProcessGroup({ timeoutMs: 20_000 });
  const r = g.rank;
  const sum = tensor([r + 1, 10 * (r + 1)]);
  g.allReduce(sum, 'sum');
  const max = tensor([r, -r]);
  g.allReduce(max, 'max');
  const min = tensor([r, -r]);
  g.allReduce(min, 'min');
  const prod = tensor([r + 2]);
  g.allReduce(prod, 'product');
  const avg = tensor([2 * r, 4]);
  g.allReduce(avg, 'avg');
  // Several tensors of two dtypes and a non-contiguous one travel together.
  const a = tensor([
    [1, 2],
    [3, 4],
  ])
    .mul(r + 1)
    .t();
  const b = tensor([r, 1], { dtype: 'int64' });
  g.allReduce([a, b], 'sum');
  const bc = tensor([r * 7, r * 7 + 1]);
  g.broadcast(bc, g.size - 1);
  const gathered = g.allGather(tensor([r, r * r]));
  g.barrier();
  const numbers = g.allReduceNumbers([r, 0.5, 2 ** 40 + r], 'sum');
  out({
    rank: r,
    size: g.size,
    sum: sum.toArray(),
    max: max.toArray(),
    min: min.toArray(),
    prod: prod.toArray(),
    avg: avg.toArray(),
    a: a.toArray(),
    aContiguous: a.isContiguous(),
    b: b.toArray(),
    bc: bc.toArray(),
    gathered: gathered.map((t) => t.toArray()),
    numbers,
  });
  dist.destroyProcessGroup();
}

/** Linear model y = Wx + b, loss = mean(CE): each rank's half batch; gradients compared with the full batch's. */
function reducer(): void {
  const g = dist.initProcessGroup({ timeoutMs: 20_000 });
  const model = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2));
  // Different initial weights on each rank: DDP must make them rank 0's.
  noGrad(() => {
    for (const p of model.parameters()) p.add_(g.rank);
  });
  const ddp = new dist.DistributedDataParallel(model, { processGroup: g, bucketCapMb: 16 / (1024 * 1024), firstBucketCapMb: 16 / (1024 * 1024) });
  const x = tensor([
    [1, 2, 3],
    [0.5, -1, 2],
    [-2, 0.3, 1],
    [0.1, 0.2, -0.7],
  ]);
  const y = tensor([0, 1, 1, 0], { dtype: 'int64' });
  const half = (t: Tensor): Tensor => t.narrow(0, 2 * g.rank, 2);
  nn.functional.crossEntropy(model.forward(half(x)), half(y)).backward();
  const reduced = model.parameters().map((p) => p.grad!.toArray());
  const weights = model.parameters().map((p) => p.toArray());
  // The same model on the whole batch in this process alone.
  model.zeroGrad();
  ddp.reducer.enabled = false;
  nn.functional.crossEntropy(model.forward(x), y).backward();
  const full = model.parameters().map((p) => p.grad!.toArray());
  ddp.reducer.enabled = true;
  out({ rank: g.rank, reduced, full, weights, stats: ddp.reducer.stats() });
  ddp.dispose();
  dist.destroyProcessGroup();
}

/** Rank 1 exits before the collective; rank 0's collective must fail with a clear error, not hang. */
function deadPeer(): void {
  const g = dist.initProcessGroup({ timeoutMs: Number(process.env.TEST_TIMEOUT_MS ?? 15_000) });
  g.barrier();
  if (g.rank === 1) process.exit(3);
  const started = Date.now();
  try {
    for (let i = 0; i < 3; i++) g.allReduce(tensor([1, 2, 3]));
    out({ rank: g.rank, error: null });
  } catch (e) {
    out({ rank: g.rank, error: (e as Error).message, seconds: (Date.now() - started) / 1000 });
  }
}

/** Rank 1 stays alive but never joins: rank 0 fails at the group's timeout. */
function silentPeer(): void {
  const g = dist.initProcessGroup({ timeoutMs: 3000 });
  g.barrier();
  if (g.rank === 1) {
    setTimeout(() => process.exit(0), 8000);
    return;
  }
  try {
    g.allReduce(tensor([1]));
    out({ rank: g.rank, error: null });
  } catch (e) {
    out({ rank: g.rank, error: (e as Error).message });
  }
  process.exit(0);
}

/** The other rendezvous: file:// and tcp:// groups side by side, and the store's own operations. */
function rendezvous(): void {
  const rank = Number(process.env.RANK);
  const worldSize = Number(process.env.WORLD_SIZE);
  const viaFile = dist.newGroup({ initMethod: `file://${process.env.TEST_STORE_FILE}`, rank, worldSize, timeoutMs: 20_000 });
  const viaTcp = dist.newGroup({ initMethod: `tcp://127.0.0.1:${process.env.MASTER_PORT}`, rank, worldSize, timeoutMs: 20_000 });
  const a = tensor([rank + 1]);
  viaFile.allReduce(a);
  const b = tensor([10 * (rank + 1)]);
  viaTcp.allReduce(b);
  const store = new dist.FileStore(`${process.env.TEST_STORE_FILE}.kv`, worldSize);
  store.set(`from${rank}`, `hello from ${rank}`);
  const counted = store.add('count', rank + 1);
  store.wait(
    Array.from({ length: worldSize }, (_, r) => `from${r}`),
    20_000,
  );
  const heard = Array.from({ length: worldSize }, (_, r) => store.get(`from${r}`).toString());
  viaFile.barrier();
  out({ rank, file: a.toArray(), tcp: b.toArray(), heard, counted, total: store.add('count', 0) });
}

const scenarios: Record<string, () => void> = { collectives, reducer, deadPeer, silentPeer, rendezvous };
const run = scenarios[scenario ?? ''];
if (!run) throw new Error(`unknown scenario ${scenario}`);
run();
