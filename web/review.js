// review.js - the department reviewer's queue (后台分类审批): the cases of
// their department that are accepted (to review) and under review, as
// the server scopes them; review.html?case=ID opens one, with its
// timeline, materials and the actions the API allows (start-review,
// approve, refuse with a reason, issue).  Other staff who may read cases
// (managers, admins) see the same view with the actions allowed to them.
import { api, h, t, initPage, onLanguageChange, showError, clearError } from './app.js';
import { loadCase, caseSections, caseTable, gate } from './casekit.js';

const STAFF = ['reviewer', 'clerk', 'manager', 'district_admin', 'city_admin'];
const params = new URLSearchParams(location.search);
const status = document.getElementById('review-status');
const errorBox = document.getElementById('review-error');
const gateBox = document.getElementById('gate');
const queue = document.getElementById('queue');
const lists = { accepted: document.getElementById('accepted'), 'under-review': document.getElementById('under') };
const panel = document.getElementById('case');
const caseH = document.getElementById('case-h2');
const caseBody = document.getElementById('case-body');

let me = null;
let current = null;
const found = {};	// state -> list answer

const ctx = {
  errorBox, status,
  async reload({ keepError = false } = {}) {
    if (current) await openCase(current.id, { keepError, keepStatus: true, focus: true });
  },
};

function renderLists() {
  for (const [state, box] of Object.entries(lists)) {
    const r = found[state];
    if (!r) continue;
    box.replaceChildren(r.items.length
      ? caseTable(r.items, { id: `list-${state}`, caption: t('review.count', r.total), href: (c) => `review.html?case=${c.id}` })
      : h('p', { class: 'note empty' }, t('review.none')));
  }
}

async function loadLists() {
  try {
    await Promise.all(Object.keys(lists).map(async (state) => {
      found[state] = await api('/cases', { query: { state, limit: 50 } });
    }));
    renderLists();
  } catch (e) {
    showError(errorBox, e);
  }
}

function renderCase() {
  panel.hidden = !current;
  if (!current) return;
  caseH.textContent = t('desk.case.h', current.number);
  caseBody.replaceChildren(...caseSections(current, { ctx, center: me.scope_center }));
}

async function openCase(id, { keepError = false, keepStatus = false, focus = false } = {}) {
  if (!keepError) clearError(errorBox);
  if (!keepStatus) status.textContent = '';
  try {
    current = await loadCase(id);
    renderCase();
    if (focus) caseH.focus();
  } catch (e) {
    showError(errorBox, e);
  }
}

onLanguageChange(() => { renderLists(); renderCase(); });

initPage('review').then(async (account) => {
  me = account;
  if (!gate(gateBox, me, STAFF, `review.html${location.search}`)) return;
  const id = params.get('case');
  if (id) {
    await openCase(id);
  } else {
    queue.hidden = false;
    await loadLists();
  }
});
