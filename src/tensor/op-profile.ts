// Time per aten operator over a block of work, from libtorch's RecordFunction hooks (native/src/profiler.cc):
// where a step's time goes, without Kineto or a Python profiler.
import { native } from '../native.js';

export interface OpProfileRow {
  name: string;
  calls: number;
  /** Wall time inside the op, nested ops included. */
  totalMs: number;
  /** Wall time inside the op less the ops it called on the same thread. */
  selfMs: number;
}

/** Runs `fn` with operator recording on; returns its result and the rows, largest self time first. */
export function profileOps<T>(fn: () => T): { result: T; rows: OpProfileRow[] } {
  native.opProfileStart();
  let result: T;
  let rows: OpProfileRow[];
  try {
    result = fn();
  } finally {
    rows = native.opProfileStop().sort((a, b) => b.selfMs - a.selfMs);
  }
  return { result, rows };
}

/** A fixed-width table of the largest rows. */
export function formatOpProfile(rows: readonly OpProfileRow[], limit = 25): string {
  const total = rows.reduce((s, r) => s + r.selfMs, 0);
  const lines = [`${'op'.padEnd(44)} ${'calls'.padStart(6)} ${'self ms'.padStart(9)} ${'self %'.padStart(7)} ${'total ms'.padStart(9)}`];
  for (const r of rows.slice(0, limit)) {
    lines.push(
      `${r.name.slice(0, 44).padEnd(44)} ${String(r.calls).padStart(6)} ${r.selfMs.toFixed(1).padStart(9)} ` +
        `${(total > 0 ? (100 * r.selfMs) / total : 0).toFixed(1).padStart(7)} ${r.totalMs.toFixed(1).padStart(9)}`,
    );
  }
  lines.push(`${'all ops'.padEnd(44)} ${''.padStart(6)} ${total.toFixed(1).padStart(9)}`);
  return lines.join('\n');
}
