// queuekit.js - what the in-person pages share (board, ticket, terminal,
// counter, appointments, statistics): the day in Shanghai, live updates
// by Server-Sent Events, the names of a center's window groups, a
// ticket's status and the card that shows a ticket, and errors whose
// codes mean something else for tickets and appointments than for cases.
import { api, h, t, pick, lang, showError, ApiError, dict } from './app.js';

// ---- days and times -------------------------------------------------

// The day in Shanghai (UTC+8, no daylight saving), YYYY-MM-DD.
export function shanghaiToday() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

export function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// "2026-11-22T09:38:55+08:00" -> "09:38" (the API answers in Shanghai time).
export function hhmm(rfc3339) {
  return /T(\d\d:\d\d)/.exec(rfc3339 || '')?.[1] || '';
}

// Now in Shanghai as "HH:MM:SS", whatever the browser's time zone.
export function shanghaiClock() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(11, 19);
}

// ---- live updates -----------------------------------------------------

// An EventSource on `url` whose events named `name` carry JSON: onData
// gets it parsed; onState('live' | 'reconnecting') follows the
// connection (EventSource reconnects by itself, after the server's
// `retry`).  Closed when the page goes away.  Returns { close }.
export function stream(url, name, onData, onState = () => {}) {
  const es = new EventSource(url);
  es.addEventListener(name, (ev) => {
    let data;
    try { data = JSON.parse(ev.data); } catch { return; }
    onState('live');
    onData(data);
  });
  es.addEventListener('open', () => onState('live'));
  es.addEventListener('error', () => onState(es.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting'));
  const close = () => es.close();
  window.addEventListener('pagehide', close, { once: true });
  return { close, source: es };
}

// A small "live / reconnecting" line.
export function liveState(el, state) {
  el.dataset.state = state;
  el.textContent = state === 'live' ? t('q.live') : state === 'reconnecting' ? t('q.reconnecting') : '';
}

// ---- groups, places ---------------------------------------------------

// The board of a center (public): its groups by code, for their names.
export async function loadBoard(center) {
  return api(`/centers/${encodeURIComponent(center)}/board`);
}

export function groupName(groups, code) {
  const g = (groups || []).find((x) => x.code === code);
  return g ? pick(g, 'name') : code;
}

// "综合窗口（A）" / "Comprehensive windows (A)"
export function groupLabel(groups, code) {
  return `${groupName(groups, code)}${t('paren', code)}`;
}

// ---- tickets ----------------------------------------------------------

export function ticketStatus(status) {
  return h('span', { class: `tstatus tstatus-${status}`, 'data-status': status }, t(`tstatus.${status}`));
}

export function ticketUrl(tk) {
  return `ticket.html?id=${encodeURIComponent(tk.id)}&code=${encodeURIComponent(tk.code)}`;
}

export function qrUrl(tk) {
  return `/api/v1/tickets/${encodeURIComponent(tk.id)}/qr.svg?code=${encodeURIComponent(tk.code)}`;
}

// What the holder is told now: the window to go to, the place in the
// queue, or how it ended.
export function ticketMessage(tk) {
  switch (tk.status) {
    case 'waiting': {
      const parts = [t('q.ahead', tk.ahead ?? 0)];
      if (tk.estimated_wait_minutes !== undefined && tk.estimated_wait_minutes !== null) parts.push(t('q.wait', tk.estimated_wait_minutes));
      return parts.join(lang() === 'en' ? '. ' : '，');
    }
    case 'called': return t('q.go', tk.window);
    case 'serving': return t('ticket.serving', tk.window);
    case 'done': return t('ticket.done');
    case 'no-show': return t('ticket.noshow');
    default: return '';
  }
}

function factRow(label, ...value) {
  return h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, ...value));
}

// The card of a ticket: number, status, what to do, facts and QR code.
// opts: { groups, centerName, link: show the link to the status page }
export function ticketCard(tk, { groups = [], centerName = '', link = false } = {}) {
  const called = tk.status === 'called';
  const prio = tk.priority === 2 ? t('q.source.appointment') : tk.priority_reason ? t(`prio.${tk.priority_reason}`) : null;
  return h('div', { class: `ticket-card ticket-${tk.status}`, 'data-status': tk.status, 'data-id': String(tk.id) },
    h('div', { class: 'ticket-main' },
      h('p', { class: 'ticket-label-line' },
        h('span', { class: 'visually-hidden' }, `${t('q.label')}${t('sep')}`),
        h('span', { class: 'ticket-label' }, tk.label)),
      h('p', { class: 'ticket-status-line' }, ticketStatus(tk.status),
        prio ? [' ', h('span', { class: 'tag tag-info' }, `${t('q.priority')}${t('sep')}${prio}`)] : null),
      h('p', { class: called ? 'ticket-message ticket-go' : 'ticket-message' }, ticketMessage(tk)),
      h('dl', { class: 'facts ticket-facts' },
        centerName ? factRow(t('q.center'), centerName) : null,
        factRow(t('q.group'), h('span', { class: 'ticket-group' }, groupLabel(groups, tk.group))),
        factRow(t('q.arrived'), hhmm(tk.arrived_at)),
        tk.window ? factRow(t('counter.col.window'), h('span', { class: 'ticket-window' }, t('q.window', tk.window))) : null,
        tk.recalls ? factRow(t('q.recalls'), String(tk.recalls)) : null)),
    h('div', { class: 'ticket-qr' },
      h('img', { class: 'qr', src: qrUrl(tk), alt: t('q.qr', tk.label), width: '160', height: '160' }),
      link ? h('p', {}, h('a', { class: 'ticket-link', href: ticketUrl(tk) }, t('ticket.link'))) : null));
}

// ---- errors -------------------------------------------------------------

// Some error codes are worded for cases (`conflict`, `wrong_state`);
// for a ticket or an appointment they get their own words
// (err.ticket_conflict, err.appt_wrong_state).
export function showQueueError(box, e, form, prefix) {
  if (prefix && e instanceof ApiError && dict.zh[`err.${prefix}_${e.code}`] !== undefined) {
    showError(box, new ApiError(e.status, `${prefix}_${e.code}`, e.message, e.field, e.data), form);
    return;
  }
  showError(box, e, form);
}

// ---- resident ID numbers ------------------------------------------------

// GB 11643: 17 digits and a check character.
export function validIdNumber(s) {
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * w[i];
  return '10X98765432'[sum % 11] === s[17];
}
