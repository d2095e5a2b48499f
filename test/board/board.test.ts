// `tsnas board` and `tsnas report` in Debian's chromium (headless, through puppeteer-core; no browser download): a real
// two-epoch search, the board as a child process on a free loopback port, its charts, α heatmaps and cell slider, a
// metrics line appended to a run showing up live, path traversal refused, and report.html opened from file://.
// Screenshots go to test-artifacts/board/.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { CLI_PATH, syntheticData, tsnasOk } from '../helpers/cli.js';

const CHROMIUM = process.env.TSNAS_CHROMIUM ?? '/usr/bin/chromium';
const SKIP = existsSync(CHROMIUM) ? false : `no chromium at ${CHROMIUM} (apt-get install chromium, or set TSNAS_CHROMIUM)`;
const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/board/', import.meta.url));
const WAIT = { timeout: 15_000 };

// DARTS' search cell: intermediate node k (0..3) has 2 + k inputs, so 2 + 3 + 4 + 5 edges; 8 candidate ops.
const DARTS_EDGES = 14;
const DARTS_OPS = 8;
// The top of the heatmap's colour scale (viridis), which the largest weight of an edge over the run gets.
const TOP_COLOUR = 'rgb(253,231,37)';

describe('board and report in chromium', { skip: SKIP, timeout: 300_000 }, () => {
  let root: string;
  let search: string;
  let live: string;
  let board: ChildProcess | undefined;
  let url: string;
  let browser: Browser;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'tsnas-board-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    search = join(root, 'runs', 'search');
    // Two epochs of each, C=4 on 32 synthetic images: a DARTS search, a NAS-Bench-201 search, training the first's genotype.
    const tiny = ['--epochs', '2', '--init-channels', '4', '--batch-size', '8', ...syntheticData(32)];
    tsnasOk('search', '--layers', '3', '--out', search, ...tiny);
    // An experiment-like folder one level deeper: the board finds runs below the folder it is given.
    live = join(root, 'runs', 'experiment', 'live');
    cpSync(search, live, { recursive: true });
    tsnasOk('search', '--space', 'nb201', '--layers', '1', '--out', join(root, 'runs', 'nb201'), ...tiny);
    tsnasOk('train', '--arch', search, '--layers', '3', '--out', join(root, 'runs', 'train'), ...tiny);
    // From the folder above the runs, as a user starts it: the board names them runs/search, ...
    board = spawn(process.execPath, [CLI_PATH, 'board', 'runs', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<string>((ok, fail) => {
      let out = '';
      const timer = setTimeout(() => fail(new Error(`the board printed no URL in 30 s: ${out}`)), 30_000);
      board!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /board: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) {
          clearTimeout(timer);
          ok(m[1]!);
        }
      });
      board!.on('exit', (code) => fail(new Error(`the board exited (${code}): ${out}`)));
    });
    const { launch } = await import('puppeteer-core');
    browser = await launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  });

  after(async () => {
    await browser?.close();
    board?.kill('SIGKILL');
    if (root) rmSync(root, { recursive: true, force: true });
  });

  async function open(address: string): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 1000 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(address, { waitUntil: 'load', ...WAIT });
    await page.waitForSelector('body[data-ready]', WAIT);
    assert.equal(await page.$eval('body', (b) => b.dataset.ready), 'true', `the page failed: ${errors.join('; ')}`);
    return page;
  }

  /** uPlot's legend: one row for x and one per series. */
  const seriesOf = (page: Page, chart: string): Promise<{ series: number; legend: number; canvases: number }> =>
    page.$eval(`[data-chart="${chart}"]`, (c) => ({
      series: Number((c as HTMLElement).dataset.series),
      legend: c.querySelectorAll('.u-legend .u-series').length,
      canvases: c.querySelectorAll('canvas').length,
    }));

  /** What a finished 2-epoch DARTS search shows: its charts, 14 edge heatmaps and the cell of the chosen epoch. */
  async function checkRunViews(page: Page, dir: string, shot: string): Promise<void> {
    await page.waitForSelector('[data-chart="accuracy"] canvas', WAIT);
    // A search logs train and validation loss and accuracy, lr and throughput per epoch, and no benchmark accuracy.
    for (const [chart, n] of [
      ['loss', 2],
      ['accuracy', 2],
      ['lr', 1],
      ['throughput', 1],
    ] as const) {
      assert.deepEqual(await seriesOf(page, chart), { series: n, legend: n + 1, canvases: 1 }, `chart ${chart}`);
    }
    assert.equal(await page.$('[data-chart="nb201"]'), null);

    const heatmaps = await page.$$eval('#alpha svg.edge-heatmap', (s) =>
      s.map((e) => ({ edge: e.dataset.edge, cells: e.querySelectorAll('rect[data-epoch]').length })),
    );
    assert.equal(heatmaps.length, DARTS_EDGES);
    for (const h of heatmaps) assert.equal(h.cells, DARTS_OPS * 2, `edge ${h.edge}: ops x epochs`);
    // The largest weight on the first edge over both epochs, read from the run's own files, has the top colour.
    const epochs = [1, 2].map(
      (e) =>
        JSON.parse(readFileSync(join(dir, 'genotypes', `epoch-00${e}.weights.json`), 'utf8')) as {
          cells: { normal: { edges: { edge: string; weights: Record<string, number> }[] } };
        },
    );
    const first = epochs.map((w) => w.cells.normal.edges[0]!);
    let best = { op: '', epoch: 0, w: -Infinity };
    first.forEach((edge, i) => {
      for (const [op, w] of Object.entries(edge.weights)) if (w > best.w) best = { op, epoch: i + 1, w };
    });
    const fill = await page.$eval(
      '#alpha svg.edge-heatmap',
      (svg, op, epoch) => {
        const ops = [...svg.querySelectorAll('text.op-name')].map((t) => t.textContent);
        const rects = [...svg.querySelectorAll(`rect[data-epoch="${epoch}"]`)];
        return rects[ops.indexOf(op)]?.getAttribute('fill');
      },
      best.op,
      best.epoch,
    );
    assert.equal(fill, TOP_COLOUR, `${first[0]!.edge}: ${best.op} at epoch ${best.epoch} is the edge's largest weight`);

    // The slider starts at the last epoch; moving it shows epoch 1's cell and marks epoch 1 in the heatmaps.
    const cell = (): Promise<{ src: string; loaded: boolean; epoch: string | undefined; alphaEpoch: string | undefined }> =>
      page.$eval('#cell-picture', (img) => ({
        src: (img as HTMLImageElement).src,
        loaded: (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
        epoch: (img as HTMLImageElement).dataset.epoch,
        alphaEpoch: document.getElementById('alpha')?.dataset.epoch,
      }));
    assert.equal((await cell()).epoch, '2');
    await page.$eval('#epoch-slider', (s) => {
      (s as HTMLInputElement).value = '0';
      s.dispatchEvent(new Event('input'));
    });
    await page.waitForFunction(() => (document.getElementById('cell-picture') as HTMLImageElement).complete, WAIT);
    const one = await cell();
    assert.equal(one.epoch, '1');
    assert.equal(one.alphaEpoch, '1');
    assert.ok(one.loaded, `the cell picture did not load: ${one.src.slice(0, 80)}`);
    assert.match(one.src, /^data:image\/svg\+xml|genotypes\/epoch-001\.normal\.svg$/);
    await page.click('button[data-cell="reduce"]');
    await page.waitForFunction(() => (document.getElementById('cell-picture') as HTMLImageElement).complete, WAIT);
    const reduce = await cell();
    assert.equal(reduce.epoch, '1');
    assert.ok(reduce.loaded);
    assert.notEqual(reduce.src, one.src);
    await page.screenshot({ path: join(ARTIFACTS, `${shot}.png`), fullPage: true });
  }

  /** Shows the run whose name ends with `suffix` by its link in the runs table. */
  async function showRun(page: Page, suffix: string): Promise<void> {
    const id = await page.$$eval(
      'table.runs tbody tr',
      (trs, suffix) => trs.find((tr) => tr.querySelector('a')!.textContent!.endsWith(suffix))!.dataset.id!,
      suffix,
    );
    await page.click(`tr[data-id="${id}"] a.run-link`);
    await page.waitForFunction((id) => document.querySelector(`tr[data-id="${id}"]`)?.classList.contains('current'), WAIT, id);
    await page.waitForFunction((suffix) => document.getElementById('run-title')?.textContent?.endsWith(suffix), WAIT, suffix);
  }

  test('the board lists the runs, draws the curves, α heatmaps and cells', async () => {
    const page = await open(url);
    const rows = await page.$$eval('table.runs tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    // Sorted by path: experiment/live (the copy one level down), nb201, search, train.
    assert.equal(rows.length, 4);
    assert.match(rows[0]!, /experiment\/live.*search.*darts.*synthetic.*finished.*2\/2/);
    assert.match(rows[1]!, /nb201.*search.*darts.*synthetic.*finished.*2\/2/);
    assert.match(rows[2]!, /search.*search.*darts.*synthetic.*finished.*2\/2/);
    assert.match(rows[3]!, /train.*train.*synthetic.*finished.*2\/2/);
    await showRun(page, 'search');
    await checkRunViews(page, search, 'board-run');
    await page.close();
  });

  test('a NAS-Bench-201 search shows its benchmark accuracies; a training run its test curves and no cells', async () => {
    const page = await open(url);
    await showRun(page, 'nb201');
    await page.waitForSelector('[data-chart="nb201"] canvas', WAIT);
    // nb201Cifar10Test, nb201Cifar100Test, nb201ImageNet16Test from the shipped table.
    assert.deepEqual(await seriesOf(page, 'nb201'), { series: 3, legend: 4, canvases: 1 });
    // The NAS-Bench-201 cell: 4 nodes, an edge from each to every later one (3 + 2 + 1), 5 ops, 2 epochs.
    const heatmaps = await page.$$eval('#alpha svg.edge-heatmap', (s) => s.map((e) => e.querySelectorAll('rect[data-epoch]').length));
    assert.deepEqual(heatmaps, [10, 10, 10, 10, 10, 10]);
    assert.ok(await page.$eval('#cell-picture', (img) => (img as HTMLImageElement).src.endsWith('genotypes/epoch-002.cell.svg')));
    await page.screenshot({ path: join(ARTIFACTS, 'board-nb201.png'), fullPage: true });

    await showRun(page, 'train');
    await page.waitForSelector('[data-chart="accuracy"] canvas', WAIT);
    assert.equal((await seriesOf(page, 'loss')).series, 2, 'train and test loss');
    assert.equal((await seriesOf(page, 'accuracy')).series, 3, 'train, test top-1, test top-5');
    assert.equal(await page.$('#epoch-slider'), null, 'a training run has no α');
    await page.close();
  });

  test('two ticked runs are overlaid and tabulated', async () => {
    const page = await open(url);
    for (const row of await page.$$('table.runs tbody tr')) {
      const name = await row.$eval('a', (a) => a.textContent!);
      if (name.endsWith('search') || name.endsWith('live')) await (await row.$('input[type=checkbox]'))!.click();
    }
    await page.waitForSelector('[data-chart="compare"] canvas', WAIT);
    assert.deepEqual(await seriesOf(page, 'compare'), { series: 2, legend: 3, canvases: 1 });
    assert.equal(await page.$eval('#compare-metric', (s) => (s as HTMLSelectElement).value), 'valAccuracy');
    assert.equal(await page.$$eval('table.compare thead th', (th) => th.length), 3);
    await page.screenshot({ path: join(ARTIFACTS, 'board-compare.png'), fullPage: true });
    await page.close();
  });

  test('a metrics line appended to a run appears live', async () => {
    const page = await open(url);
    await showRun(page, 'live');
    await page.waitForSelector('[data-chart="accuracy"][data-points="2"]', WAIT);
    await page.waitForFunction(() => document.getElementById('live')?.textContent === 'live', WAIT);
    const line = { type: 'epoch', epoch: 3, trainLoss: 1.5, trainAccuracy: 40, valLoss: 1.25, valAccuracy: 55.5, lr: 0.001, imagesPerSecond: 9 };
    appendFileSync(join(live, 'metrics.jsonl'), JSON.stringify(line) + '\n');
    await page.waitForSelector('[data-chart="accuracy"][data-points="3"]', WAIT);
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('table.runs tbody tr')].some((tr) => tr.textContent!.includes('live') && tr.textContent!.includes('55.50%')),
      WAIT,
    );
    // The epoch's α and cells, written after its metrics line: the slider grows to epoch 3 and stays on the latest.
    for (const f of ['weights.json', 'normal.svg', 'reduce.svg'])
      cpSync(join(live, 'genotypes', `epoch-002.${f}`), join(live, 'genotypes', `epoch-003.${f}`));
    await page.waitForFunction(() => document.getElementById('epoch-label')?.textContent === '3 of 3', WAIT);
    assert.equal(await page.$eval('#cell-picture', (img) => (img as HTMLImageElement).dataset.epoch), '3');
    assert.equal(await page.$$eval('#alpha svg.edge-heatmap:first-child rect[data-epoch]', (r) => r.length), DARTS_OPS * 3);
    await page.screenshot({ path: join(ARTIFACTS, 'board-live.png'), fullPage: true });
    await page.close();
  });

  test('paths outside the run directory, writes and foreign hosts are refused', async () => {
    const get = (path: string, method = 'GET', host?: string): Promise<{ status: number; body: string }> =>
      new Promise((ok, fail) => {
        const u = new URL(url);
        const req = request({ host: u.hostname, port: u.port, path, method, headers: host ? { host } : {}, timeout: 10_000 }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => ok({ status: res.statusCode!, body }));
        });
        req.on('error', fail);
        req.end();
      });
    assert.equal((await get('/api/run/0/file/config.json')).status, 200);
    for (const path of [
      '/api/run/0/file/../../etc/passwd',
      '/api/run/0/file/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/api/run/0/file/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/api/run/0/file/%2fetc%2fpasswd',
      '/api/run/0/file/genotypes/../../search/config.json',
      '/api/run/0/file/../../../../../../../../etc/passwd',
    ]) {
      const r = await get(path);
      assert.equal(r.status, 403, `${path}: ${r.status} ${r.body}`);
      assert.doesNotMatch(r.body, /root:/);
    }
    assert.equal((await get('/api/run/0/file/genotypes')).status, 404, 'a folder is not a file');
    assert.equal((await get('/api/run/9/file/config.json')).status, 404, 'no such run');
    assert.equal((await get('/api/runs', 'POST')).status, 405);
    assert.equal((await get('/api/runs', 'DELETE')).status, 405);
    assert.equal((await get('/', 'GET', 'attacker.example:80')).status, 403);
  });

  test('report.html from file:// shows the same views, with no network', async () => {
    const out = join(root, 'report.html');
    tsnasOk('report', search, '--out', out);
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 1000 });
    const fetched: string[] = [];
    page.on('request', (r) => {
      if (!/^(file|data|about):/.test(r.url())) fetched.push(r.url());
    });
    await page.goto(pathToFileURL(out).href, { waitUntil: 'load', ...WAIT });
    await page.waitForSelector('body[data-ready]', WAIT);
    assert.equal(await page.$eval('body', (b) => b.dataset.ready), 'true');
    assert.equal(await page.$$eval('table.runs tbody tr', (trs) => trs.length), 1);
    await checkRunViews(page, search, 'report');
    assert.deepEqual(fetched, [], 'the report loads nothing over the network');
    await page.close();
  });

  test('Ctrl-C stops the board', async () => {
    const code = await new Promise<number | null>((ok) => {
      board!.once('exit', (c) => ok(c));
      board!.kill('SIGINT');
    });
    assert.equal(code, 0);
    board = undefined;
  });
});
