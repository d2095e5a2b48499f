// Search spaces by name: S1 (darts), NAS-Bench-201 (nb201) and DARTOpti (dartopti) built in, more by
// registerSearchSpace. The space modules import only search-space.ts, so this registry closes no import cycle.
import { NB201_SPACE } from '../nb201/space.js';
import { DARTOPTI_SPACE } from './ddarts-space.js';
import { DARTS_SPACE, type SearchSpace } from './search-space.js';

export { DARTS_SPACE, genotypeOf, type SearchSpace, type SpaceConfig, type SupernetLike, spaceConfigOf } from './search-space.js';

const spaces = new Map<string, SearchSpace>([
  [DARTS_SPACE.name, DARTS_SPACE],
  [NB201_SPACE.name, NB201_SPACE],
  [DARTOPTI_SPACE.name, DARTOPTI_SPACE],
]);

export function registerSearchSpace(space: SearchSpace): void {
  spaces.set(space.name, space);
}

export function searchSpace(name: string): SearchSpace {
  const s = spaces.get(name);
  if (!s) throw new Error(`unknown search space '${name}' (available: ${[...spaces.keys()].join(', ')})`);
  return s;
}

export function searchSpaceNames(): string[] {
  return [...spaces.keys()];
}
