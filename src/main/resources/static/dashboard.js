// The dashboard: plain DOM and uPlot, reading only the public API, polling it every two seconds.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';

const API = '/api/v1';
const POLL_MS = 2000;
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const ACTIVE = new Set(['QUEUED', 'RUNNING']);

const params = new URLSearchParams(location.search);
const state = {
  job: params.get('job'),
  experiment: params.get('experiment'),
  datasets: new Map(),
  charts: [],
  live: true,
  busy: false,
};

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

async function getJson(path) {
  const r = await fetch(API + path, { headers: { Accept: 'application/json' } });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}

function fmt(x) {
  if (x == null || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? x.toExponential(2) : a >= 100 ? x.toFixed(1) : x.toPrecision(4);
}

function pct(x) {
  return x == null ? '—' : (100 * x).toFixed(1) + ' %';
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

function badge(status) {
  return h('span', { class: 'badge ' + status }, status);
}

/** The same label the server's SVG uses: an object with a type shows the type bare. */
function variedLabel(varied) {
  return Object.entries(varied || {}).map(([key, value]) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const inner = Object.entries(value).filter(([k]) => k !== 'type').map(([k, v]) => `${k}=${text(v)}`);
      return typeof value.type === 'string' ? [value.type, ...inner].join(' ') : `${key}={${inner.join(' ')}}`;
    }
    return `${key}=${text(value)}`;
  }).join(', ');
}

function text(v) {
  return v == null ? 'default' : typeof v === 'string' ? v : JSON.stringify(v);
}

function select(kind, id) {
  state.job = kind === 'job' ? id : null;
  state.sharpnessPolls = 0;
  state.experiment = kind === 'experiment' ? id : null;
  history.replaceState(null, '', `?${kind}=${id}`);
  state.live = true;
  tick();
}

// ---- lists

function renderDatasets(page) {
  const ul = document.getElementById('datasets');
  state.datasets = new Map(page.content.map(d => [d.id, d]));
  ul.replaceChildren(...(page.content.length ? page.content.map(d => h('li', {},
    h('div', { class: 'row' }, h('span', { class: 'name' }, d.name), h('span', { class: 'muted' }, d.task)),
    h('div', { class: 'sub' }, `${d.rows} rows · ${d.features.length} features · ${d.label.classes ? d.label.classes.length + ' classes' : 'numeric label'}`)))
    : [h('li', { class: 'muted' }, 'No datasets yet: POST /api/v1/datasets')]));
}

function renderJobs(page) {
  const ul = document.getElementById('jobs');
  ul.replaceChildren(...(page.content.length ? page.content.map(j => {
    const dataset = state.datasets.get(j.datasetId);
    const r = j.result;
    return h('li', { class: 'item' + (j.id === state.job ? ' selected' : ''), 'data-job': j.id, onclick: () => select('job', j.id) },
      h('div', { class: 'row' }, h('span', { class: 'name' }, j.name || j.id.slice(0, 8)), badge(j.status)),
      h('div', { class: 'sub' }, [dataset ? dataset.name : 'dataset deleted', j.spec.optimizer.type,
        `${j.progress.epoch}/${j.progress.epochs} epochs`, r ? `val loss ${fmt(r.validationLoss)}` : null].filter(Boolean).join(' · ')),
      ACTIVE.has(j.status) ? h('div', { class: 'progress' }, h('div', { style: `width:${(100 * j.progress.fraction).toFixed(1)}%` })) : null);
  }) : [h('li', { class: 'muted' }, 'No jobs yet: POST /api/v1/jobs')]));
}

function renderExperiments(page) {
  const ul = document.getElementById('experiments');
  ul.replaceChildren(...(page.content.length ? page.content.map(e => h('li', {
    class: 'item' + (e.id === state.experiment ? ' selected' : ''), 'data-experiment': e.id, onclick: () => select('experiment', e.id) },
  h('div', { class: 'row' }, h('span', { class: 'name' }, e.name), badge(e.status)),
  h('div', { class: 'sub' }, `${e.jobIds.length} jobs · seed ${e.seed} · ${when(e.createdAt)}`)))
    : [h('li', { class: 'muted' }, 'No experiments yet: POST /api/v1/experiments')]));
}

