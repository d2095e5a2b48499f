// The op registry (src/nas/ops/registry.ts): every registered op's declared parameter count against the module it
// builds, its fast-path methods against its layer chain, the reference's state_dict keys, fresh outputs, and unknown
// op names as errors that name the known ones.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DARTOPTI_PRIMITIVES,
  DARTS_PRIMITIVES,
  DARTS_SPACE_OPS,
  DDARTS_SPACE_OPS,
  DROPNAS_PRIMITIVES,
  FAIRDARTS_PRIMITIVES,
  HAND_DESIGNED_OPS,
  NB201_PRIMITIVES,
  NOISY_DARTS_PRIMITIVES,
  PT_DARTS_PRIMITIVES,
} from '../../src/nas/genotype/primitives.js';
import { createNb201Op, NB201_SEARCH_BN } from '../../src/nas/nb201/ops.js';
import { isNormTerminated, isPreActivated } from '../../src/nas/ops/chain.js';
import { ReLUConvBN } from '../../src/nas/ops/operations.js';
import { createOp, createSearchOp, hasFreshOutput, OPS, opNames, opSpec } from '../../src/nas/ops/registry.js';
import { manualSeed, noGrad, randn, type Tensor, tidy } from '../../src/tensor/index.js';

const POOLS = new Set(['avg_pool_3x3', 'max_pool_3x3']);

test('the registered ops are exactly those the DARTS and D-DARTS genotypes may name, and every search list is covered', () => {
  assert.deepEqual(opNames().sort(), [...new Set([...DARTS_SPACE_OPS, ...DDARTS_SPACE_OPS])].sort());
  for (const list of [
    DARTS_PRIMITIVES,
    FAIRDARTS_PRIMITIVES,
    NOISY_DARTS_PRIMITIVES,
    PT_DARTS_PRIMITIVES,
    DROPNAS_PRIMITIVES,
    HAND_DESIGNED_OPS,
    DARTOPTI_PRIMITIVES,
  ]) {
    for (const name of list) assert.equal(opSpec(name).name, name);
  }
  assert.deepEqual(Object.keys(OPS), opNames());
});

test("every registered op: the declared parameter count is the built module's, at several (C, stride, affine)", () => {
  for (const name of opNames()) {
    const spec = opSpec(name);
    for (const c of [2, 6, 16]) {
      for (const stride of [1, 2]) {
        for (const affine of [true, false]) {
          const op = createOp(name, c, stride, affine);
          assert.equal(spec.parameters(c, stride, affine), op.numParameters(), `${name} C ${c} stride ${stride} affine ${affine}`);
          op.dispose();
        }
        // The search-time module (a pool with its non-affine BN) holds the non-affine count.
        const search = createSearchOp(name, c, stride);
        assert.equal(spec.parameters(c, stride, false), search.numParameters(), `search ${name} C ${c} stride ${stride}`);
        search.dispose();
      }
    }
  }
});

test("the D-DARTS ops' declared parameters are the formulas of spec ddarts-dartopti §2.2", () => {
  const c = 10;
  assert.equal(opSpec('conv_3x1_1x3').parameters(c, 1, true), 6 * c * c + 2 * c);
  assert.equal(opSpec('simple_conv_3x3').parameters(c, 2, true), 9 * c * c + 2 * c);
  assert.equal(opSpec('bottleneck_1x3x1').parameters(c, 1, true), 18 * c * c + 14 * c);
  assert.equal(opSpec('bottleneck_1x3x1').parameters(c, 2, false), 18 * c * c);
});

