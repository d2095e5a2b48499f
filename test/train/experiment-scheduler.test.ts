// The experiment scheduler's task pool: never more than `parallel` tasks at once, each in a slot of its own (the slot
// picks the device), a task only after its inputs finished, the dependents of a failed task blocked while the rest go
// on, and nothing new started once the experiment is stopped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runTasks, type Task } from '../../src/train/experiment/scheduler.js';

/** Tasks that end (as `outcome` says) a few event-loop turns after they start, recording what ran alongside. */
function recorder(outcome: (id: string) => 'done' | 'failed' = () => 'done') {
  const running = new Map<string, number>();
  const log = { maxRunning: 0, order: [] as string[], slotClash: false };
  const run = async (t: Task, slot: number): Promise<'done' | 'failed'> => {
    if ([...running.values()].includes(slot)) log.slotClash = true;
    running.set(t.id, slot);
    log.maxRunning = Math.max(log.maxRunning, running.size);
    log.order.push(t.id);
    // Tasks of different lengths, so that they end out of order.
    for (let i = 0; i < 1 + (t.id.length % 3); i++) await new Promise((r) => setImmediate(r));
    running.delete(t.id);
    return outcome(t.id);
  };
  return { run, log };
}

describe('experiment scheduler', () => {
  it('runs at most `parallel` tasks at once, each in its own slot', async () => {
    const tasks = ['a', 'bb', 'ccc', 'd', 'ee', 'fff', 'g'].map((id) => ({ id, deps: [] }));
    for (const parallel of [1, 3, 10]) {
      const { run, log } = recorder();
      const slots = new Set<number>();
      const outcome = await runTasks(tasks, {
        parallel,
        run: (t, slot) => {
          slots.add(slot);
          return run(t, slot);
        },
        stopped: () => false,
      });
      assert.equal(log.maxRunning, Math.min(parallel, tasks.length));
      assert.equal(log.slotClash, false);
      assert.ok([...slots].every((s) => s >= 0 && s < parallel));
      assert.deepEqual([...outcome.values()], Array(7).fill('done'));
      assert.deepEqual([...log.order].sort(), tasks.map((t) => t.id).sort());
    }
  });

  it('starts a task only once all its inputs have finished', async () => {
    const tasks = [
      { id: 's0', deps: [] },
      { id: 's1', deps: [] },
      { id: 'pick', deps: ['s0', 's1'] },
      { id: 't0', deps: ['pick'] },
      { id: 't1', deps: ['pick'] },
    ];
    const { run, log } = recorder();
    const done: string[] = [];
    await runTasks(tasks, {
      parallel: 4,
      run: async (t, slot) => {
        for (const d of t.deps) assert.ok(done.includes(d), `${t.id} started before ${d} finished`);
        const r = await run(t, slot);
        done.push(t.id);
        return r;
      },
      stopped: () => false,
    });
    assert.equal(log.order.indexOf('pick'), 2);
    assert.equal(log.maxRunning, 2);
  });

  it('blocks the dependents of a failed task and runs the others; a throwing task counts as failed', async () => {
    const tasks = [
      { id: 'a', deps: [] },
      { id: 'b', deps: [] },
      { id: 'a2', deps: ['a'] },
      { id: 'a3', deps: ['a2'] },
      { id: 'b2', deps: ['b'] },
      { id: 'x', deps: [] },
    ];
    const { run } = recorder((id) => (id === 'a' ? 'failed' : 'done'));
    const blocked: string[] = [];
    const outcome = await runTasks(tasks, {
      parallel: 2,
      run: (t, slot) => {
        if (t.id === 'x') throw new Error('cannot start');
        return run(t, slot);
      },
      stopped: () => false,
      blocked: (t, input) => blocked.push(`${t.id}<-${input}`),
    });
    assert.deepEqual(Object.fromEntries(outcome), { a: 'failed', a2: 'blocked', a3: 'blocked', b: 'done', b2: 'done', x: 'failed' });
    assert.deepEqual(blocked.sort(), ['a2<-a', 'a3<-a2']);
  });

  it('starts nothing new once stopped; the running tasks end, the rest are "stopped"', async () => {
    const tasks = ['a', 'b', 'c', 'd'].map((id) => ({ id, deps: [] }));
    let stop = false;
    const { run, log } = recorder();
    const outcome = await runTasks(tasks, {
      parallel: 2,
      run: async (t, slot) => {
        const r = await run(t, slot);
        stop = true;
        return r;
      },
      stopped: () => stop,
    });
    assert.deepEqual(log.order, ['a', 'b']);
    assert.deepEqual(Object.fromEntries(outcome), { a: 'done', b: 'done', c: 'stopped', d: 'stopped' });
  });

  it('refuses a task whose input is not among the tasks', () => {
    assert.throws(() => runTasks([{ id: 'a', deps: ['nope'] }], { parallel: 1, run: async () => 'done', stopped: () => false }), /task a needs nope/);
  });
});
