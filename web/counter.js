// counter.js - the clerk's calling page (clerks and managers of a center):
// the center's windows (GET /api/v1/centers/{center}/windows, the center
// being the account's scope_center), open and close a window, call the
// next ticket of its group, then work the ticket called: recall, skip
// (a no-show, once recalled the set number of times), start, finish,
// transfer to another window group, link the case filed for it
// (POST /api/v1/tickets/{id}/actions with the ticket's version; a 409
// reloads the ticket).  The waiting counts and the windows follow the
// board's Server-Sent Events.
//
// The windows list names a window's ticket by its label only, so the
// page remembers (in localStorage) the id of the ticket it called to each
// window, to find it again after a reload.
import { api, h, t, initPage, onLanguageChange, showError, clearError, ApiError } from './app.js';
import { gate, loadPlaces, placeLabel } from './casekit.js';
import { stream, liveState, loadBoard, groupLabel, ticketStatus, hhmm, showQueueError } from './queuekit.js';

const WINDOW_KEY = 'tongban.counter.window';
const ticketKey = (windowId) => `tongban.counter.ticket.${windowId}`;

const status = document.getElementById('counter-status');
const errorBox = document.getElementById('counter-error');
const gateBox = document.getElementById('gate');
const page = document.getElementById('counter');
const centerLine = document.getElementById('counter-center');
const windowSelect = document.getElementById('window');
const windowState = document.getElementById('window-state');
const openButton = document.getElementById('open-window');
const closeButton = document.getElementById('close-window');
const callButton = document.getElementById('call-next');
const currentH = document.getElementById('current-h2');
const currentBody = document.getElementById('current-body');
const waitingList = document.getElementById('waiting');
const windowsBox = document.getElementById('windows');
const conn = document.getElementById('counter-conn');

let me = null;
let center = null;
let windows = [];	// GET /centers/{center}/windows
let groups = [];	// the board's groups: names, waiting, open windows
let selected = null;	// the chosen window's id
let current = null;	// the ticket at the chosen window, as this page called it
let unknownLabel = null;	// a ticket at the window this page did not call
let busy = false;
let connState = '';

function store(key, value) {
  try {
    if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);
  } catch { /* storage blocked */ }
}
function stored(key) {
  try { return localStorage.getItem(key); } catch { return null; }
}

const win = () => windows.find((w) => w.id === selected) || null;
const mine = (w) => w && w.status === 'open' && w.clerk === me.name;

// ---- rendering ------------------------------------------------------

function windowWord(w) {
  return w.status === 'open' ? `${t('wstatus.open')}${w.clerk ? t('paren', t('counter.by', w.clerk)) : ''}` : t('wstatus.closed');
}

function renderWindows() {
  const keep = selected;
  windowSelect.replaceChildren(...windows.map((w) => h('option', { value: String(w.id), selected: w.id === keep },
    t('counter.window.option', w.number, w.group, w.status === 'open' ? t('wstatus.open') : t('wstatus.closed')))));
  const w = win();
  windowState.replaceChildren(...(w
    ? [h('strong', {}, t('q.window', w.number)), ' · ', groupLabel(groups, w.group), ' · ',
      h('span', { class: `wstate wstate-${w.status}`, 'data-status': w.status }, windowWord(w))]
    : []));
  openButton.disabled = !w || mine(w);
  closeButton.disabled = !w || w.status !== 'open';
  callButton.disabled = !w || !mine(w) || Boolean(w.ticket);
  windowsBox.replaceChildren(h('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-labelledby': 'windows-caption' },
    h('table', { class: 'windows-table', id: 'windows-table' },
      h('caption', { id: 'windows-caption', class: 'visually-hidden' }, t('counter.windows.h')),
      h('thead', {}, h('tr', {}, ...['counter.col.window', 'counter.col.group', 'counter.col.status', 'counter.col.clerk', 'counter.col.ticket']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, ...windows.map((x) => h('tr', { 'data-id': String(x.id), 'data-number': String(x.number), class: x.id === selected ? 'selected' : null },
        h('th', { scope: 'row' }, t('q.window', x.number)),
        h('td', {}, groupLabel(groups, x.group)),
        h('td', {}, h('span', { class: `wstate wstate-${x.status}` }, x.status === 'open' ? t('wstatus.open') : t('wstatus.closed'))),
        h('td', {}, x.clerk && x.status === 'open' ? x.clerk : '—'),
        h('td', { class: 'code' }, x.ticket || '—')))))));
}

function renderWaiting() {
  waitingList.replaceChildren(...groups.map((g) => h('li', { 'data-group': g.code },
    h('span', { class: 'waiting-name' }, groupLabel(groups, g.code)),
    h('span', { class: 'waiting-n' }, t('q.waiting.n', g.waiting)),
    h('span', { class: 'note' }, t('q.open.n', g.open_windows)))));
}

function fact(label, ...value) {
  return h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, ...value));
}

function actionButton(action, extraClass = '') {
  return h('button', { type: 'button', class: `tact ${extraClass}`.trim(), 'data-action': action, onclick: (ev) => act(action, {}, ev.currentTarget) }, t(`tact.${action}`));
}