async function refreshLists() {
  const [datasets, jobs, experiments] = await Promise.allSettled([
    getJson('/datasets?size=100'), getJson('/jobs?size=50'), getJson('/experiments?size=30')]);
  if (datasets.status === 'fulfilled') renderDatasets(datasets.value);
  if (jobs.status === 'fulfilled') renderJobs(jobs.value);
  if (experiments.status === 'fulfilled') renderExperiments(experiments.value);
}

// ---- charts

/** Epoch → value maps turned into uPlot's column arrays over the union of epochs. */
function columns(curves) {
  const xs = [...new Set(curves.flatMap(c => [...c.points.keys()]))].sort((a, b) => a - b);
  return [xs, ...curves.map(c => xs.map(x => c.points.has(x) ? c.points.get(x) : null))];
}

function curve(epochs, field) {
  return new Map(epochs.filter(e => e[field] != null && Number.isFinite(e[field])).map(e => [e.epoch, e[field]]));
}

function chart(container, curves, bands = []) {
  const data = columns(curves);
  const values = data.slice(1).flat().filter(v => v != null && v > 0);
  const log = values.length > 0 && Math.max(...values) / Math.min(...values) > 100;
  const el = h('div', { class: 'chart' });
  container.append(el);
  const opts = {
    width: Math.max(320, container.clientWidth - 4),
    height: 360,
    scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
    axes: [{ label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000] }, { label: log ? 'loss (log scale)' : 'loss' }],
    series: [{ label: 'epoch' }, ...curves.map(c => ({
      label: c.label, stroke: c.color, width: c.width ?? 2, dash: c.dashed ? [6, 4] : undefined,
      spanGaps: true, points: { show: false }, value: (u, v) => fmt(v),
    }))],
    bands,
    cursor: { drag: { x: true, y: false } },
  };
  const plot = new uPlot(opts, data, el);
  state.charts.push({ plot, container });
  return plot;
}

