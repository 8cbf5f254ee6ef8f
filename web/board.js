// board.js - the display board of a center's hall (board.html?center=JA12),
// for a big screen: the numbers just called and their windows (the newest
// highlighted), the tickets waiting in each window group, the center's
// name and a clock.  It follows GET /api/v1/centers/{id}/board/events
// (Server-Sent Events, event "board") and re-renders on each event; an
// assertive live region reads out each new call.  ?lang=en switches the
// language (kept in the browser, like the buttons).
import { api, h, t, pick, lang, setLanguage, onLanguageChange, applyI18n, showError, ApiError } from './app.js';
import { stream, liveState, hhmm, shanghaiClock } from './queuekit.js';

const params = new URLSearchParams(location.search);
const center = (params.get('center') || '').trim().toUpperCase();
const errorBox = document.getElementById('board-error');
const body = document.getElementById('board-body');
const heading = document.getElementById('board-center');
const now = document.getElementById('now');
const recent = document.getElementById('recent');
const groupRows = document.querySelector('#groups tbody');
const announce = document.getElementById('announce');
const live = document.getElementById('board-live');
const clock = document.getElementById('clock');

let place = null;	// GET /centers/{id}
let board = null;	// the last board
let seen = null;	// the calls already shown (a Set of keys), null before the first board
let liveNow = '';

function tick() {
  const hms = shanghaiClock();
  clock.textContent = hms;
  clock.dateTime = hms;
}

function renderHeading() {
  heading.textContent = place ? pick(place, 'name') : t('board.h1');
  document.title = `${place ? pick(place, 'name') : t('board.h1')} · ${t('title.board')}`;
}

function renderLang() {
  document.documentElement.lang = lang() === 'en' ? 'en' : 'zh-CN';
  for (const b of document.querySelectorAll('#board-lang button')) b.setAttribute('aria-pressed', b.dataset.lang === lang() ? 'true' : 'false');
}

function render() {
  if (!board) return;
  body.hidden = false;
  const [first, ...rest] = board.calls;
  now.replaceChildren(first
    ? h('div', { class: `now-call call-${first.status}`, 'data-label': first.label, 'data-window': String(first.window) },
      h('p', { class: 'now-pair' },
        h('span', { class: 'now-label' }, first.label),
        h('span', { class: 'now-arrow', 'aria-hidden': 'true' }, '→'),
        h('span', { class: 'now-window' }, t('q.window', first.window))),
      h('p', { class: 'now-text' }, t('q.call', first.label, first.window)))
    : h('p', { class: 'now-none' }, t('board.none')));
  recent.replaceChildren(...rest.map((c) => h('li', { class: `call call-${c.status}`, 'data-label': c.label, 'data-window': String(c.window) },
    h('span', { class: 'call-label' }, c.label),
    h('span', { class: 'call-window' }, t('q.window', c.window)),
    h('span', { class: 'call-time' }, hhmm(c.called_at)),
    c.status === 'no-show' ? h('span', { class: 'call-status' }, t('tstatus.no-show')) : null)));
  groupRows.replaceChildren(...board.groups.map((g) => h('tr', { 'data-group': g.code },
    h('th', { scope: 'row' }, h('span', { class: 'group-code' }, g.code), ' ', pick(g, 'name')),
    h('td', { class: 'num-cell waiting' }, String(g.waiting)),
    h('td', { class: 'num-cell open' }, String(g.open_windows)))));
}

// Reads out the calls made since the last board, oldest first (several
// may come in one event); a recall (a new called_at) is read out again.
function announceNew(b) {
  const key = (c) => `${c.label}|${c.window}|${c.called_at}`;
  const keys = new Set(b.calls.map(key));
  const before = seen;
  seen = keys;
  if (before === null) return;
  const fresh = b.calls.filter((c) => c.status === 'called' && !before.has(key(c))).reverse();
  if (!fresh.length) return;
  announce.textContent = fresh.map((c) => t('q.call', c.label, c.window)).join(lang() === 'en' ? '. ' : '；');
  const el = now.querySelector('.now-call');
  if (el && fresh.some((c) => c.label === b.calls[0].label)) el.classList.add('flash');
}

function onBoard(b) {
  board = b;
  render();
  announceNew(b);
}

for (const b of document.querySelectorAll('#board-lang button')) b.addEventListener('click', () => setLanguage(b.dataset.lang));

onLanguageChange(() => {
  renderLang();
  renderHeading();
  render();
  liveState(live, liveNow);
});

async function start() {
  const want = params.get('lang');
  if (want === 'en' || want === 'zh') setLanguage(want);
  renderLang();
  applyI18n();
  tick();
  setInterval(tick, 1000);
  if (!/^[A-Z0-9]{2,16}$/.test(center)) {
    showError(errorBox, new ApiError(400, 'missing_center', '', null));
    return;
  }
  // Both answers, even when one fails, so that nothing is left running.
  const [p, b] = await Promise.allSettled([api(`/centers/${encodeURIComponent(center)}`), api(`/centers/${encodeURIComponent(center)}/board`)]);
  if (b.status === 'rejected') {
    showError(errorBox, b.reason);
    return;
  }
  place = p.status === 'fulfilled' ? p.value : null;
  board = b.value;
  renderHeading();
  onBoard(board);
  stream(`/api/v1/centers/${encodeURIComponent(center)}/board/events`, 'board', onBoard, (s) => { liveNow = s; liveState(live, s); });
}

start();
