import type { Command } from 'commander';
import { reportHtml } from '../../board/report.js';
import { writeAtomically } from '../../io/file.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      "The board's views of runs as one self-contained HTML file (charts, α heatmaps, cells and the library inlined) " +
        'that opens from disk, without a server or a network.',
    )
    .argument('<dirs...>', 'a run or experiment directory, or folders holding runs')
    .option('--out <file>', 'where to write the report', 'report.html')
    .action((dirs: string[], f: { out: string }) => {
      const html = reportHtml(dirs);
      writeAtomically(f.out, 'the report', (w) => w.write(Buffer.from(html, 'utf8')));
      process.stdout.write(`report: ${f.out}\n`);
    });
}
