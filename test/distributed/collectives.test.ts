// c10d through the addon, two real processes on loopback with Gloo: each collective against values worked out by
// hand, the gradient reducer against the same model's full-batch gradients, and a rank that stops or never arrives
// ending the other with an error instead of a hang.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { distributed as dist } from '../../src/index.js';
import { failures, runRanks } from './harness.js';

const skip = dist.isGlooAvailable() ? false : 'the addon was built without Gloo (its headers were missing)';

describe('distributed collectives (2 ranks, Gloo, loopback)', { skip, timeout: 120_000 }, () => {
  it('allReduce, broadcast, allGather, barrier give the hand-computed values on every rank', async () => {
    const ranks = await runRanks('collectives', 2);
    assert.equal(failures(ranks), '');
    for (const { result } of ranks) {
      const r = result as Record<string, unknown>;
      assert.deepEqual(r.sum, [1 + 2, 10 + 20]);
      assert.deepEqual(r.max, [1, 0]);
      assert.deepEqual(r.min, [0, -1]);
      assert.deepEqual(r.prod, [2 * 3]);
      assert.deepEqual(r.avg, [(0 + 2) / 2, 4]);
      // [[1,2],[3,4]]ᵀ·1 + [[1,2],[3,4]]ᵀ·2, written back into the non-contiguous view it came from.
      assert.deepEqual(r.a, [
        [3, 9],
        [6, 12],
      ]);
      assert.equal(r.aContiguous, false);
      assert.deepEqual(r.b, [0 + 1, 1 + 1]);
      assert.deepEqual(r.bc, [7, 8]);
      assert.deepEqual(r.gathered, [
        [0, 0],
        [1, 1],
      ]);
      // float64 on the wire: 2^40 + 0 + 2^40 + 1 is exact.
      assert.deepEqual(r.numbers, [1, 1, 2 ** 41 + 1]);
    }
  });

  it('three ranks agree too', async () => {
    const ranks = await runRanks('collectives', 3);
    assert.equal(failures(ranks), '');
    for (const { result } of ranks) {
      const r = result as Record<string, unknown>;
      assert.deepEqual(r.sum, [6, 60]);
      assert.deepEqual(r.prod, [2 * 3 * 4]);
      assert.deepEqual(r.bc, [14, 15]);
    }
  });

  it("the reducer averages gradients while the backward runs: two half batches give the full batch's gradients", async () => {
    const ranks = await runRanks('reducer', 2);
    assert.equal(failures(ranks), '');
    const [r0, r1] = ranks.map((o) => o.result as { reduced: number[][]; full: number[][]; weights: number[][]; stats: dist.ReducerStats });
    // Rank 1 started from other weights: DDP gave it rank 0's.
    assert.deepEqual(r1!.weights, r0!.weights);
    assert.deepEqual(r1!.reduced, r0!.reduced);
    const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
    const got = flat(r0!.reduced);
    const want = flat(r0!.full);
    assert.equal(got.length, want.length);
    for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i]! - want[i]!) < 1e-6, `gradient ${i}: ${got[i]} vs ${want[i]}`);
    // 16-byte buckets: each of the four tensors (48, 16, 32, 8 bytes) in its own bucket, most started mid-backward.
    assert.equal(r0!.stats.buckets, 4);
    assert.equal(r0!.stats.backwards, 1);
    assert.equal(r0!.stats.bucketsDuringBackward + r0!.stats.bucketsAtEnd, 4);
    assert.ok(r0!.stats.bucketsDuringBackward >= 1, JSON.stringify(r0!.stats));
  });

  it('a rank that exits makes the collective of the other fail at once with an error naming it', async () => {
    const ranks = await runRanks('deadPeer', 2, { env: { TEST_TIMEOUT_MS: '60000' } });
    assert.equal(ranks[1]!.code, 3);
    const r = ranks[0]!.result as { error: string | null; seconds: number };
    assert.equal(ranks[0]!.code, 0, failures(ranks));
    assert.match(r.error ?? '', /allReduce\(sum\) of float32\[3\] cpu on rank 0 of 2 \(gloo\) failed: .*(closed|reset)/i);
    // Well before the 60 s timeout: a closed connection is noticed, not waited out.
    assert.ok(r.seconds < 30, `${r.seconds} s`);
  });

  it('file:// and tcp:// rendezvous, and a FileStore shared by the ranks (set, get, add, wait)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsnas-store-'));
    try {
      const ranks = await runRanks('rendezvous', 2, { env: { TEST_STORE_FILE: join(dir, 'store') } });
      assert.equal(failures(ranks), '');
      for (const { result } of ranks) {
        const r = result as { file: number[]; tcp: number[]; heard: string[]; total: number };
        assert.deepEqual(r.file, [3]);
        assert.deepEqual(r.tcp, [30]);
        assert.deepEqual(r.heard, ['hello from 0', 'hello from 1']);
        assert.equal(r.total, 1 + 2);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a rank that never joins makes the other fail at the group's timeout", async () => {
    const ranks = await runRanks('silentPeer', 2);
    const r = ranks[0]!.result as { error: string | null };
    assert.match(r.error ?? '', /timed out.*timeout \(3\.0 s\)/i, failures(ranks));
  });
});
