// aheuillet/D-DARTS `genotypes/*.txt`: the 16 published per-cell genotype files (spec ddarts-dartopti Appendix C).
// They are the zoo's D-DARTS entries, whose assets are those files byte for byte (assets/genotypes/aheuillet__D-DARTS/).
import { zooRecords } from './assets.js';

export interface PublishedGenotypeFile {
  /** File name without `.txt` (the zoo name; the reference's `--arch` value). */
  name: string;
  /** The file's bytes. */
  text: string;
}

/**
 * An array filled on first access. The package root re-exports this module's constant, so reading the assets when
 * the module loads would touch the disk on every import and let a damaged asset break every command.
 */
function lazyArray<T>(load: () => T[]): readonly T[] {
  const items: T[] = [];
  let loaded = false;
  const ready = (): T[] => {
    if (!loaded) {
      items.push(...load());
      Object.freeze(items);
      loaded = true;
    }
    return items;
  };
  return new Proxy(items, {
    get: (_, key) => Reflect.get(ready(), key),
    has: (_, key) => Reflect.has(ready(), key),
    ownKeys: () => Reflect.ownKeys(ready()),
    getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(ready(), key),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(ready(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(ready(), key),
  });
}

export const DDARTS_PUBLISHED_FILES: readonly PublishedGenotypeFile[] = lazyArray(() =>
  zooRecords()
    .filter((record) => record.source.repo === 'aheuillet/D-DARTS')
    .map(({ name, text }) => Object.freeze({ name, text })),
);
