// manage.js - the center manager's view (also for district and city
// admins): what is due soon and what is overdue, with deadlines and
// working days left, and a search over the cases within the caller's
// scope (number, applicant, matter, state, filing dates).
import { api, h, t, initPage, onLanguageChange, showError, clearError, ApiError } from './app.js';
import { caseTable, gate } from './casekit.js';

const STAFF = ['manager', 'clerk', 'reviewer', 'district_admin', 'city_admin'];
const STATES = ['draft', 'submitted', 'pre-review', 'supplement-requested', 'not-accepted', 'accepted', 'under-review',
  'awaiting-payment', 'approved', 'refused', 'issued', 'delivered', 'closed', 'withdrawn'];
const PAGE = 20;
const FIELDS = ['number', 'applicant', 'matter', 'state', 'from', 'to'];

const errorBox = document.getElementById('manage-error');
const gateBox = document.getElementById('gate');
const form = document.getElementById('search-form');
const countEl = document.getElementById('result-count');
const results = document.getElementById('results');
const pager = document.getElementById('pager');
const prev = document.getElementById('prev');
const next = document.getElementById('next');
const boxes = { soon: document.getElementById('soon'), overdue: document.getElementById('overdue') };

let me = null;
const due = {};
let found = null;
let offset = 0;

function href(c) {
  return me.role === 'clerk' || me.role === 'manager' ? `desk.html?case=${c.id}` : `review.html?case=${c.id}`;
}

function renderStates() {
  const sel = form.elements.namedItem('state');
  const was = sel.value;
  sel.replaceChildren(h('option', { value: '' }, t('manage.state.any')),
    ...STATES.map((s) => h('option', { value: s }, t(`state.${s}`))));
  sel.value = was;
}

function renderDue() {
  for (const [which, box] of Object.entries(boxes)) {
    const r = due[which];
    if (!r) continue;
    box.replaceChildren(r.items.length
      ? caseTable(r.items, { id: `due-${which}`, caption: t('review.count', r.total), href })
      : h('p', { class: 'note empty' }, t('review.none')));
  }
}

function renderResults() {
  if (!found) return;
  const from = found.total ? offset + 1 : 0;
  const to = offset + found.items.length;
  countEl.textContent = t('manage.count', found.total, from, to);
  results.replaceChildren(found.items.length
    ? caseTable(found.items, { id: 'search-results', caption: t('manage.results'), href })
    : '');
  pager.hidden = found.total <= PAGE;
  prev.disabled = offset === 0;
  next.disabled = to >= found.total;
}

function readForm() {
  const q = {};
  for (const f of FIELDS) {
    const v = form.elements.namedItem(f).value.trim();
    if (v) q[f] = f === 'applicant' || f === 'matter' || f === 'number' ? v.toUpperCase() : v;
  }
  if (q.applicant && !/^[0-9A-Z]{18}$/.test(q.applicant)) throw new ApiError(400, 'invalid_parameter', '', 'applicant');
  if (q.from && q.to && q.from > q.to) throw new ApiError(400, 'invalid_parameter', '', 'to');
  return q;
}

async function search(newOffset = 0) {
  clearError(errorBox, form);
  let q;
  try {
    q = readForm();
  } catch (e) {
    showError(errorBox, e, form);
    return;
  }
  const url = new URLSearchParams(q);
  if (newOffset) url.set('offset', String(newOffset));
  history.replaceState(null, '', `manage.html${url.toString() ? `?${url}` : ''}`);
  results.setAttribute('aria-busy', 'true');
  try {
    const query = { ...q, limit: PAGE, offset: newOffset };
    if (q.applicant) query.purpose = t('manage.purpose');
    found = await api('/cases', { query });
    offset = newOffset;
    renderResults();
  } catch (e) {
    showError(errorBox, e, form);
  } finally {
    results.removeAttribute('aria-busy');
  }
}

async function loadDue() {
  try {
    await Promise.all(Object.keys(boxes).map(async (which) => {
      due[which] = await api('/cases', { query: { due: which, limit: 50 } });
    }));
    renderDue();
  } catch (e) {
    showError(errorBox, e);
  }
}

form.addEventListener('submit', (ev) => { ev.preventDefault(); search(0); });
prev.addEventListener('click', () => search(Math.max(0, offset - PAGE)));
next.addEventListener('click', () => search(offset + PAGE));
onLanguageChange(() => { renderStates(); renderDue(); renderResults(); });

initPage('manage').then(async (account) => {
  me = account;
  if (!gate(gateBox, me, STAFF, 'manage.html')) return;
  document.getElementById('manage').hidden = false;
  renderStates();
  const params = new URLSearchParams(location.search);
  for (const f of FIELDS) if (params.get(f)) form.elements.namedItem(f).value = params.get(f);
  await Promise.all([loadDue(), search(Number(params.get('offset')) || 0)]);
});
