// take.js - the self-service terminal of a center (take.html?center=JA12):
// choose a window group (the board's groups, with how many wait) or
// search a matter, optionally ask for a priority proven by the ID number,
// and take a ticket (POST /api/v1/centers/{id}/tickets).  The ticket is
// then shown with its QR code and a link to its status page.
import { api, h, t, pick, initPage, onLanguageChange, showError, clearError, ApiError } from './app.js';
import { loadBoard, ticketCard, validIdNumber } from './queuekit.js';

const params = new URLSearchParams(location.search);
const center = (params.get('center') || 'JA12').trim().toUpperCase();
const status = document.getElementById('take-status');
const errorBox = document.getElementById('take-error');
const centerLine = document.getElementById('take-center');
const main = document.getElementById('take');
const prioForm = document.getElementById('prio-form');
const groupList = document.getElementById('group-buttons');
const searchForm = document.getElementById('matter-search');
const matterCount = document.getElementById('matter-count');
const matterList = document.getElementById('matter-buttons');
const taken = document.getElementById('taken');
const takenH = document.getElementById('taken-h2');
const takenCard = document.getElementById('taken-card');

let place = null;
let board = null;
let matters = null;
let ticket = null;
let busy = false;

function renderCenter() {
  centerLine.replaceChildren(h('strong', {}, t('q.center')), t('sep'),
    place ? pick(place, 'name') : center, ' ', h('span', { class: 'code' }, `(${center})`));
}

function renderGroups() {
  if (!board) return;
  groupList.replaceChildren(...board.groups.map((g) => h('li', {},
    h('button', { type: 'button', class: 'big-choice', 'data-group': g.code, onclick: () => take({ group: g.code }) },
      h('span', { class: 'choice-code', 'aria-hidden': 'true' }, g.code),
      h('span', { class: 'choice-text' },
        h('span', { class: 'choice-name' }, pick(g, 'name')),
        h('span', { class: 'choice-meta' }, `${t('q.waiting.n', g.waiting)} · ${t('q.open.n', g.open_windows)}`))))));
}

function renderMatters() {
  if (!matters) return;
  matterCount.textContent = t('desk.matter.count', matters.items.length);
  matterList.replaceChildren(...matters.items.map((m) => h('li', {},
    h('button', { type: 'button', class: 'big-choice', 'data-matter': m.code, onclick: () => take({ matter: m.code }) },
      h('span', { class: 'choice-text' },
        h('span', { class: 'choice-name' }, pick(m, 'name')),
        h('span', { class: 'choice-meta code' }, m.code))))));
}

function renderTicket() {
  taken.hidden = !ticket;
  main.hidden = !!ticket;
  if (!ticket) return;
  takenCard.replaceChildren(ticketCard(ticket, { groups: board ? board.groups : [], link: true }));
}

async function refreshBoard() {
  try {
    board = await loadBoard(center);
    renderGroups();
  } catch (e) {
    showError(errorBox, e);
  }
}

// Takes a ticket for { group } or { matter }, with the priority asked.
async function take(what) {
  if (busy) return;
  clearError(errorBox, prioForm);
  status.textContent = '';
  const body = { ...what };
  const priority = prioForm.elements.namedItem('priority').value;
  const idInput = prioForm.elements.namedItem('id_number');
  const idNumber = idInput.value.trim().toUpperCase();
  idInput.value = idNumber;
  if (idNumber && !validIdNumber(idNumber)) {
    showError(errorBox, new ApiError(400, 'invalid_id_number', '', 'id_number'), prioForm);
    return;
  }
  if (priority) body.priority = priority;
  if (idNumber) body.id_number = idNumber;
  busy = true;
  status.textContent = t('take.busy');
  try {
    ticket = await api(`/centers/${encodeURIComponent(center)}/tickets`, { method: 'POST', body });
    status.textContent = t('take.taken', ticket.label);
    // The ID number is not kept on the terminal either.
    prioForm.reset();
    renderTicket();
    takenH.focus();
  } catch (e) {
    status.textContent = '';
    showError(errorBox, e, prioForm);
  } finally {
    busy = false;
  }
}

// Enter in the ID number must not send it anywhere (the form only holds
// the priority fields; a group or a matter button takes the ticket).
prioForm.addEventListener('submit', (ev) => ev.preventDefault());

searchForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearError(errorBox, searchForm);
  const q = searchForm.elements.namedItem('q').value.trim();
  matterList.setAttribute('aria-busy', 'true');
  try {
    matters = await api('/matters', { query: { q, limit: 10 } });
    renderMatters();
  } catch (e) {
    showError(errorBox, e, searchForm);
  } finally {
    matterList.removeAttribute('aria-busy');
  }
});

document.getElementById('again').addEventListener('click', async () => {
  ticket = null;
  matters = null;
  status.textContent = '';
  searchForm.reset();
  matterList.replaceChildren();
  matterCount.textContent = '';
  clearError(errorBox, prioForm);
  renderTicket();
  await refreshBoard();
  document.getElementById('main').focus();
});

onLanguageChange(() => {
  renderCenter();
  renderGroups();
  renderMatters();
  renderTicket();
});

initPage('take').then(async () => {
  renderCenter();
  const [p, b] = await Promise.allSettled([api(`/centers/${encodeURIComponent(center)}`), loadBoard(center)]);
  if (b.status === 'rejected') {
    showError(errorBox, b.reason);
    return;
  }
  place = p.status === 'fulfilled' ? p.value : null;
  board = b.value;
  renderCenter();
  main.hidden = false;
  renderGroups();
});
