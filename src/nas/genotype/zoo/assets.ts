// The zoo's data: the published genotype texts as files under assets/genotypes/ (<owner>__<repo>/<path in the
// repository>) and assets/genotypes/manifest.json, which names each entry and its source. Read once, on first use,
// like the NAS-Bench-201 table; assets/genotypes/PROVENANCE.md says how each file relates to the published one.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ZooRecord, ZooSource } from './record.js';

/** How an asset file holds the texts of its entries. */
type Layout =
  | 'whole' // the file is the one entry's text, byte for byte; `sha256` is the published file's
  | 'blocks' // one block per entry, in manifest order: its comment lines (`# …`), then its text; an empty line between blocks
  | 'csv'; // a CSV header, then one row per entry; the text is the row's `column` field

interface ManifestEntry {
  name: string;
  /** Line of the definition in the published file, where known. */
  line?: number;
  alsoIn?: { file: string; line?: number }[];
  /** Keys of the manifest's sharedNotes, written before the entry's own notes. */
  sharedNotes?: string[];
  notes?: string[];
  unusable?: string;
}

interface ManifestFile {
  /** The asset, relative to assets/genotypes/. */
  file: string;
  repo: string;
  path: string;
  commit: string;
  spec: string;
  format: ZooRecord['textFormat'];
  layout: Layout;
  column?: string;
  sha256?: string;
  transcribed: boolean;
  entries: ManifestEntry[];
}

const REPAIR = 'restore assets/genotypes/ from the tsnas sources (e.g. `git checkout -- assets/genotypes`)';

/** Where the project assets live (the repository's assets/ folder, found from this module's location). */
export function defaultZooAssetsDir(): string {
  // dist/src/nas/genotype/zoo/assets.js → the repository root is five levels up (four from src/… when run from sources).
  for (const up of ['../../../../../', '../../../../']) {
    const dir = fileURLToPath(new URL(`${up}assets/genotypes/`, import.meta.url));
    if (existsSync(join(dir, 'manifest.json'))) return dir;
  }
  return fileURLToPath(new URL('../../../../../assets/genotypes/', import.meta.url));
}

function readAsset(path: string): Buffer {
  if (!existsSync(path)) throw new Error(`zoo asset ${path} not found (assets/genotypes/ ships with tsnas); ${REPAIR}`);
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`zoo asset ${path} cannot be read (${(error as Error).message}); ${REPAIR}`);
  }
}

type Json = Record<string, unknown>;

/** Checks the manifest's shape as it is read, so a damaged manifest is reported with the place that is wrong. */
class ManifestReader {
  constructor(private readonly path: string) {}

  fail(where: string, what: string): never {
    throw new Error(`zoo manifest ${this.path}: ${where} ${what}; ${REPAIR}`);
  }

  object(value: unknown, where: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(where, 'is not an object');
    return value as Json;
  }

  list(value: unknown, where: string): unknown[] {
    if (!Array.isArray(value)) this.fail(where, 'is not a list');
    return value;
  }

  string(value: unknown, where: string): string {
    if (typeof value !== 'string' || value === '') this.fail(where, 'is not a non-empty string');
    return value;
  }

  text(o: Json, key: string, where: string): string {
    return this.string(o[key], `${where}.${key}`);
  }

  optionalText(o: Json, key: string, where: string): string | undefined {
    return o[key] === undefined ? undefined : this.text(o, key, where);
  }

  optionalLine(o: Json, key: string, where: string): number | undefined {
    const value = o[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) this.fail(`${where}.${key}`, 'is not a line number');
    return value;
  }

  optionalTexts(o: Json, key: string, where: string): string[] | undefined {
    if (o[key] === undefined) return undefined;
    return this.list(o[key], `${where}.${key}`).map((item, i) => this.string(item, `${where}.${key}[${i}]`));
  }

  oneOf<T extends string>(o: Json, key: string, allowed: readonly T[], where: string): T {
    const value = this.text(o, key, where);
    if (!(allowed as readonly string[]).includes(value)) this.fail(`${where}.${key}`, `is '${value}', not one of ${allowed.join(', ')}`);
    return value as T;
  }

  entry(value: unknown, where: string): ManifestEntry {
    const o = this.object(value, where);
    const alsoIn =
      o.alsoIn === undefined
        ? undefined
        : this.list(o.alsoIn, `${where}.alsoIn`).map((item, i) => {
            const at = `${where}.alsoIn[${i}]`;
            const copy = this.object(item, at);
            return { file: this.text(copy, 'file', at), line: this.optionalLine(copy, 'line', at) };
          });
    return {
      name: this.text(o, 'name', where),
      line: this.optionalLine(o, 'line', where),
      alsoIn,
      sharedNotes: this.optionalTexts(o, 'sharedNotes', where),
      notes: this.optionalTexts(o, 'notes', where),
      unusable: this.optionalText(o, 'unusable', where),
    };
  }

