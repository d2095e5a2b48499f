// What the tests that run the tsnas command share: where the compiled CLI is, and the tiny synthetic dataset's flags.
import { fileURLToPath } from 'node:url';

export const CLI_PATH = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** `--dataset synthetic` flags: 8 px, one channel, no loader workers; `classes` omitted keeps the dataset's default. */
export function syntheticData(count: number, classes?: number): string[] {
  const flags = ['--dataset', 'synthetic', '--synthetic-size', '8', '--synthetic-count', String(count)];
  if (classes !== undefined) flags.push('--synthetic-classes', String(classes));
  return [...flags, '--synthetic-channels', '1', '--workers', '0'];
}
