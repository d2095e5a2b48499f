// "Did you mean" helpers shared by the parser, the validator and the zoo.
import { editDistance } from '../../option-schema.js';

/**
 * Candidates that look like `name`, best first: case-insensitive equality, then names containing
 * the query (so 'FairDARTS' finds the whole FairDARTS_* family), then small edit distances.
 */
export function closeNames(name: string, candidates: readonly string[], limit = 5): string[] {
  const wanted = name.toLowerCase();
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const distance = editDistance(wanted, lower);
    let score: number;
    if (lower === wanted) score = 0;
    else if (wanted.length >= 3 && lower.includes(wanted)) score = 1 + distance / 100;
    // A short candidate inside a long query ('darts' in 'noisy_darts_z') is rarely what was meant.
    else if (lower.length >= 3 && lower.length * 2 >= wanted.length && wanted.includes(lower)) score = 1.5 + distance / 100;
    else if (distance <= Math.max(2, Math.floor(wanted.length / 3))) score = 2 + distance;
    else continue;
    scored.push({ candidate, score });
  }
  scored.sort((x, y) => x.score - y.score);
  return scored.slice(0, limit).map((s) => s.candidate);
}

/** " (did you mean 'a' or 'b'?)" or "" when nothing is close. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const close = closeNames(name, candidates, 3);
  if (close.length === 0) return '';
  return ` (did you mean ${close.map((c) => `'${c}'`).join(' or ')}?)`;
}
