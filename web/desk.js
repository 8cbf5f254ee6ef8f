// desk.js - the comprehensive window (一窗综办): a clerk or center manager
// finds the applicant by ID number, chooses a matter, files the case at
// their own center, then works the case: materials (originals received,
// scans uploaded), the actions the API allows, the circulation of the
// originals to the deciding center, and a printable receipt
// (desk.html?receipt=ID).  desk.html?case=ID opens a case.
import { api, h, t, pick, initPage, onLanguageChange, showError, clearError, ApiError, formatDay } from './app.js';
import { loadCase, loadPlaces, placeLabel, caseSections, caseTable, gate, loadDistricts, fact,
  reasonText } from './casekit.js';

const params = new URLSearchParams(location.search);
const status = document.getElementById('desk-status');
const errorBox = document.getElementById('desk-error');
const gateBox = document.getElementById('gate');
const desk = document.getElementById('desk');
const top = document.getElementById('desk-top');
const centerLine = document.getElementById('desk-center');
const findForm = document.getElementById('find-form');
const applicantBox = document.getElementById('applicant');
const applicantH = document.getElementById('applicant-h');
const applicantFacts = document.getElementById('applicant-facts');
const searchForm = document.getElementById('matter-search');
const fileForm = document.getElementById('file-form');
const matterCount = document.getElementById('matter-count');
const matterList = document.getElementById('matter-list');
const fileButton = document.getElementById('file-button');
const casePanel = document.getElementById('case');
const caseH = document.getElementById('case-h2');
const caseBody = document.getElementById('case-body');
const receiptLink = document.getElementById('receipt-link');
const openForm = document.getElementById('open-form');
const recentBox = document.getElementById('recent');
const receipt = document.getElementById('receipt');
const receiptFacts = document.getElementById('receipt-facts');

let me = null;
let applicant = null;	// the profile found by ID number
let districts = new Map();
let matters = null;	// the last matter search
let current = null;	// the open case
let recent = null;	// the center's recent cases

const ctx = {
  errorBox, status,
  async reload({ keepError = false } = {}) {
    if (!current) return;
    await openCase(current.id, { keepError, focus: true, keepStatus: true });
    refreshRecent();
  },
};

// GB 11643: 17 digits and a check character.
export function validIdNumber(s) {
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * w[i];
  return '10X98765432'[sum % 11] === s[17];
}

function districtName(code) {
  const d = districts.get(code);
  return d ? pick(d, 'name') : (code || '—');
}

// ---- 1. the applicant -----------------------------------------------

function renderApplicant() {
  applicantBox.hidden = !applicant;
  if (!applicant) return;
  applicantH.textContent = t('desk.applicant.found', applicant.name);
  applicantFacts.replaceChildren(
    fact(t('case.applicant'), h('span', { class: 'applicant-name' }, applicant.name)),
    fact(t('desk.id'), h('span', { class: 'code' }, applicant.login)),
    fact(t('me.registered'), h('span', { class: 'applicant-registered' }, districtName(applicant.registered_district))),
    fact(t('me.living'), h('span', { class: 'applicant-living' }, districtName(applicant.living_district))),
    applicant.mobile ? fact(t('me.mobile'), applicant.mobile) : null);
}

findForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearError(errorBox, findForm);
  status.textContent = '';
  const input = findForm.elements.namedItem('id_number');
  const login = input.value.trim().toUpperCase();
  input.value = login;
  const purpose = findForm.elements.namedItem('purpose').value.trim();
  if (!validIdNumber(login)) {
    showError(errorBox, new ApiError(400, 'invalid_id_number', '', 'id_number'), findForm);
    return;
  }
  if (!purpose) {
    showError(errorBox, new ApiError(400, 'missing_parameter', '', 'purpose'), findForm);
    return;
  }
  applicant = null;
  renderApplicant();
  try {
    applicant = await api('/accounts', { query: { login, purpose } });
    renderApplicant();
    applicantH.focus();
  } catch (e) {
    // An unknown ID number and one outside the clerk's scope get the same 403.
    showError(errorBox, e instanceof ApiError && e.status === 403
      ? new ApiError(403, 'applicant_not_found', e.message, 'id_number') : e, findForm);
  }
});

