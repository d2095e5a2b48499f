// tensor.ts is where the Tensor class gets its op methods: a process that imports it and nothing else of tsnas
// (as io/storage.ts does) must still see them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

test('a Tensor imported from tensor.js alone has its op methods and works', () => {
  const url = (path: string): string => JSON.stringify(new URL(path, import.meta.url).href);
  const script = `
    const { Tensor } = await import(${url('../../src/tensor/tensor.js')});
    const { native } = await import(${url('../../src/native.js')});
    const { dtypeCode } = await import(${url('../../src/tensor/dtype.js')});
    const t = new Tensor(native.fromBuffer(new Float32Array([1, 2, 3]), [3], dtypeCode('float32')));
    console.log(JSON.stringify([typeof Tensor.prototype.add, t.add(t).toArray()]));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), ['function', [2, 4, 6]]);
});