function transferForm(tk) {
  const others = groups.filter((g) => g.code !== tk.group);
  const form = h('form', { class: 'inline-form tact-form', id: 'transfer-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'transfer-group' }, t('counter.transfer.to')),
      h('select', { id: 'transfer-group', name: 'group' }, ...others.map((g) => h('option', { value: g.code }, groupLabel(groups, g.code))))),
    h('button', { type: 'submit', 'data-action': 'transfer' }, t('tact.transfer')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act('transfer', { group: form.elements.namedItem('group').value }, form.querySelector('button'), form);
  });
  return form;
}

function linkForm() {
  const form = h('form', { class: 'inline-form tact-form', id: 'link-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'link-case' }, t('counter.case')),
      h('input', { id: 'link-case', name: 'case', type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: '40', 'aria-describedby': 'link-case-hint' }),
      h('p', { class: 'hint', id: 'link-case-hint' }, t('counter.case.hint'))),
    h('button', { type: 'submit', 'data-action': 'link' }, t('tact.link')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError(errorBox, form);
    const input = form.elements.namedItem('case');
    const value = input.value.trim().toUpperCase();
    if (!value) {
      showError(errorBox, new ApiError(400, 'missing_field', '', 'case'), form);
      return;
    }
    let caseId = /^\d+$/.test(value) ? Number(value) : null;
    if (caseId === null) {
      try {
        const r = await api('/cases', { query: { number: value } });
        if (!r.items.length) {
          showError(errorBox, new ApiError(404, 'no_case_number', '', 'case'), form);
          return;
        }
        caseId = r.items[0].id;
      } catch (e) {
        showError(errorBox, e, form);
        return;
      }
    }
    act('link', { case_id: caseId }, form.querySelector('button'), form);
  });
  return form;
}

function renderCurrent() {
  const w = win();
  if (!current) {
    currentBody.replaceChildren(h('p', { class: 'note current-none' },
      unknownLabel ? t('counter.unknown', unknownLabel) : t('counter.none')));
    return;
  }
  const tk = current;
  const prio = tk.priority === 2 ? t('q.source.appointment') : tk.priority_reason ? t(`prio.${tk.priority_reason}`) : null;
  const buttons = [];
  if (tk.status === 'called') buttons.push(actionButton('recall'), actionButton('skip'), actionButton('start', 'primary'));
  if (tk.status === 'serving') buttons.push(actionButton('finish', 'primary'));
  const atWindow = w && tk.window === w.number && (tk.status === 'called' || tk.status === 'serving');
  currentBody.replaceChildren(
    h('div', { class: `counter-ticket ticket-${tk.status}`, 'data-id': String(tk.id), 'data-status': tk.status, 'data-version': String(tk.version) },
      h('p', { class: 'ticket-label-line' }, h('span', { class: 'ticket-label' }, tk.label), ' ', ticketStatus(tk.status)),
      h('dl', { class: 'facts' },
        fact(t('q.group'), groupLabel(groups, tk.group)),
        fact(t('q.arrived'), hhmm(tk.arrived_at)),
        tk.called_at ? fact(t('q.called_at'), hhmm(tk.called_at)) : null,
        tk.window ? fact(t('counter.col.window'), t('q.window', tk.window)) : null,
        fact(t('q.recalls'), String(tk.recalls)),
        prio ? fact(t('q.priority'), prio) : null,
        tk.case_id ? fact(t('case.number'), h('a', { href: `desk.html?case=${tk.case_id}`, class: 'linked-case' }, t('counter.linked', tk.case_id))) : null)),
    buttons.length ? h('div', { class: 'action-buttons', role: 'group', 'aria-label': t('actions.h') }, ...buttons) : null,
    tk.status === 'called' ? transferForm(tk) : null,
    tk.status === 'serving' || tk.status === 'done' ? linkForm() : null,
    atWindow ? h('p', {}, h('a', { class: 'button desk-link', href: 'desk.html' }, t('counter.desk'))) : null);
}

function renderCenter() {
  centerLine.replaceChildren(h('strong', {}, t('counter.center')), t('sep'), placeLabel(center));
}

function renderAll() {
  renderCenter();
  renderWindows();
  renderCurrent();
  renderWaiting();
}

// ---- loading --------------------------------------------------------

async function loadWindows() {
  windows = (await api(`/centers/${encodeURIComponent(center)}/windows`)).items;
}

// The ticket this page called to the chosen window, if the window still
// has it; else what the window shows.
async function restoreCurrent() {
  const w = win();
  current = null;
  unknownLabel = null;
  if (!w) return;
  const saved = JSON.parse(stored(ticketKey(w.id)) || 'null');
  if (saved && w.ticket && saved.label === w.ticket) {
    try {
      current = await api(`/tickets/${saved.id}`);
      return;
    } catch { /* gone: forget it */ }
  }
  if (saved && !w.ticket) {
    // Finished or moved on since: show it as it ended.
    try { current = await api(`/tickets/${saved.id}`); } catch { current = null; }
    if (current && current.window !== w.number) current = null;
    if (!current) store(ticketKey(w.id), null);
    return;
  }
  if (w.ticket) unknownLabel = w.ticket;
}

