// PyTorch's tensor printout (torch/_tensor_str.py): fixed 4-decimal or scientific notation chosen from the
// value range, integral floats as `1.`, summarised with `...` past 1000 elements, and the dtype / device /
// grad suffixes Python shows.
import type { DType } from './dtype.js';

const THRESHOLD = 1000;
const EDGE = 3;
const LINE_WIDTH = 80;

function floatFormatter(values: number[]): (v: number) => string {
  const finite = values.filter((v) => Number.isFinite(v));
  const fmtSpecial = (v: number): string => (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf');
  if (finite.length === 0) return fmtSpecial;
  if (finite.every((v) => Number.isInteger(v))) {
    const maxAbs = Math.max(...finite.map(Math.abs));
    if (maxAbs > 1e8) return (v) => (Number.isFinite(v) ? toPyExp(v, 4) : fmtSpecial(v));
    return (v) => (Number.isFinite(v) ? `${v.toFixed(0)}.` : fmtSpecial(v));
  }
  const nonzero = finite.map(Math.abs).filter((v) => v !== 0);
  const max = nonzero.length ? Math.max(...nonzero) : 0;
  const min = nonzero.length ? Math.min(...nonzero) : 0;
  const sci = nonzero.length > 0 && (max / min > 1000 || max > 1e8 || min < 1e-4);
  if (sci) return (v) => (Number.isFinite(v) ? toPyExp(v, 4) : fmtSpecial(v));
  return (v) => (Number.isFinite(v) ? v.toFixed(4) : fmtSpecial(v));
}

/** Python's `{:.4e}`: exponent with sign and at least two digits. */
function toPyExp(v: number, digits: number): string {
  const [m, e] = v.toExponential(digits).split('e') as [string, string];
  const sign = e.startsWith('-') ? '-' : '+';
  const mag = e.replace(/^[+-]/, '').padStart(2, '0');
  return `${m}e${sign}${mag}`;
}

function pyDtype(d: DType): string {
  const names: Record<DType, string> = {
    float32: 'float32',
    float64: 'float64',
    float16: 'float16',
    bfloat16: 'bfloat16',
    int64: 'int64',
    int32: 'int32',
    int16: 'int16',
    int8: 'int8',
    uint8: 'uint8',
    bool: 'bool',
  };
  return `torch.${names[d]}`;
}

export function formatTensor(
  flat: number[],
  shape: readonly number[],
  dtype: DType,
  device: string,
  requiresGrad: boolean,
  gradFn: string | null,
): string {
  const numel = shape.reduce((a, b) => a * b, 1);
  const summarize = numel > THRESHOLD;
  const isBool = dtype === 'bool';
  const isFloat = dtype.startsWith('float') || dtype === 'bfloat16';
  // Values that will be shown decide the format, as in PyTorch.
  const shown = summarize ? shownValues(flat, shape) : flat;
  const fmt = isBool ? (v: number) => (v !== 0 ? 'True' : 'False') : isFloat ? floatFormatter(shown) : (v: number) => String(v);
  const width = Math.max(1, ...shown.map((v) => fmt(v).length));
  const cell = (v: number): string => fmt(v).padStart(width);
  const prefix = 'tensor(';
  let body: string;
  if (shape.length === 0) body = fmt(flat[0]!);
  else if (numel === 0) body = '[]';
  else body = formatDim(flat, shape, 0, 0, prefix.length, cell, width, summarize);
  const suffixes: string[] = [];
  if (numel === 0 && shape.length > 1) suffixes.push(`size=(${shape.join(', ')})`);
  if (device !== 'cpu') suffixes.push(`device='${device}'`);
  if (dtype !== 'float32' && dtype !== 'int64' && dtype !== 'bool') suffixes.push(`dtype=${pyDtype(dtype)}`);
  if (gradFn) suffixes.push(`grad_fn=<${gradFn.replace(/^torch::autograd::/, '')}>`);
  else if (requiresGrad) suffixes.push('requires_grad=True');
  const suffix = suffixes.length ? `, ${suffixes.join(', ')}` : '';
  return `${prefix}${body}${suffix})`;
}

function strideOf(shape: readonly number[], d: number): number {
  let s = 1;
  for (let i = d + 1; i < shape.length; i++) s *= shape[i]!;
  return s;
}

function indicesFor(n: number, summarize: boolean): (number | null)[] {
  if (!summarize || n <= 2 * EDGE) return Array.from({ length: n }, (_, i) => i);
  return [0, 1, 2, null, n - 3, n - 2, n - 1];
}

function shownValues(flat: number[], shape: readonly number[]): number[] {
  const out: number[] = [];
  const walk = (d: number, offset: number): void => {
    for (const i of indicesFor(shape[d]!, true)) {
      if (i === null) continue;
      const o = offset + i * strideOf(shape, d);
      if (d === shape.length - 1) out.push(flat[o]!);
      else walk(d + 1, o);
    }
  };
  walk(0, 0);
  return out;
}

function formatDim(
  flat: number[],
  shape: readonly number[],
  d: number,
  offset: number,
  indent: number,
  cell: (v: number) => string,
  width: number,
  summarize: boolean,
): string {
  const idx = indicesFor(shape[d]!, summarize);
  if (d === shape.length - 1) {
    const parts = idx.map((i) => (i === null ? '...' : cell(flat[offset + i]!)));
    // Wrap long rows the way PyTorch does: as many elements per line as fit in the line width.
    const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / (width + 2)));
    const lines: string[] = [];
    for (let i = 0; i < parts.length; i += perLine) lines.push(parts.slice(i, i + perLine).join(', '));
    return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
  }
  const stride = strideOf(shape, d);
  const rows = idx.map((i) => (i === null ? '...' : formatDim(flat, shape, d + 1, offset + i * stride, indent + 1, cell, width, summarize)));
  const sep = `,${'\n'.repeat(shape.length - d - 1)}${' '.repeat(indent + 1)}`;
  return `[${rows.join(sep)}]`;
}
