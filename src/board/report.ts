// `tsnas report`: the board's page for a set of runs as one HTML file that opens from disk: the runs list, each run's
// view and every picture it shows inlined (pictures as data: URLs), with the chart library.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { boardPage } from './page.js';
import { discoverRunDirs, runList, runView, toBoardRuns } from './run-data.js';

/** What the page reads in place of the server's answers (window.TSNAS_REPORT). */
export interface ReportData {
  list: ReturnType<typeof runList>;
  views: ReturnType<typeof runView>[];
  /** `<id>/<relative path>` → data: URL of each picture the views name. */
  files: Record<string, string>;
  generatedAt: string;
}

export function reportData(paths: readonly string[]): ReportData {
  const dirs = discoverRunDirs(paths);
  if (dirs.length === 0) throw new Error(`report: no run directories in ${paths.join(', ')} (give a run, an experiment, or a folder of runs)`);
  const runs = toBoardRuns(dirs);
  const views = runs.map(runView);
  const files: Record<string, string> = {};
  for (const [i, v] of views.entries()) {
    const pictures = [...v.cells.flatMap((c) => Object.values(c.pictures)), ...Object.values(v.finalCells)];
    for (const rel of pictures) {
      files[`${i}/${rel}`] = `data:image/svg+xml;base64,${readFileSync(join(runs[i]!.dir, rel)).toString('base64')}`;
    }
  }
  return { list: runList(runs), views, files, generatedAt: new Date().toISOString() };
}

/** The report's HTML. */
export function reportHtml(paths: readonly string[]): string {
  return boardPage('tsnas report', reportData(paths));
}