async function reloadCurrent() {
  if (!current) return;
  try {
    current = await api(`/tickets/${current.id}`);
  } catch (e) {
    showError(errorBox, e);
  }
}

let refreshTimer = null;
// Board events: the waiting counts at once, the windows (and a ticket
// someone else moved) shortly after.
function onBoard(b) {
  groups = b.groups;
  renderWaiting();
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(async () => {
    if (busy) return;
    try {
      await loadWindows();
      const w = win();
      if (current && (current.status === 'called' || current.status === 'serving') && w && w.ticket !== current.label) await reloadCurrent();
      renderWindows();
      renderCurrent();
    } catch { /* the next event tries again */ }
  }, 250);
}

// ---- actions ----------------------------------------------------------

async function run(button, fn) {
  if (busy) return;
  busy = true;
  if (button) button.disabled = true;
  try {
    await fn();
  } finally {
    busy = false;
    renderWindows();
    renderCurrent();
  }
}

function requireWindow() {
  const w = win();
  if (!w) showError(errorBox, new ApiError(400, 'no_window', '', 'window'));
  return w;
}

openButton.addEventListener('click', () => run(openButton, async () => {
  clearError(errorBox);
  status.textContent = '';
  const w = requireWindow();
  if (!w) return;
  try {
    await api(`/windows/${w.id}/open`, { method: 'POST' });
    status.textContent = t('counter.opened', w.number);
  } catch (e) {
    showError(errorBox, e);
  }
  await loadWindows().catch(() => {});
}));

closeButton.addEventListener('click', () => run(closeButton, async () => {
  clearError(errorBox);
  status.textContent = '';
  const w = requireWindow();
  if (!w) return;
  try {
    await api(`/windows/${w.id}/close`, { method: 'POST' });
    status.textContent = t('counter.closed', w.number);
  } catch (e) {
    showError(errorBox, e);
  }
  await loadWindows().catch(() => {});
}));

callButton.addEventListener('click', () => run(callButton, async () => {
  clearError(errorBox);
  status.textContent = '';
  const w = requireWindow();
  if (!w) return;
  try {
    current = await api(`/windows/${w.id}/call-next`, { method: 'POST' });
    unknownLabel = null;
    store(ticketKey(w.id), JSON.stringify({ id: current.id, label: current.label }));
    status.textContent = t('counter.called', current.label, current.window);
  } catch (e) {
    // Nobody waiting is news, not a failure.
    if (e instanceof ApiError && e.code === 'queue_empty') status.textContent = t('err.queue_empty');
    else showError(errorBox, e);
  }
  await loadWindows().catch(() => {});
  renderCurrent();
  if (current && current.status === 'called') currentH.focus();
}));

async function act(action, extra, button, form) {
  if (!current) return;
  await run(button, async () => {
    clearError(errorBox, form);
    status.textContent = '';
    const w = win();
    try {
      const r = await api(`/tickets/${current.id}/actions`, { method: 'POST', body: { action, version: current.version, ...extra } });
      current = r;
      status.textContent = t('tact.done', r.label, t(`tact.${action}`), t(`tstatus.${r.status}`));
      // Transferred: the ticket waits in another group, the window is free.
      if (r.status === 'waiting' && w) {
        store(ticketKey(w.id), null);
        current = null;
      }
    } catch (e) {
      showQueueError(errorBox, e, form, 'ticket');
      if (e instanceof ApiError && (e.code === 'conflict' || e.code === 'wrong_state')) await reloadCurrent();
    }
    await loadWindows().catch(() => {});
  });
}

document.getElementById('window-form').addEventListener('submit', (ev) => ev.preventDefault());

windowSelect.addEventListener('change', async () => {
  selected = Number(windowSelect.value);
  store(WINDOW_KEY, String(selected));
  clearError(errorBox);
  status.textContent = '';
  await restoreCurrent();
  renderWindows();
  renderCurrent();
});

onLanguageChange(() => { if (me && center) { renderAll(); liveState(conn, connState); } });

initPage('counter').then(async (account) => {
  me = account;
  if (!gate(gateBox, me, ['clerk', 'manager'], 'counter.html')) return;
  center = me.scope_center;
  try {
    const [, b] = await Promise.all([loadWindows(), loadBoard(center), loadPlaces([center])]);
    groups = b.groups;
  } catch (e) {
    showError(errorBox, e);
    return;
  }
  const want = Number(new URLSearchParams(location.search).get('window') || stored(WINDOW_KEY));
  const pickW = windows.find((w) => w.id === want) || windows.find((w) => mine(w)) || windows[0];
  selected = pickW ? pickW.id : null;
  await restoreCurrent();
  page.hidden = false;
  renderAll();
  stream(`/api/v1/centers/${encodeURIComponent(center)}/board/events`, 'board', onBoard, (s) => { connState = s; liveState(conn, s); });
});
