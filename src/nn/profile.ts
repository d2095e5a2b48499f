// Multiply-accumulate counting for Conv2d and Linear (the convention of the DARTS-family papers' MAC tables:
// convolutions and linear layers only; BN, pooling, activations and additions excluded).
let active: { macs: number } | null = null;

/** Runs fn and returns the conv + linear MACs its forward passes performed. */
export function countMacs<T>(fn: () => T): { result: T; macs: number } {
  const prev = active;
  const mine = { macs: 0 };
  active = mine;
  try {
    const result = fn();
    return { result, macs: mine.macs };
  } finally {
    active = prev;
  }
}

/** Called by layers: `outputElements` × `macsPerOutput`, only while countMacs is running. */
export function reportMacs(outputElements: number, macsPerOutput: number): void {
  if (active) active.macs += outputElements * macsPerOutput;
}

export function countingMacs(): boolean {
  return active !== null;
}
