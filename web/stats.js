// stats.js - a center's queue statistics for a day (the center's
// manager; district and city admins name the center): tickets, calls,
// waits, service times, no-shows, missed appointments and the busiest
// hour (GET /api/v1/centers/{id}/stats?date=), with an SVG bar chart of
// the arrivals by hour and the same numbers as a table; and the window
// planner (POST /api/v1/centers/{id}/plan, docs/planning.md), started
// from data/plans/pengpu-1788.json (served as plan-pengpu-1788.json),
// showing the windows recommended for each hour.
import { api, h, s, t, initPage, onLanguageChange, showError, clearError, ApiError, formatDay } from './app.js';
import { gate, loadPlaces, placeLabel } from './casekit.js';
import { shanghaiToday } from './queuekit.js';

const params = new URLSearchParams(location.search);
const status = document.getElementById('stats-status');
const errorBox = document.getElementById('stats-error');
const gateBox = document.getElementById('gate');
const page = document.getElementById('stats');
const centerLine = document.getElementById('stats-center');
const form = document.getElementById('stats-form');
const centerField = document.getElementById('center-field');
const centerInput = document.getElementById('center');
const dateInput = document.getElementById('date');
const figuresH = document.getElementById('figures-h2');
const figures = document.getElementById('figures');
const chart = document.getElementById('chart');
const chartTable = document.getElementById('chart-table');
const planForm = document.getElementById('plan-form');
const planInput = document.getElementById('plan');
const planRun = document.getElementById('plan-run');
const planResult = document.getElementById('plan-result');
const planResultH = document.getElementById('plan-result-h3');
const planBody = document.getElementById('plan-body');

let me = null;
let center = null;
let stats = null;
let plan = null;
let example = '';

const minutes = (v) => (v === null || v === undefined ? '—' : t('q.minutes', Number(v.toFixed(1))));
const hourLabel = (i) => `${String(i).padStart(2, '0')}:00`;

// ---- the day's figures ---------------------------------------------------

function renderFigures() {
  if (!stats) return;
  figuresH.textContent = t('stats.figures', formatDay(stats.date));
  const busiestN = stats.busiest_hour ? stats.arrivals_by_hour[Number(stats.busiest_hour.slice(0, 2))] : 0;
  const rows = [
    ['tickets', 'stats.tickets', String(stats.tickets)],
    ['called', 'stats.called', String(stats.called)],
    ['served', 'stats.served', String(stats.served)],
    ['mean_wait_minutes', 'stats.mean_wait', minutes(stats.mean_wait_minutes)],
    ['p90_wait_minutes', 'stats.p90_wait', minutes(stats.p90_wait_minutes)],
    ['mean_service_minutes', 'stats.mean_service', minutes(stats.mean_service_minutes)],
    ['no_shows', 'stats.no_shows', String(stats.no_shows)],
    ['missed_appointments', 'stats.missed', String(stats.missed_appointments)],
    ['busiest_hour', 'stats.busiest', stats.busiest_hour && stats.tickets ? `${stats.busiest_hour}${t('paren', t('stats.people', busiestN))}` : '—'],
  ];
  figures.replaceChildren(...rows.map(([key, label, value]) => h('div', { class: 'stat', 'data-key': key },
    h('dt', {}, t(label)), h('dd', {}, value))));
  renderChart();
}