// ---- 2. the matter --------------------------------------------------

function renderMatters() {
  if (!matters) return;
  const was = (matterList.querySelector('input:checked') || {}).value;
  matterCount.textContent = t('desk.matter.count', matters.items.length);
  matterList.replaceChildren(...matters.items.map((m) => {
    const id = `matter-${m.code}`;
    return h('div', { class: 'choice' },
      h('input', { type: 'radio', name: 'matter', id, value: m.code, checked: m.code === was }),
      h('label', { for: id },
        h('span', { class: 'choice-name' }, pick(m, 'name')), ' ',
        h('span', { class: 'code' }, m.code),
        h('span', { class: 'choice-meta' },
          [m.citywide ? t('tag.citywide') : t('tag.not-citywide'), t('tag.promised', m.promised_days),
            m.zero_material ? t('tag.zero') : null].filter(Boolean).join(' · '))));
  }));
}

searchForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearError(errorBox, searchForm);
  const q = searchForm.elements.namedItem('q').value.trim();
  matterList.setAttribute('aria-busy', 'true');
  try {
    matters = await api('/matters', { query: { q, applicant: 'person', limit: 20 } });
    renderMatters();
  } catch (e) {
    showError(errorBox, e, searchForm);
  } finally {
    matterList.removeAttribute('aria-busy');
  }
});

fileForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearError(errorBox, fileForm);
  status.textContent = '';
  if (!applicant) {
    showError(errorBox, new ApiError(400, 'no_applicant', '', 'id_number'), findForm);
    return;
  }
  const chosen = matterList.querySelector('input[name="matter"]:checked');
  if (!chosen) {
    showError(errorBox, new ApiError(400, 'no_matter', '', null));
    (matterList.querySelector('input') || searchForm.elements.namedItem('q')).focus();
    return;
  }
  fileButton.disabled = true;
  try {
    const r = await api('/cases', { method: 'POST', body: {
      matter: chosen.value, center: me.scope_center, applicant_id_number: applicant.login,
      submit: true, commit: fileForm.elements.namedItem('commit').checked,
    } });
    status.textContent = t('desk.filed', r.number);
    await openCase(r.id, { focus: true, keepStatus: true });
    refreshRecent();
  } catch (e) {
    showError(errorBox, e, fileForm);
    const centers = e instanceof ApiError && e.data && e.data.competent_centers;
    if (centers && centers.length) {
      errorBox.append(h('p', {}, t('err.competent')),
        h('ul', { class: 'competent' }, ...centers.map((c) => h('li', {}, pick(c, 'name'), ' ', h('span', { class: 'code' }, `(${c.code})`)))));
    }
  } finally {
    fileButton.disabled = false;
  }
});

// ---- the case ---------------------------------------------------------

function renderCase() {
  casePanel.hidden = !current;
  if (!current) return;
  const c = current;
  caseH.textContent = t('desk.case.h', c.number);
  receiptLink.href = `desk.html?receipt=${c.id}`;
  const open = c.deadline.clock !== 'stopped';
  caseBody.replaceChildren(...caseSections(c, {
    ctx,
    center: me.scope_center,
    canUpload: (m) => open && m.way === 'upload',
    canReceive: (m) => open && m.way === 'upload',
  }));
}

async function openCase(id, { focus = false, keepError = false, keepStatus = false } = {}) {
  if (!keepError) clearError(errorBox);
  if (!keepStatus) status.textContent = '';
  try {
    current = await loadCase(id);
  } catch (e) {
    showError(errorBox, e);
    return;
  }
  history.replaceState(null, '', `desk.html?case=${current.id}`);
  renderCase();
  if (focus) caseH.focus();
}

openForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearError(errorBox, openForm);
  const number = openForm.elements.namedItem('number').value.trim().toUpperCase();
  if (!number) {
    showError(errorBox, new ApiError(400, 'missing_field', '', 'number'), openForm);
    return;
  }
  try {
    const r = await api('/cases', { query: { number } });
    if (!r.items.length) {
      showError(errorBox, new ApiError(404, 'no_case_number', '', 'number'), openForm);
      return;
    }
    await openCase(r.items[0].id, { focus: true });
  } catch (e) {
    showError(errorBox, e, openForm);
  }
});

