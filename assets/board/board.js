// The front end of `tsnas board` and `tsnas report` (plain JS, no build step). The board asks its server for the data
// and follows its server-sent events; the report reads window.TSNAS_REPORT, inlined by report.ts. Charts are uPlot.
(() => {
  'use strict';
  const REPORT = window.TSNAS_REPORT;

  const getJson = async (url) => {
    const r = await fetch(url);
    if (!r.ok) throw new Error(`${url}: ${r.status}`);
    return r.json();
  };
  const api = REPORT
    ? {
        runs: async () => REPORT.list,
        run: async (id) => REPORT.views[id],
        metrics: async (_id, from) => ({ records: [], from, next: from }),
        fileUrl: (id, rel) => REPORT.files[`${id}/${rel}`] ?? '',
      }
    : {
        runs: () => getJson('/api/runs'),
        run: (id) => getJson(`/api/run/${id}`),
        metrics: (id, from) => getJson(`/api/run/${id}/metrics?from=${from}`),
        fileUrl: (id, rel) => `/api/run/${id}/file/${rel.split('/').map(encodeURIComponent).join('/')}`,
      };

  const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
  // What each chart of a run plots: metrics.jsonl keys of the epoch records, and their legend names.
  const RUN_CHARTS = [
    { id: 'loss', title: 'loss', keys: [['trainLoss', 'train'], ['valLoss', 'validation'], ['testLoss', 'test']] },
    {
      id: 'accuracy',
      title: 'accuracy (%)',
      keys: [['trainAccuracy', 'train'], ['valAccuracy', 'validation'], ['testTop1', 'test top-1'], ['testTop5', 'test top-5']],
    },
    { id: 'lr', title: 'learning rate', keys: [['lr', 'lr']] },
    { id: 'throughput', title: 'images / s', keys: [['imagesPerSecond', 'images/s']] },
    { id: 'nb201', title: 'NAS-Bench-201 accuracy (%)', keys: 'nb201' },
  ];

  const state = { list: null, current: null, view: null, selected: new Set(), epochIndex: -1, cell: null, compareMetric: null };
  const plots = new Map();

  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'on') for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
      else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) if (c !== undefined && c !== null) e.append(c instanceof Node ? c : String(c));
    return e;
  };
  const SVG = 'http://www.w3.org/2000/svg';
  const svgEl = (tag, attrs = {}) => {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    return e;
  };
  const pct = (v) => (typeof v === 'number' ? `${v.toFixed(2)}%` : '-');
  const duration = (s) => (typeof s !== 'number' ? '-' : s < 90 ? `${s.toFixed(1)} s` : s < 5400 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`);
  const epochRecords = (view) => view.metrics.records.filter((r) => r.type === 'epoch');
  const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

  function plot(container, key, title, xs, series) {
    plots.get(key)?.destroy();
    container.replaceChildren();
    container.dataset.series = String(series.length);
    container.dataset.points = String(xs.length);
    const opts = {
      title,
      width: Math.max(320, Math.min(560, container.clientWidth || 480)),
      height: 220,
      scales: { x: { time: false } },
      series: [{ label: 'epoch' }, ...series.map((s, i) => ({ label: s.label, stroke: PALETTE[i % PALETTE.length], width: 2, spanGaps: true }))],
      // epochs are whole numbers
      axes: [{ label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }, {}],
    };
    plots.set(key, new uPlot(opts, [xs, ...series.map((s) => s.values)], container));
  }

  function renderRunsTable() {
    const section = document.getElementById('runs');
    const rows = state.list.runs.map((r) =>
      el(
        'tr',
        { 'data-id': r.id, class: state.current === r.id ? 'current' : undefined },
        el(
          'td',
          {},
          el('input', {
            type: 'checkbox',
            title: 'overlay in the comparison',
            checked: state.selected.has(r.id),
            on: { change: (e) => toggleSelected(r.id, e.target.checked) },
          }),
        ),
        el('td', {}, el('a', { href: `#run=${r.id}`, class: 'run-link' }, r.name)),
        el('td', {}, r.command),
        el('td', {}, r.what),
        el('td', {}, r.dataset),
        el('td', { class: `state-${r.state}` }, r.description),
        el('td', {}, `${r.epochsDone}/${r.epochs ?? '?'}`),
        el('td', {}, pct(r.best)),
        el('td', {}, pct(r.last)),
        el('td', {}, duration(r.seconds)),
      ),
    );
    const head = ['', 'run', 'command', 'method / arch', 'dataset', 'status', 'epochs', 'best', 'last', 'time'];
    section.replaceChildren(
      el('h2', {}, 'Runs'),
      rows.length === 0
        ? el('p', {}, 'No runs yet.')
        : el('table', { class: 'runs' }, el('thead', {}, el('tr', {}, head.map((h) => el('th', {}, h)))), el('tbody', {}, rows)),
      el('p', { class: 'note' }, 'best / last: validation accuracy of a search, test top-1 of a training run. Tick two or more runs to overlay them.'),
    );
  }

  function toggleSelected(id, on) {
    if (on) state.selected.add(id);
    else state.selected.delete(id);
    renderCompare();
  }

  async function renderCompare() {
    const section = document.getElementById('compare');
    const ids = [...state.selected].sort((a, b) => a - b);
    if (ids.length < 2) {
      section.replaceChildren();
      plots.get('compare')?.destroy();
      plots.delete('compare');
      return;
    }
    const views = await Promise.all(ids.map((id) => api.run(id)));
    const keys = [...new Set(views.flatMap((v) => epochRecords(v).flatMap((r) => Object.keys(r).filter((k) => isNum(r[k]) && k !== 'epoch'))))].sort();
    if (!keys.includes(state.compareMetric)) state.compareMetric = ['valAccuracy', 'testTop1'].find((k) => keys.includes(k)) ?? keys[0];
    const select = el(
      'select',
      { id: 'compare-metric', on: { change: (e) => ((state.compareMetric = e.target.value), renderCompare()) } },
      keys.map((k) => el('option', { value: k, selected: k === state.compareMetric }, k)),
    );
    const entries = ids.map((id) => state.list.runs.find((r) => r.id === id));
    const differing = state.list.differing
      .map(([k, values]) => [k, ids.map((id) => values[state.list.runs.findIndex((r) => r.id === id)])])
      .filter(([, values]) => new Set(values.map((v) => JSON.stringify(v))).size > 1);
    const show = (v) => (v === undefined ? '-' : typeof v === 'string' ? v : JSON.stringify(v));
    const tableRows = [
      ['command', entries.map((r) => r.command)],
      ['method / arch', entries.map((r) => r.what)],
      ['status', entries.map((r) => r.state)],
      ['epochs', entries.map((r) => `${r.epochsDone}/${r.epochs ?? '?'}`)],
      ['best', entries.map((r) => pct(r.best))],
      ['last', entries.map((r) => pct(r.last))],
      ['time', entries.map((r) => duration(r.seconds))],
      ...differing.map(([k, values]) => [k, values.map(show)]),
    ];
    const chartBox = el('div', { class: 'chart', 'data-chart': 'compare' });
    section.replaceChildren(
      el('h2', {}, `Comparison of ${ids.length} runs`),
      el('label', {}, 'metric ', select),
      chartBox,
      el(
        'table',
        { class: 'compare' },
        el('thead', {}, el('tr', {}, el('th', {}, ''), entries.map((r) => el('th', {}, r.name)))),
        el(
          'tbody',
          {},
          tableRows.map(([k, cells]) => el('tr', {}, el('th', {}, k), cells.map((c) => el('td', {}, c)))),
        ),
      ),
    );
    const epochs = [...new Set(views.flatMap((v) => epochRecords(v).map((r) => r.epoch)))].sort((a, b) => a - b);
    const series = views.map((v, i) => {
      const byEpoch = new Map(epochRecords(v).map((r) => [r.epoch, r[state.compareMetric]]));
      return { label: entries[i].name, values: epochs.map((e) => (isNum(byEpoch.get(e)) ? byEpoch.get(e) : null)) };
    });
    plot(chartBox, 'compare', state.compareMetric, epochs, series);
  }

  function renderCharts() {
    const box = document.getElementById('charts');
    const records = epochRecords(state.view);
    const xs = records.map((r) => r.epoch);
    const present = (k) => records.some((r) => isNum(r[k]));
    const boxes = [];
    for (const c of RUN_CHARTS) {
      const keys =
        c.keys === 'nb201'
          ? [...new Set(records.flatMap((r) => Object.keys(r).filter((k) => k.startsWith('nb201') && isNum(r[k]))))].sort().map((k) => [k, k])
          : c.keys.filter(([k]) => present(k));
      if (keys.length === 0) {
        plots.get(c.id)?.destroy();
        plots.delete(c.id);
        continue;
      }
      const chartBox = el('div', { class: 'chart', 'data-chart': c.id });
      boxes.push([chartBox, c, keys]);
    }
    box.replaceChildren(...boxes.map(([b]) => b));
    for (const [b, c, keys] of boxes) {
      plot(
        b,
        c.id,
        c.title,
        xs,
        keys.map(([k, label]) => ({ label, values: records.map((r) => (isNum(r[k]) ? r[k] : null)) })),
      );
    }
    const last = state.view.metrics.lastStep;
    const progress = document.getElementById('progress');
    progress.textContent = last ? `latest step: epoch ${last.epoch}, step ${last.step}, loss ${isNum(last.loss) ? last.loss.toFixed(4) : '-'}` : '';
  }

  /** The epochs that have α or a cell picture, ascending. */
  const archEpochs = (view) => [...new Set([...view.arch.map((a) => a.epoch), ...view.cells.map((c) => c.epoch)])].sort((a, b) => a - b);

  /** The cells to choose from: those α is recorded for, else those drawn. */
  function cellNames(view) {
    const names = new Set();
    for (const a of view.arch) for (const n of Object.keys(a.weights.cells)) names.add(n);
    if (names.size === 0) for (const c of view.cells) for (const n of Object.keys(c.pictures)) names.add(n);
    return [...names];
  }

  /** The picture of `cell` among an epoch's: by name, or the only one drawn (NAS-Bench-201 draws "cell", its α is "cell0"). */
  function pictureOf(pictures, cell) {
    const drawn = Object.keys(pictures);
    return pictures[cell] ?? (drawn.length === 1 ? pictures[drawn[0]] : undefined);
  }

  // One heatmap per edge: rows are the ops, columns the epochs, colour the op's weight on that edge relative to the
  // edge's range over the run (α barely leaves 1/|ops| early on; a common scale would hide how it moves).
  function renderAlpha(epoch) {
    const box = document.getElementById('alpha');
    box.replaceChildren();
    box.dataset.epoch = String(epoch);
    const arch = state.view.arch.filter((a) => a.weights.cells[state.cell]);
    if (arch.length === 0) return;
    const first = arch[arch.length - 1].weights;
    const ops = first.ops ?? Object.keys(first.cells[state.cell].edges[0].weights);
    const edges = first.cells[state.cell].edges.map((e) => e.edge);
    const cw = Math.max(6, Math.min(18, Math.floor(360 / arch.length)));
    const rh = 12;
    const labelW = 96;
    for (const edgeName of edges) {
      const values = arch.map((a) => a.weights.cells[state.cell].edges.find((e) => e.edge === edgeName)?.weights ?? {});
      const all = values.flatMap((w) => Object.values(w)).filter(isNum);
      const lo = Math.min(...all);
      const hi = Math.max(...all);
      const svg = svgEl('svg', { width: labelW + cw * arch.length + 2, height: 16 + rh * ops.length + 2, class: 'edge-heatmap', 'data-edge': edgeName });
      const caption = svgEl('text', { x: 0, y: 11, class: 'edge-name' });
      caption.textContent = edgeName;
      svg.append(caption);
      ops.forEach((op, row) => {
        const label = svgEl('text', { x: labelW - 4, y: 16 + row * rh + rh - 2, 'text-anchor': 'end', class: 'op-name' });
        label.textContent = op;
        svg.append(label);
        arch.forEach((a, col) => {
          const w = values[col][op];
          const t = isNum(w) ? (hi > lo ? (w - lo) / (hi - lo) : 0.5) : 0;
          const rect = svgEl('rect', { x: labelW + col * cw, y: 16 + row * rh, width: cw, height: rh, fill: colour(t), 'data-epoch': a.epoch });
          const tip = svgEl('title');
          tip.textContent = `${edgeName} · ${op} · epoch ${a.epoch}: ${isNum(w) ? w.toFixed(4) : '-'}`;
          rect.append(tip);
          svg.append(rect);
        });
      });
      const col = arch.findIndex((a) => a.epoch === epoch);
      if (col >= 0) svg.append(svgEl('rect', { x: labelW + col * cw, y: 16, width: cw, height: rh * ops.length, class: 'current-epoch' }));
      box.append(svg);
    }
  }

  // viridis, by a few of its stops
  const VIRIDIS = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  function colour(t) {
    const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
    const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
    const f = x - i;
    const c = VIRIDIS[i].map((v, k) => Math.round(v + (VIRIDIS[i + 1][k] - v) * f));
    return `rgb(${c.join(',')})`;
  }

  function renderArchitecture(keepLatest) {
    const section = document.getElementById('architecture');
    const epochs = archEpochs(state.view);
    const names = cellNames(state.view);
    if (epochs.length === 0 || names.length === 0) {
      section.replaceChildren();
      return;
    }
    if (!names.includes(state.cell)) state.cell = names[0];
    if (keepLatest || state.epochIndex < 0 || state.epochIndex >= epochs.length) state.epochIndex = epochs.length - 1;
    const slider = el('input', {
      id: 'epoch-slider',
      type: 'range',
      min: 0,
      max: epochs.length - 1,
      step: 1,
      value: state.epochIndex,
      on: { input: (e) => ((state.epochIndex = Number(e.target.value)), showEpoch()) },
    });
    const cellButtons = names.map((n) =>
      el('button', { type: 'button', class: n === state.cell ? 'cell-button active' : 'cell-button', 'data-cell': n, on: { click: () => ((state.cell = n), renderArchitecture(false)) } }, n),
    );
    section.replaceChildren(
      el('h2', {}, 'Architecture'),
      el('div', { class: 'controls' }, el('label', {}, 'epoch ', slider, ' ', el('span', { id: 'epoch-label' })), el('span', { class: 'cells' }, cellButtons)),
      el('div', { class: 'arch' }, el('figure', {}, el('img', { id: 'cell-picture', alt: 'cell' }), el('figcaption', { id: 'cell-caption' })), el('div', { id: 'alpha' })),
    );
    showEpoch();
  }

  function showEpoch() {
    const epochs = archEpochs(state.view);
    const epoch = epochs[state.epochIndex];
    document.getElementById('epoch-label').textContent = `${epoch} of ${epochs[epochs.length - 1]}`;
    const pictures = state.view.cells.find((c) => c.epoch === epoch)?.pictures ?? {};
    const img = document.getElementById('cell-picture');
    const rel = pictureOf(pictures, state.cell);
    img.src = rel ? api.fileUrl(state.current, rel) : '';
    img.dataset.epoch = String(epoch);
    document.getElementById('cell-caption').textContent = rel ? `${state.cell} cell after epoch ${epoch}` : `no ${state.cell} picture for epoch ${epoch}`;
    renderAlpha(epoch);
  }

  async function openRun(id) {
    const view = await api.run(id);
    if (!view) return;
    const changed = state.current !== id;
    state.current = id;
    state.view = view;
    const section = document.getElementById('run');
    if (changed || !document.getElementById('charts')) {
      section.replaceChildren(
        el('h2', { id: 'run-title' }, view.run.name),
        el('p', { id: 'run-description' }),
        el('p', { id: 'progress', class: 'note' }),
        el('div', { id: 'charts', class: 'charts' }),
        el('section', { id: 'architecture' }),
      );
    }
    document.getElementById('run-description').textContent = `${view.run.command} · ${view.run.what} · ${view.run.dataset} · ${view.run.description}`;
    renderCharts();
    const epochs = archEpochs(view);
    renderArchitecture(changed || state.epochIndex === epochs.length - 2);
    for (const tr of document.querySelectorAll('table.runs tr[data-id]')) tr.classList.toggle('current', Number(tr.dataset.id) === id);
  }

  async function refreshList() {
    state.list = await api.runs();
    renderRunsTable();
  }

  async function onMetrics(chunk) {
    if (chunk.id !== state.current || !state.view) return;
    const m = state.view.metrics;
    if (chunk.from === m.next) {
      m.records.push(...chunk.records);
      m.next = chunk.next;
      if (chunk.lastStep) m.lastStep = chunk.lastStep;
    } else if (chunk.next > m.next || chunk.from === 0) {
      const fresh = await api.metrics(state.current, chunk.from === 0 ? 0 : m.next);
      if (fresh.from === 0) m.records = [];
      m.records.push(...fresh.records);
      m.next = fresh.next;
      if (fresh.lastStep) m.lastStep = fresh.lastStep;
    }
    renderCharts();
  }

  function route() {
    const m = /^#run=(\d+)$/.exec(location.hash);
    const id = m ? Number(m[1]) : state.list.runs[0]?.id;
    if (id !== undefined) return openRun(id);
  }

  async function main() {
    const app = document.getElementById('app');
    app.append(el('section', { id: 'runs' }), el('section', { id: 'compare' }), el('section', { id: 'run' }));
    await refreshList();
    window.addEventListener('hashchange', route);
    await route();
    const live = document.getElementById('live');
    if (REPORT) {
      live.textContent = `report of ${new Date(REPORT.generatedAt).toLocaleString()}`;
    } else {
      const events = new EventSource('/api/events');
      events.addEventListener('open', () => (live.textContent = 'live'));
      events.addEventListener('error', () => (live.textContent = 'reconnecting…'));
      events.addEventListener('metrics', (e) => {
        const chunk = JSON.parse(e.data);
        onMetrics(chunk);
        refreshList().then(renderCompare);
      });
      events.addEventListener('run', (e) => {
        const { id } = JSON.parse(e.data);
        refreshList();
        if (id === state.current) openRun(id);
      });
      events.addEventListener('runs', () => refreshList());
    }
    document.body.dataset.ready = 'true';
  }

  main().catch((e) => {
    document.getElementById('app').prepend(el('p', { class: 'error' }, `board: ${e.message}`));
    document.body.dataset.ready = 'error';
  });
})();
