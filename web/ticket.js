// ticket.js - the resident's ticket (ticket.html?id=ID&code=CODE, where
// the QR code on a ticket points: /ticket?id=..&code=..): its number,
// window group, status, the people ahead and the estimated wait, and when
// it is called the window to go to.  GET /api/v1/tickets/{id}?code=, then
// the Server-Sent Events of /api/v1/tickets/{id}/events?code= (event
// "ticket") keep it current without reloading.
import { api, t, pick, initPage, onLanguageChange, showError, ApiError } from './app.js';
import { stream, liveState, loadBoard, ticketCard, ticketMessage } from './queuekit.js';

const params = new URLSearchParams(location.search);
const id = (params.get('id') || '').trim();
const code = (params.get('code') || '').trim().toUpperCase();
const errorBox = document.getElementById('ticket-error');
const box = document.getElementById('ticket');
const liveBox = document.getElementById('ticket-live');
const keep = document.getElementById('ticket-keep');
const conn = document.getElementById('ticket-conn');

let ticket = null;
let groups = [];
let place = null;
let connState = '';
let live = null;

const FINAL = new Set(['done', 'no-show']);

function render() {
  if (!ticket) return;
  box.removeAttribute('aria-busy');
  box.replaceChildren(ticketCard(ticket, { groups, centerName: place ? pick(place, 'name') : ticket.center }));
  keep.hidden = FINAL.has(ticket.status);
}

function onTicket(tk) {
  const before = ticket;
  ticket = tk;
  if (!groups.some((g) => g.code === tk.group)) loadGroups();
  render();
  // Read out what changed for the holder: called (again), served, ended.
  if (before && (before.status !== tk.status || before.called_at !== tk.called_at || before.window !== tk.window)) {
    liveBox.textContent = `${tk.label}${t('sep')}${ticketMessage(tk)}`;
  }
  if (FINAL.has(tk.status) && live) {
    live.close();
    live = null;
    liveState(conn, '');
  }
}

async function loadGroups() {
  try {
    groups = (await loadBoard(ticket.center)).groups;
    render();
  } catch { /* the codes are shown instead of the names */ }
}

onLanguageChange(() => {
  render();
  liveState(conn, connState);
});

initPage('ticket').then(async (me) => {
  // Without its code a ticket is only shown to its owner (the resident
  // signed in when it was taken, e.g. at an appointment's check-in).
  if (!/^\d{1,18}$/.test(id) || (code && !/^[0-9A-Z]{20}$/.test(code)) || (!code && !me)) {
    box.removeAttribute('aria-busy');
    showError(errorBox, new ApiError(400, 'ticket_link', '', null));
    return;
  }
  try {
    ticket = await api(`/tickets/${encodeURIComponent(id)}`, { query: { code } });
  } catch (e) {
    box.removeAttribute('aria-busy');
    showError(errorBox, e);
    return;
  }
  const q = `?code=${encodeURIComponent(ticket.code)}`;
  const [b, p] = await Promise.allSettled([loadBoard(ticket.center), api(`/centers/${encodeURIComponent(ticket.center)}`)]);
  if (b.status === 'fulfilled') groups = b.value.groups;
  if (p.status === 'fulfilled') place = p.value;
  render();
  if (!FINAL.has(ticket.status)) {
    live = stream(`/api/v1/tickets/${encodeURIComponent(id)}/events${q}`, 'ticket', onTicket, (s) => { connState = s; liveState(conn, s); });
  }
});