/** Keys of a chain whose children `convs` are bias-free convolutions and `norms` BatchNorm2d's, in child order. */
function chainKeys(prefix: string, convs: readonly number[], norms: readonly number[]): string[] {
  const keys: string[] = [];
  for (const i of [...convs, ...norms].sort((a, b) => a - b)) {
    if (convs.includes(i)) keys.push(`${prefix}${i}.weight`);
    else for (const k of ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']) keys.push(`${prefix}${i}.${k}`);
  }
  return keys;
}

test("the chain ops keep the reference's state_dict keys", () => {
  const expected: [string, string[]][] = [
    ['sep_conv_3x3', chainKeys('op.', [1, 2, 5, 6], [3, 7])],
    ['dil_conv_5x5', chainKeys('op.', [1, 2], [3])],
    ['conv_7x1_1x7', chainKeys('', [1, 2], [3])],
    ['conv_3x1_1x3', chainKeys('op.', [1, 2], [3])],
    ['simple_conv_1x1', chainKeys('op.', [1], [2])],
    ['bottleneck_1x3x1', chainKeys('op.', [1, 3, 5, 8], [2, 4, 6, 9])],
  ];
  for (const [name, keys] of expected) {
    const op = createOp(name, 4, 1, true);
    assert.deepEqual([...op.stateDict().keys()], keys, name);
    op.dispose();
  }
  const pool = createSearchOp('max_pool_3x3', 4, 1);
  assert.deepEqual([...pool.stateDict().keys()], ['1.running_mean', '1.running_var', '1.num_batches_tracked']);
  pool.dispose();
});

function assertSame(a: Tensor, b: Tensor, what: string): void {
  const d = tidy(() => a.sub(b).abs().max().item());
  assert.ok(d <= 1e-6, `${what}: differs by ${d}`);
}

test('every search op: the shared-ReLU and folded-BN methods its chain layout gives compute what forward does', () => {
  manualSeed(4);
  for (const name of opNames()) {
    for (const stride of [1, 2]) {
      const op = createSearchOp(name, 6, stride);
      const what = `${name} stride ${stride}`;
      const plain = name === 'none' || (name === 'skip_connect' && stride === 1);
      assert.equal(isPreActivated(op), !plain && !POOLS.has(name), `${what}: PreActivated`);
      assert.equal(isNormTerminated(op), !plain, `${what}: NormTerminated`);
      noGrad(() =>
        tidy(() => {
          const x = randn([2, 6, 8, 8]);
          const y = op.forward(x);
          if (isPreActivated(op)) assertSame(op.forwardPreActivated(x.relu()), y, `${what}: forwardPreActivated`);
          if (isNormTerminated(op)) {
            assertSame(op.finalNorm.forward(op.forwardBeforeNorm(x, false)), y, `${what}: forwardBeforeNorm`);
            if (isPreActivated(op)) assertSame(op.finalNorm.forward(op.forwardBeforeNorm(x.relu(), true)), y, `${what}: pre-activated`);
          }
        }),
      );
      op.dispose();
    }
  }
});

test('fresh outputs: every op but the zero op and the stride-1 identity; nothing for modules built outside the registry', () => {
  for (const name of opNames()) {
    for (const stride of [1, 2]) {
      const op = createOp(name, 4, stride, true);
      assert.equal(hasFreshOutput(op), !(name === 'none' || (name === 'skip_connect' && stride === 1)), `${name} stride ${stride}`);
      op.dispose();
    }
  }
  const direct = new ReLUConvBN(4, 4, 1, 1, 0, true);
  assert.equal(hasFreshOutput(direct), false);
  direct.dispose();
});

test('an unknown op is an error naming it, a close name and every known one', () => {
  for (const make of [() => createOp('sep_conv_3x4', 4, 1, true), () => createSearchOp('sep_conv_3x4', 4, 1), () => opSpec('sep_conv_3x4')]) {
    assert.throws(make, (e: Error) => {
      assert.match(e.message, /^unknown operation 'sep_conv_3x4' \(did you mean 'sep_conv_3x3'/);
      for (const name of opNames()) assert.ok(e.message.includes(name), `${name} is not listed: ${e.message}`);
      return true;
    });
  }
  assert.throws(
    () => createNb201Op('nor_conv_3x4', 4, 4, 1, NB201_SEARCH_BN),
    new RegExp(
      `^Error: unknown NAS-Bench-201 operation 'nor_conv_3x4' \\(did you mean 'nor_conv_3x3'.*\\) \\(known: ${NB201_PRIMITIVES.join(', ')}\\)$`,
    ),
  );
});