function renderRecent() {
  if (!recent) return;
  if (!recent.items.length) {
    recentBox.replaceChildren(h('h3', {}, t('desk.recent')), h('p', { class: 'note' }, t('desk.recent.none')));
    return;
  }
  recentBox.replaceChildren(caseTable(recent.items, {
    id: 'recent-table', caption: t('desk.recent'), href: (c) => `desk.html?case=${c.id}`,
  }));
}

async function refreshRecent() {
  try {
    recent = await api('/cases', { query: { limit: 10 } });
    renderRecent();
  } catch (e) {
    showError(errorBox, e);
  }
}

// Opens a recent case in place (a new tab still gets the link).
recentBox.addEventListener('click', (ev) => {
  const a = ev.target.closest('a[href^="desk.html?case="]');
  if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
  ev.preventDefault();
  openCase(new URLSearchParams(a.getAttribute('href').split('?')[1]).get('case'), { focus: true });
});

// ---- the receipt ----------------------------------------------------

function renderReceipt() {
  if (!current) return;
  const c = current;
  const got = c.materials.filter((m) => m.status === 'satisfied' || m.status === 'received');
  const d = c.deadline;
  receiptFacts.replaceChildren(
    fact(t('case.number'), h('span', { class: 'code receipt-number' }, c.number)),
    fact(t('case.applicant'), h('span', { class: 'receipt-applicant' }, c.subject.name)),
    fact(t('case.matter'), pick(c.matter, 'name'), ' ', h('span', { class: 'code' }, c.matter.code)),
    fact(t('receipt.center'), placeLabel(c.received_at_center)),
    fact(t('receipt.date'), `${formatDay(c.created_at.slice(0, 10))} ${c.created_at.slice(11, 16)}`),
    fact(t('receipt.materials'), got.length
      ? h('ul', { class: 'receipt-materials' }, ...got.map((m) => h('li', {}, pick(m, 'name'), ' — ', reasonText(m))))
      : t('receipt.materials.none')),
    fact(t('receipt.deadline'), h('span', { class: 'receipt-deadline' }, d.promised_due
      ? `${formatDay(d.promised_due)}${t('paren', t('tag.promised', d.promised_days))}`
      : t('case.not-accepted-yet', d.promised_days))));
  receiptLink.href = `desk.html?receipt=${c.id}`;
  document.getElementById('receipt-back').href = `desk.html?case=${c.id}`;
}

async function showReceipt(id) {
  top.hidden = true;
  desk.hidden = true;
  receipt.hidden = false;
  try {
    current = await loadCase(id);
    renderReceipt();
  } catch (e) {
    showError(errorBox, e);
  }
}

document.getElementById('print').addEventListener('click', () => window.print());

// ---- start ------------------------------------------------------------

function renderCenter() {
  centerLine.replaceChildren(h('strong', {}, t('desk.center')), t('sep'), placeLabel(me.scope_center));
}

onLanguageChange(() => {
  if (!me) return;
  const purpose = findForm.elements.namedItem('purpose');
  if (['窗口受理', '窗口受理 / filing at the window'].includes(purpose.value)) purpose.value = t('desk.purpose.default');
  if (!receipt.hidden) { renderReceipt(); return; }
  renderCenter();
  renderApplicant();
  renderMatters();
  renderCase();
  renderRecent();
});

initPage('desk').then(async (account) => {
  me = account;
  if (!gate(gateBox, me, ['clerk', 'manager'], `desk.html${location.search}`)) return;
  districts = await loadDistricts();
  await loadPlaces([me.scope_center]);
  const receiptId = params.get('receipt');
  if (receiptId) {
    await showReceipt(receiptId);
    return;
  }
  desk.hidden = false;
  findForm.elements.namedItem('purpose').value = t('desk.purpose.default');
  renderCenter();
  refreshRecent();
  const caseId = params.get('case');
  if (caseId) await openCase(caseId);
});
