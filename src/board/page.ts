// The board's one page, served live by server.ts and written as one self-contained file by report.ts: the same
// front end (assets/board/board.{js,css}) and the same chart library (uPlot from node_modules, no CDN), linked in the
// first case and inlined with the data in the second.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../native.js';

/** The files the page loads, by the name it asks for them under /static/. */
export const STATIC_FILES: Readonly<Record<string, { path: () => string; type: string }>> = {
  'uplot.js': { path: () => createRequire(import.meta.url).resolve('uplot/dist/uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' },
  'uplot.css': { path: () => createRequire(import.meta.url).resolve('uplot/dist/uPlot.min.css'), type: 'text/css; charset=utf-8' },
  'board.js': { path: () => join(PACKAGE_ROOT, 'assets', 'board', 'board.js'), type: 'text/javascript; charset=utf-8' },
  'board.css': { path: () => join(PACKAGE_ROOT, 'assets', 'board', 'board.css'), type: 'text/css; charset=utf-8' },
};

export function readStatic(name: string): string {
  return readFileSync(STATIC_FILES[name]!.path(), 'utf8');
}

/** Script or style text of the page's own, inlined: `</script` would end it early; `<\/` means the same in JS and CSS strings. */
function inElement(text: string): string {
  return text.replace(/<\/(script|style)/gi, '<\\/$1');
}

/**
 * The page. `data` absent: the live board, which asks the server for everything. `data` given: the report, every
 * script, style and datum inlined so that the file opens from disk without a network.
 */
export function boardPage(title: string, data?: unknown): string {
  const css = (name: string): string =>
    data === undefined ? `<link rel="stylesheet" href="/static/${name}">` : `<style>${inElement(readStatic(name))}</style>`;
  const js = (name: string): string =>
    data === undefined ? `<script src="/static/${name}"></script>` : `<script>${inElement(readStatic(name))}</script>`;
  const escaped = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escaped}</title>`,
    css('uplot.css'),
    css('board.css'),
    '</head><body>',
    `<header><h1>${escaped}</h1><span id="live"></span></header>`,
    '<main id="app"></main>',
    // Every `<` of the data as \u003c: no `</script>` or `<!--` from a run's text can change how the page parses.
    data === undefined ? '' : `<script>window.TSNAS_REPORT = ${JSON.stringify(data).replace(/</g, '\\u003c')};</script>`,
    js('uplot.js'),
    js('board.js'),
    '</body></html>',
    '',
  ].join('\n');
}
