// Parsing of numeric option values (command line, method options) with messages that name the option.
// Only decimal spellings are accepted: Number() alone would take '' and ' ' (0), '0x10' (16), '0b11' (3), 'Infinity'
// and '1e400' (Infinity); a typo should be an error, not a different number.

export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function quoted(v: string): string {
  return `'${v}'`;
}

/** An integer option (>= `min`, <= `max`): a decimal spelling of a whole number ('100', '1e3'), at most 2^53 - 1. */
export function intOption(v: string, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
  const s = String(v);
  if (!DECIMAL.test(s)) {
    const hint = /^\s|\s$/.test(s) ? ' (no spaces)' : /^[+-]?0x/i.test(s) ? ' (decimal digits, not hex)' : '';
    throw new Error(`${name} must be an integer ${range}, got ${quoted(s)}${hint}`);
  }
  const n = Number(s);
  if (!Number.isFinite(n) || (Number.isInteger(n) && !Number.isSafeInteger(n))) {
    throw new Error(`${name} must be an integer ${range}, got ${quoted(s)} (${n > 0 ? 'too large' : 'too small'} for an integer option)`);
  }
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer ${range}, got ${quoted(s)} (not a whole number)`);
  if (n < min || n > max) throw new Error(`${name} must be an integer ${range}, got ${quoted(s)}`);
  return n;
}

/** A finite decimal number option in [min, max] (either bound may be left open). */
export function floatOption(v: string, name: string, min = -Infinity, max = Infinity): number {
  const range =
    Number.isFinite(min) && Number.isFinite(max)
      ? `a finite number in [${min}, ${max}]`
      : Number.isFinite(min)
        ? `a finite number >= ${min}`
        : Number.isFinite(max)
          ? `a finite number <= ${max}`
          : 'a finite number';
  const s = String(v);
  if (!DECIMAL.test(s)) {
    const hint = /^\s|\s$/.test(s) ? ' (no spaces)' : /inf|nan/i.test(s) ? '' : /^[+-]?0x/i.test(s) ? ' (decimal, not hex)' : '';
    throw new Error(`${name} must be ${range}, got ${quoted(s)}${hint}`);
  }
  const n = Number(s);
  if (!Number.isFinite(n))
    throw new Error(`${name} must be ${range}, got ${quoted(s)} (${n > 0 ? 'too large' : 'too small'}: beyond the double range)`);
  if (n < min || n > max) throw new Error(`${name} must be ${range}, got ${quoted(s)}`);
  return n;
}