// The arrivals of each hour as bars; the busiest hour stands out.
function renderChart() {
  const a = stats.arrivals_by_hour;
  const W = 720, H = 260, L = 44, R = 10, T = 24, B = 34;
  const max = Math.max(1, ...a);
  const step = max <= 5 ? 1 : Math.ceil(max / 4 / 5) * 5;
  const top = Math.ceil(max / step) * step;
  const pw = (W - L - R) / 24;
  const y = (v) => T + (H - T - B) * (1 - v / top);
  const busiest = stats.busiest_hour && stats.tickets ? Number(stats.busiest_hour.slice(0, 2)) : -1;
  const total = a.reduce((x, v) => x + v, 0);
  const grid = [];
  for (let v = 0; v <= top; v += step) {
    grid.push(s('line', { class: 'gridline', 'data-v': String(v), x1: L, x2: W - R, y1: y(v), y2: y(v) }),
      s('text', { class: 'axis', x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  const bars = a.map((v, i) => s('g', {},
    s('rect', { class: i === busiest ? 'bar busiest' : 'bar', 'data-hour': String(i), 'data-n': String(v),
      x: (L + i * pw + pw * 0.15).toFixed(1), y: y(v).toFixed(1), width: (pw * 0.7).toFixed(1), height: (y(0) - y(v)).toFixed(1) },
    s('title', {}, `${hourLabel(i)}${t('sep')}${t('stats.people', v)}`)),
    v ? s('text', { class: 'bar-n', x: (L + i * pw + pw / 2).toFixed(1), y: (y(v) - 4).toFixed(1), 'text-anchor': 'middle' }, String(v)) : null,
    i % 3 === 0 ? s('text', { class: 'axis', x: (L + i * pw + pw / 2).toFixed(1), y: H - B + 16, 'text-anchor': 'middle' }, String(i).padStart(2, '0')) : null));
  const day = formatDay(stats.date);
  chart.replaceChildren(s('svg', {
    id: 'arrivals-chart', class: 'chart-svg', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'chart-title chart-desc',
    preserveAspectRatio: 'xMidYMid meet',
  },
  s('title', { id: 'chart-title' }, t('stats.chart.title', day)),
  s('desc', { id: 'chart-desc' }, t('stats.chart.desc', total, stats.busiest_hour, busiest >= 0 ? a[busiest] : 0)),
  ...grid,
  s('line', { class: 'baseline', x1: L, x2: W - R, y1: y(0), y2: y(0) }),
  ...bars));
  chartTable.replaceChildren(h('table', { id: 'arrivals-table', class: 'arrivals-table' },
    h('caption', {}, t('stats.chart.title', day)),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('stats.hour')), h('th', { scope: 'col', class: 'num-cell' }, t('stats.arrivals')))),
    h('tbody', {}, ...a.map((v, i) => h('tr', { 'data-hour': String(i), class: i === busiest ? 'busiest' : null },
      h('th', { scope: 'row' }, `${hourLabel(i)}–${hourLabel(i + 1)}`),
      h('td', { class: 'num-cell' }, String(v)))))));
}

async function loadStats() {
  clearError(errorBox, form);
  try {
    stats = await api(`/centers/${encodeURIComponent(center)}/stats`, { query: { date: dateInput.value } });
    renderFigures();
  } catch (e) {
    showError(errorBox, e, form);
  }
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  if (me.role !== 'manager') {
    const c = centerInput.value.trim().toUpperCase();
    centerInput.value = c;
    if (!c) {
      showError(errorBox, new ApiError(400, 'missing_field', '', 'center'), form);
      return;
    }
    center = c;
    await loadPlaces([center]);
    renderCenter();
  }
  history.replaceState(null, '', `stats.html?${new URLSearchParams(me.role === 'manager' ? { date: dateInput.value } : { center, date: dateInput.value })}`);
  await loadStats();
});

// ---- the planner ------------------------------------------------------

const pct = (q) => `P${Number((q * 100).toFixed(1))}`;
const num = (v) => (v === null || v === undefined ? '—' : String(Number(v.toFixed(1))));