  file(value: unknown, where: string): ManifestFile {
    const o = this.object(value, where);
    if (o.transcribed !== undefined && typeof o.transcribed !== 'boolean') this.fail(`${where}.transcribed`, 'is not true or false');
    const layout = this.oneOf(o, 'layout', ['whole', 'blocks', 'csv'], where);
    return {
      file: this.text(o, 'file', where),
      repo: this.text(o, 'repo', where),
      path: this.text(o, 'path', where),
      commit: this.text(o, 'commit', where),
      spec: this.text(o, 'spec', where),
      format: this.oneOf(o, 'format', ['python', 'nb201'], where),
      layout,
      column: layout === 'csv' ? this.text(o, 'column', where) : undefined,
      sha256: this.optionalText(o, 'sha256', where),
      transcribed: o.transcribed === true,
      entries: this.list(o.entries, `${where}.entries`).map((e, i) => this.entry(e, `${where}.entries[${i}]`)),
    };
  }
}

interface FoundText {
  text: string;
  comments: string[];
}

/** The texts of a file's entries, in manifest order. */
function entryTexts(content: string, file: ManifestFile, path: string): FoundText[] {
  const count = (found: number, what: string): void => {
    if (found !== file.entries.length) {
      throw new Error(`zoo asset ${path}: ${found} ${what} for ${file.entries.length} manifest entries; ${REPAIR}`);
    }
  };
  if (file.layout === 'whole') {
    count(1, 'text');
    return [{ text: content, comments: [] }];
  }
  const lines = content.endsWith('\n') ? content.slice(0, -1) : content;
  if (file.layout === 'csv') {
    const [header = '', ...rows] = lines.split('\n');
    const column = header.split(',').indexOf(file.column ?? '');
    if (column < 0) throw new Error(`zoo asset ${path}: no column '${file.column}' in the header; ${REPAIR}`);
    count(rows.length, 'rows');
    return rows.map((row, i) => {
      const text = row.split(',')[column];
      if (!text) throw new Error(`zoo asset ${path}: row ${i + 2} has no '${file.column}' field; ${REPAIR}`);
      return { text, comments: [] };
    });
  }
  const blocks = lines.split('\n\n');
  count(blocks.length, 'blocks');
  return blocks.map((block, i) => {
    const blockLines = block.split('\n');
    const textStart = blockLines.findIndex((line) => !line.startsWith('#'));
    if (textStart < 0) throw new Error(`zoo asset ${path}: block ${i + 1} holds only comments; ${REPAIR}`);
    return { text: blockLines.slice(textStart).join('\n'), comments: blockLines.slice(0, textStart).map((line) => line.replace(/^# ?/, '')) };
  });
}

function sourceOf(file: ManifestFile, line: number | undefined): ZooSource {
  return { repo: file.repo, path: file.path, commit: file.commit, spec: file.spec, ...(line === undefined ? {} : { line }) };
}

/** The zoo records held by the assets in `dir` (read afresh; the zoo itself uses zooRecords). */
export function readZooRecords(dir: string): ZooRecord[] {
  const manifestPath = join(dir, 'manifest.json');
  const reader = new ManifestReader(manifestPath);
  const json = readAsset(manifestPath).toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    reader.fail('the file', `is not valid JSON (${(error as Error).message})`);
  }
  const manifest = reader.object(raw, 'the top level');
  const sharedNotes = reader.object(manifest.sharedNotes ?? {}, 'sharedNotes');
  const files = reader.list(manifest.files, 'files').map((f, i) => reader.file(f, `files[${i}]`));
  const byFile = new Map(files.map((f) => [f.file, f]));

  const records: ZooRecord[] = [];
  files.forEach((file, fileIndex) => {
    const path = join(dir, file.file);
    const bytes = readAsset(path);
    if (file.sha256 !== undefined) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (sha256 !== file.sha256) throw new Error(`zoo asset ${path}: SHA-256 ${sha256} is not the published file's ${file.sha256}; ${REPAIR}`);
    }
    const texts = entryTexts(bytes.toString('utf8'), file, path);
    file.entries.forEach((entry, i) => {
      const where = `files[${fileIndex}].entries[${i}]`;
      const { text, comments } = texts[i]!;
      const shared = (entry.sharedNotes ?? []).map((key) => {
        const note = sharedNotes[key];
        return typeof note === 'string' ? note : reader.fail(`${where}.sharedNotes`, `names '${key}', which sharedNotes does not hold`);
      });
      const notes = [...shared, ...(entry.notes ?? []), ...(entry.unusable === undefined ? [] : [`unusable: ${entry.unusable}`])];
      const alsoIn = entry.alsoIn?.map((copy) => {
        const other = byFile.get(copy.file) ?? reader.fail(`${where}.alsoIn`, `names '${copy.file}', which files does not hold`);
        return sourceOf(other, copy.line);
      });
      records.push({
        name: entry.name,
        source: sourceOf(file, entry.line),
        asset: path,
        ...(alsoIn === undefined ? {} : { alsoIn }),
        ...(comments.length === 0 ? {} : { comments }),
        ...(notes.length === 0 ? {} : { notes }),
        textFormat: file.format,
        text,
        ...(file.transcribed ? { transcribed: true } : {}),
        ...(entry.unusable === undefined ? {} : { unusable: entry.unusable }),
      });
    });
  });
  return records;
}

let cached: readonly ZooRecord[] | undefined;

/** The records of the project's zoo assets, read on first use. */
export function zooRecords(): readonly ZooRecord[] {
  cached ??= readZooRecords(defaultZooAssetsDir());
  return cached;
}