function mean(xs) {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function std(xs) {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

/** Per-epoch mean and sample std over folds, at epochs that every fold reached. */
function foldStats(byFold, field) {
  const curves = byFold.map(es => curve(es, field));
  const epochs = [...curves[0].keys()].filter(x => curves.every(c => c.has(x)));
  const m = new Map(), lo = new Map(), hi = new Map();
  for (const x of epochs) {
    const vs = curves.map(c => c.get(x));
    const mu = mean(vs), sd = std(vs);
    m.set(x, mu); lo.set(x, mu - sd); hi.set(x, mu + sd);
  }
  return { mean: m, lo, hi };
}

function jobCurves(epochs) {
  const folds = [...new Set(epochs.map(e => e.fold))].sort((a, b) => a - b);
  const kFolds = folds.filter(f => f > 0);
  if (kFolds.length === 0) {
    return {
      curves: [
        { label: 'training loss', points: curve(epochs, 'trainLoss'), color: PALETTE[0] },
        { label: 'validation loss', points: curve(epochs, 'validationLoss'), color: PALETTE[1], dashed: true },
      ], bands: [],
    };
  }
  const byFold = kFolds.map(f => epochs.filter(e => e.fold === f));
  const curves = [];
  kFolds.forEach((f, i) => {
    curves.push({ label: `fold ${f} training loss`, points: curve(byFold[i], 'trainLoss'), color: '#93c5fd', width: 1 });
    curves.push({ label: `fold ${f} validation loss`, points: curve(byFold[i], 'validationLoss'), color: '#fca5a5', width: 1, dashed: true });
  });
  const bands = [];
  for (const [field, name, color, fill] of [['trainLoss', 'training', '#1d4ed8', 'rgba(37,99,235,0.12)'],
    ['validationLoss', 'validation', '#b91c1c', 'rgba(220,38,38,0.12)']]) {
    const s = foldStats(byFold, field);
    curves.push({ label: `mean ${name} loss`, points: s.mean, color, width: 2.5, dashed: field === 'validationLoss' });
    curves.push({ label: `${name} mean + std`, points: s.hi, color: 'rgba(0,0,0,0.15)', width: 0.5 });
    curves.push({ label: `${name} mean − std`, points: s.lo, color: 'rgba(0,0,0,0.15)', width: 0.5 });
    bands.push({ series: [curves.length - 1, curves.length], fill });
  }
  if (folds.includes(0)) {
    curves.push({ label: 'refit training loss', points: curve(epochs.filter(e => e.fold === 0), 'trainLoss'), color: '#111827', width: 1.5 });
  }
  return { curves, bands };
}

// ---- details

function fact(k, v) {
  return h('div', { class: 'fact' }, h('div', { class: 'k' }, k), h('div', { class: 'v' }, v));
}

async function diagnosis(job) {
  const box = h('div', { class: 'diagnosis', id: 'diagnosis' });
  if (ACTIVE.has(job.status)) {
    box.append(h('span', { class: 'muted' }, 'available once the job has finished'));
    return box;
  }
  let r;
  try {
    r = await fetch(`${API}/jobs/${job.id}/diagnosis`, { headers: { Accept: 'application/json' } });
  } catch (e) {
    box.append(h('span', { class: 'muted' }, 'not available'));
    return box;
  }
  if (r.status === 202) {
    state.live = true;
    box.append(h('span', { class: 'muted' }, 'computing…'));
  } else if (r.ok) {
    const d = await r.json();
    box.append(h('div', {}, badge(d.verdict)),
      d.evidence?.length ? h('ul', {}, d.evidence.map(e => h('li', {}, e))) : null,
      d.suggestions?.length ? h('div', {}, h('strong', {}, 'Try: '), d.suggestions.join(' · ')) : null);
  } else {
    box.append(h('span', { class: 'muted' }, 'not available'));
  }
  return box;
}

async function renderJob(id, detail) {
  const [job, epochs] = await Promise.all([getJson(`/jobs/${id}`), getJson(`/jobs/${id}/epochs`)]);
  state.live = ACTIVE.has(job.status);
  const dataset = state.datasets.get(job.datasetId);
  const r = job.result;
  const last = epochs.filter(e => e.fold === job.progress.fold).at(-1) || epochs.at(-1);
  const nodes = [
    h('div', { class: 'row' }, h('h3', {}, job.name || job.id), badge(job.status)),
    h('div', { class: 'sub' }, `job ${job.id} · ${dataset ? dataset.name : job.datasetId} · created ${when(job.createdAt)}`
      + (job.experimentId ? ' · part of an experiment' : '')),
    h('div', { class: 'facts' },
      fact('epoch', `${job.progress.epoch} / ${job.progress.epochs}` + (job.progress.folds ? ` · fold ${job.progress.fold}/${job.progress.folds}` : '')),
      fact('training loss', fmt(r ? r.trainLoss : last?.trainLoss)),
      fact('validation loss', fmt(r ? r.validationLoss : last?.validationLoss)),
      fact('validation accuracy', pct(r ? r.validationAccuracy : last?.validationAccuracy)),
      r ? fact('best epoch', r.bestEpoch ?? '—') : null,
      r ? fact('seconds', fmt(r.trainingSeconds)) : null),
    job.error ? h('p', { class: 'error' }, job.error.message) : null,
    h('h4', {}, job.progress.folds ? 'Loss per epoch — each fold, and the mean ± std over folds' : 'Loss per epoch'),
  ];
  detail.replaceChildren(...nodes.filter(Boolean));
  if (epochs.length) {
    const { curves, bands } = jobCurves(epochs);
    chart(detail, curves, bands);
  } else {
    detail.append(h('p', { class: 'muted' }, 'No epoch has finished yet.'));
  }
  detail.append(h('h4', {}, 'Diagnosis'), await diagnosis(job),
    h('details', {}, h('summary', {}, 'spec as run'), h('pre', { class: 'spec' }, JSON.stringify(job.spec, null, 2))));
}

/** One curve per job for the overlay: the run itself, or the mean over folds for a k-fold job. */
function overlayPoints(epochs, field) {
  const kFolds = [...new Set(epochs.map(e => e.fold))].filter(f => f > 0);
  if (kFolds.length === 0) return curve(epochs, field);
  return foldStats(kFolds.map(f => epochs.filter(e => e.fold === f)), field).mean;
}

async function renderExperiment(id, detail) {
  const e = await getJson(`/experiments/${id}`);
  const histories = await Promise.all(e.jobIds.map(j => getJson(`/jobs/${j}/epochs`)));
  // Sharpness comes from an analysis that runs after the jobs; keep polling for it a minute, not forever, since a
  // build without the analysis never fills it in.
  const waiting = e.comparison.some(c => c.status === 'SUCCEEDED' && c.sharpness == null);
  state.sharpnessPolls = waiting ? (state.sharpnessPolls ?? 0) + 1 : 0;
  state.live = e.status === 'RUNNING' || (waiting && state.sharpnessPolls < 30);
  const best = Math.min(...e.comparison.map(c => c.bestValidationLoss ?? Infinity));
  const curves = [];
  e.comparison.forEach((c, i) => {
    const label = variedLabel(c.varied);
    const color = PALETTE[i % PALETTE.length];
    curves.push({ label: `${label} — training loss`, points: overlayPoints(histories[i], 'trainLoss'), color });
    curves.push({ label: `${label} — validation loss`, points: overlayPoints(histories[i], 'validationLoss'), color, dashed: true });
  });
  detail.replaceChildren(
    h('div', { class: 'row' }, h('h3', {}, e.name), badge(e.status)),
    h('div', { class: 'sub' }, `experiment ${e.id} · ${e.jobIds.length} jobs · shared seed ${e.seed} · created ${when(e.createdAt)} · `,
      h('a', { href: `${API}/experiments/${e.id}/loss-curves.svg` }, 'SVG')),
    h('h4', {}, 'Loss per epoch — training solid, validation dashed'));
  if (histories.some(es => es.length)) chart(detail, curves);
  else detail.append(h('p', { class: 'muted' }, 'No epoch has finished yet.'));
  detail.append(h('h4', {}, 'Comparison'), h('table', {},
    h('thead', {}, h('tr', {}, ['varied', 'status', 'best val. loss', 'best epoch', 'final train loss', 'seconds', 'sharpness']
      .map((t, i) => h('th', { class: i > 1 ? 'num' : null }, t)))),
    h('tbody', {}, e.comparison.map((c, i) => h('tr', { class: c.bestValidationLoss === best ? 'best' : null },
      h('td', {}, h('span', { style: `color:${PALETTE[i % PALETTE.length]}` }, '● '),
        h('a', { href: `?job=${c.jobId}`, onclick: ev => { ev.preventDefault(); select('job', c.jobId); } }, variedLabel(c.varied))),
      h('td', {}, badge(c.status)),
      h('td', { class: 'num' }, fmt(c.bestValidationLoss)),
      h('td', { class: 'num' }, c.bestEpoch ?? '—'),
      h('td', { class: 'num' }, fmt(c.finalTrainLoss)),
      h('td', { class: 'num' }, fmt(c.trainingSeconds)),
      h('td', { class: 'num' }, c.sharpness != null ? fmt(c.sharpness) : h('span', { class: 'muted', title: 'not analysed yet' }, '—')))))));
}

async function renderDetail() {
  const detail = document.getElementById('detail');
  if (!state.job && !state.experiment) return;
  // The shown charts stay until the fresh ones replace them: a refresh must never leave an empty chart behind.
  const shown = state.charts;
  state.charts = [];
  const fresh = h('div', {});
  try {
    if (state.job) await renderJob(state.job, fresh);
    else await renderExperiment(state.experiment, fresh);
  } catch (err) {
    fresh.replaceChildren(h('p', { class: 'error' }, `Could not load: ${err.message}`));
    state.live = false;
  }
  // Swap in one step so that polling does not make the page flicker.
  shown.forEach(c => c.plot.destroy());
  detail.replaceChildren(...fresh.childNodes);
  state.charts.forEach(c => c.plot.setSize({ width: Math.max(320, detail.clientWidth - 48), height: 360 }));
}

async function tick() {
  if (state.busy) return;
  state.busy = true;
  try {
    await refreshLists();
    if (state.live) await renderDetail();
  } finally {
    state.busy = false;
  }
}

window.addEventListener('resize', () => {
  const detail = document.getElementById('detail');
  state.charts.forEach(c => c.plot.setSize({ width: Math.max(320, detail.clientWidth - 48), height: 360 }));
});

tick();
setInterval(tick, POLL_MS);