function renderPlan() {
  if (!plan) return;
  planResult.hidden = false;
  const p = plan;
  const over = (hr) => hr.arrivals > 0 && (hr.checked.quantile_wait_minutes === null || hr.checked.quantile_wait_minutes > p.target_wait_minutes);
  planBody.replaceChildren(
    h('p', { class: `plan-verdict ${p.met ? 'banner banner-good' : 'banner banner-warn'}`, 'data-met': String(p.met) },
      p.met ? t('stats.plan.met', `${Number((p.quantile * 100).toFixed(1))}%`, p.target_wait_minutes) : t('stats.plan.notmet', p.max_windows)),
    h('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-labelledby': 'plan-caption' },
      h('table', { id: 'plan-table', class: 'plan-table' },
        h('caption', { id: 'plan-caption' }, t('stats.plan.caption')),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('stats.plan.col.hour')),
          h('th', { scope: 'col', class: 'num-cell' }, t('stats.plan.col.arrivals')),
          h('th', { scope: 'col', class: 'num-cell' }, t('stats.plan.col.erlang')),
          h('th', { scope: 'col', class: 'num-cell' }, t('stats.plan.col.windows')),
          h('th', { scope: 'col', class: 'num-cell' }, t('stats.plan.col.mean')),
          h('th', { scope: 'col', class: 'num-cell' }, t('stats.plan.col.q', pct(p.quantile))),
          h('th', { scope: 'col', class: 'num-cell' }, t('stats.plan.col.util')))),
        h('tbody', {}, ...p.hours.map((hr) => h('tr', { 'data-start': hr.start, 'data-windows': String(hr.checked.windows), class: over(hr) ? 'over' : null },
          h('th', { scope: 'row' }, hr.start, over(hr) ? [' ', h('span', { class: 'tag tag-warn' }, t('stats.plan.over'))] : null),
          h('td', { class: 'num-cell' }, num(hr.arrivals)),
          h('td', { class: 'num-cell' }, String(hr.erlang.windows)),
          h('td', { class: 'num-cell windows' }, h('strong', {}, String(hr.checked.windows))),
          h('td', { class: 'num-cell' }, num(hr.checked.mean_wait_minutes)),
          h('td', { class: 'num-cell' }, num(hr.checked.quantile_wait_minutes)),
          h('td', { class: 'num-cell' }, hr.checked.utilisation === null ? '—' : `${Math.round(hr.checked.utilisation * 100)}%`)))),
        h('tfoot', {}, h('tr', {},
          h('th', { scope: 'row' }, t('stats.plan.total')),
          h('td', { class: 'num-cell' }, num(p.total_arrivals)),
          h('td', { class: 'num-cell' }, String(p.erlang.window_hours)),
          h('td', { class: 'num-cell windows' }, h('strong', {}, String(p.checked.window_hours))),
          h('td', {}), h('td', {}), h('td', {}))))),
    h('p', { class: 'plan-day' }, t('stats.plan.day', p.checked.window_hours, num(p.checked.mean_wait_minutes),
      num(p.checked.quantile_wait_minutes), num(p.checked.max_wait_minutes))));
}

planForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearError(errorBox, planForm);
  status.textContent = '';
  let body;
  try {
    body = JSON.parse(planInput.value);
  } catch {
    showError(errorBox, new ApiError(400, 'bad_json', '', 'plan'), planForm);
    return;
  }
  planRun.disabled = true;
  status.textContent = t('stats.plan.busy');
  planResult.setAttribute('aria-busy', 'true');
  try {
    plan = await api(`/centers/${encodeURIComponent(center)}/plan`, { method: 'POST', body });
    status.textContent = '';
    renderPlan();
    planResultH.focus();
  } catch (e) {
    status.textContent = '';
    // The planner names the field in its message, not in `field`.
    showError(errorBox, e, planForm);
    if (e instanceof ApiError && e.status === 400) {
      planInput.setAttribute('aria-invalid', 'true');
      planInput.setAttribute('aria-describedby', `plan-hint ${errorBox.id}`);
    }
  } finally {
    planRun.disabled = false;
    planResult.removeAttribute('aria-busy');
  }
});

document.getElementById('plan-reset').addEventListener('click', () => {
  planInput.value = example;
  clearError(errorBox, planForm);
});

// ---- start ------------------------------------------------------------

function renderCenter() {
  centerLine.replaceChildren(h('strong', {}, t('q.center')), t('sep'), placeLabel(center));
}

onLanguageChange(() => {
  if (!center) return;
  renderCenter();
  renderFigures();
  renderPlan();
});

initPage('stats').then(async (account) => {
  me = account;
  if (!gate(gateBox, me, ['manager', 'district_admin', 'city_admin'], 'stats.html')) return;
  const today = shanghaiToday();
  dateInput.max = today;
  const d = params.get('date');
  dateInput.value = d && /^\d{4}-\d{2}-\d{2}$/.test(d) && d <= today ? d : today;
  if (me.role === 'manager') {
    center = me.scope_center;
  } else {
    centerField.hidden = false;
    center = (params.get('center') || 'JA12').toUpperCase();
    centerInput.value = center;
  }
  await loadPlaces([center]);
  renderCenter();
  page.hidden = false;
  try {
    const r = await fetch('plan-pengpu-1788.json', { credentials: 'same-origin' });
    example = r.ok ? await r.text() : '';
  } catch { example = ''; }
  planInput.value = example;
  await loadStats();
});
