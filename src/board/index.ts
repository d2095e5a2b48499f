// The board layer: a read-only web board over run directories and its one-file report.
export { type Board, type BoardOptions, startBoard } from './server.js';
export { type ReportData, reportData, reportHtml } from './report.js';
export {
  type BoardRun,
  discoverRunDirs,
  type EpochArch,
  type EpochCells,
  type MetricsChunk,
  type RunList,
  type RunListEntry,
  type RunView,
  readMetrics,
  runList,
  runView,
  toBoardRuns,
} from './run-data.js';
