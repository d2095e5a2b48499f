// Config files of search / train / eval (--config FILE): YAML or JSON, a mapping of option names (the flags without
// their dashes) to values. A run's own config.json is one too: its `config` holds every value the run used.
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { GivenValues } from '../option-schema.js';

function parseText(path: string, textValue: string): unknown {
  if (/\.json$/i.test(path)) {
    try {
      return JSON.parse(textValue);
    } catch (e) {
      throw new Error(`--config ${path}: not valid JSON: ${(e as Error).message}`);
    }
  }
  // YAML is a superset of JSON, so a file of any other name is read as YAML.
  const doc = YAML.parseDocument(textValue, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) throw new Error(`--config ${path}: not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  return doc.toJS();
}

/** What a config file holds for `command`: its values, each sourced to the file. */
export function readConfigFile(path: string, command: string): GivenValues {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`--config ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : (e as Error).message}`);
  }
  let doc = parseText(path, raw);
  if (doc === null || doc === undefined) doc = {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new Error(
      `--config ${path}: expected a mapping of option names to values (e.g. "epochs: 10"), got ${Array.isArray(doc) ? 'a list' : typeof doc}`,
    );
  let values = doc as Record<string, unknown>;
  if (typeof values.command === 'string' && ('options' in values || 'config' in values)) {
    // A run's config.json: the values it ran with.
    if (values.command !== command)
      throw new Error(`--config ${path}: this is the config of a ${values.command} run; use it with: tsnas ${values.command} --config ${path}`);
    if (!values.config || typeof values.config !== 'object')
      throw new Error(`--config ${path}: this run directory was written by an earlier tsnas that recorded no option values under their flag names`);
    values = values.config as Record<string, unknown>;
  }
  for (const [k, v] of Object.entries(values)) {
    if (v === null || typeof v === 'object')
      throw new Error(
        `--config ${path}: '${k}' must be a number, a text or true/false, got ${v === null ? 'nothing (null)' : Array.isArray(v) ? 'a list' : 'a mapping'}`,
      );
  }
  const source = { kind: 'file' as const, path };
  return { values, sources: Object.fromEntries(Object.keys(values).map((k) => [k, source])) };
}

/** Values given on the command line over those of a config file. */
export function overConfigFile(file: GivenValues | undefined, cli: GivenValues): GivenValues {
  if (!file) return cli;
  return { values: { ...file.values, ...cli.values }, sources: { ...file.sources, ...cli.sources } };
}
