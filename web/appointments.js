// appointments.js - booking a slot at a center (预约): pick a district
// and a center (JA12 by default), a day from today to 30 days ahead and a
// window group, see the slots (GET /api/v1/centers/{id}/slots), book one
// (POST /api/v1/appointments); the signed-in resident's or enterprise's
// appointments (GET /api/v1/me/appointments) with their confirmation
// codes, rescheduled (PATCH), cancelled (DELETE) or checked in at the
// center (POST .../check-in, which gives a ticket called first).
// Anyone may look at the slots; booking needs a resident or enterprise.
import { api, h, t, pick, initPage, onLanguageChange, showError, clearError, ApiError, formatDay } from './app.js';
import { loadDistricts } from './casekit.js';
import { shanghaiToday, addDays, loadBoard, groupName, groupLabel, ticketUrl, showQueueError } from './queuekit.js';

const params = new URLSearchParams(location.search);
const status = document.getElementById('appt-status');
const errorBox = document.getElementById('appt-error');
const findForm = document.getElementById('find-form');
const districtSel = document.getElementById('district');
const centerSel = document.getElementById('center');
const dateInput = document.getElementById('date');
const groupSel = document.getElementById('group');
const slotsSection = document.getElementById('slots-section');
const slotsCount = document.getElementById('slots-count');
const slotsBox = document.getElementById('slots');
const bookForm = document.getElementById('book-form');
const bookButton = document.getElementById('book');
const bookGate = document.getElementById('book-gate');
const mineSection = document.getElementById('mine-section');
const mineCount = document.getElementById('mine-count');
const list = document.getElementById('appointments');

let me = null;
let districts = new Map();
let centers = [];	// the centers of the chosen district
let groupsOf = new Map();	// center -> the board's groups (names)
let shown = null;	// { center, date, group, day: SlotDay }
let mine = null;	// GET /me/appointments
const tickets = new Map();	// appointment id -> the ticket of its check-in

const canBook = () => me && (me.role === 'resident' || me.role === 'enterprise');

async function groupsFor(center) {
  if (!groupsOf.has(center)) groupsOf.set(center, loadBoard(center).then((b) => b.groups, () => []));
  return groupsOf.get(center);
}

// ---- the form: district, center, day, group --------------------------

function renderDistricts(selected) {
  districtSel.replaceChildren(...[...districts.values()].map((d) => h('option', { value: d.code, selected: d.code === selected }, pick(d, 'name'))));
}

async function loadCenters(district, selected) {
  const r = await api('/centers', { query: { district, kind: 'center', limit: 200 } });
  centers = r.items;
  renderCenters(selected);
}

function renderCenters(selected) {
  const keep = selected || centerSel.value;
  centerSel.replaceChildren(...centers.map((c) => h('option', { value: c.code, selected: c.code === keep }, `${pick(c, 'name')} (${c.code})`)));
}

async function renderGroupOptions(selected) {
  const keep = selected ?? groupSel.value;
  const groups = await groupsFor(centerSel.value);
  groupSel.replaceChildren(h('option', { value: '' }, t('appt.group.all')),
    ...groups.map((g) => h('option', { value: g.code, selected: g.code === keep }, groupLabel(groups, g.code))));
}

districtSel.addEventListener('change', async () => {
  try {
    await loadCenters(districtSel.value);
    await renderGroupOptions('');
  } catch (e) {
    showError(errorBox, e);
  }
});
centerSel.addEventListener('change', () => renderGroupOptions(''));

// ---- slots ----------------------------------------------------------------

async function renderSlots() {
  if (!shown) return;
  slotsSection.hidden = false;
  const groups = await groupsFor(shown.center);
  const was = (slotsBox.querySelector('input:checked') || {}).value;
  const any = shown.day.groups.some((g) => g.slots.length);
  slotsCount.textContent = any ? t('appt.slots.count', formatDay(shown.date)) : t('appt.slots.none');
  slotsBox.replaceChildren(...shown.day.groups.filter((g) => g.slots.length).map((g) => h('fieldset', { class: 'slot-group', 'data-group': g.group },
    h('legend', {}, t('appt.group.h', groupName(groups, g.group), g.group, g.capacity)),
    h('div', { class: 'slot-grid' }, ...g.slots.map((x) => {
      const id = `slot-${g.group}-${x.time.replace(':', '')}`;
      const value = `${g.group}|${x.time}`;
      return h('div', { class: x.available ? 'slot' : 'slot slot-full', 'data-time': x.time, 'data-booked': String(x.booked), 'data-available': String(x.available) },
        h('input', { type: 'radio', name: 'slot', id, value, disabled: !x.available, checked: value === was && x.available > 0 }),
        h('label', { for: id }, h('span', { class: 'slot-time' }, x.time), ' ',
          h('span', { class: 'slot-left' }, x.available ? t('appt.slot.left', x.available, g.capacity) : x.booked >= g.capacity ? t('appt.slot.full') : t('appt.slot.past'))));
    })))));
  bookButton.hidden = !canBook();
  bookGate.hidden = canBook();
  if (!canBook()) {
    bookGate.replaceChildren(h('p', {}, me ? t('appt.staff')
      : [t('appt.signin'), ' ', h('a', { href: `signin.html?next=${encodeURIComponent(`appointments.html${location.search}`)}` }, t('need.signin.link'))]));
  }
}

async function showSlots({ keepStatus = false } = {}) {
  if (!keepStatus) status.textContent = '';
  const center = centerSel.value;
  const date = dateInput.value;
  const group = groupSel.value;
  try {
    const day = await api(`/centers/${encodeURIComponent(center)}/slots`, { query: { date, group } });
    shown = { center, date, group, day };
    const q = new URLSearchParams({ center, date });
    if (group) q.set('group', group);
    history.replaceState(null, '', `appointments.html?${q}`);
    await renderSlots();
  } catch (e) {
    showError(errorBox, e, findForm);
  }
}

findForm.addEventListener('submit', (ev) => {
  ev.preventDefault();
  clearError(errorBox, findForm);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dateInput.value)) {
    showError(errorBox, new ApiError(400, 'missing_field', '', 'date'), findForm);
    return;
  }
  showSlots();
});

bookForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearError(errorBox);
  status.textContent = '';
  const chosen = slotsBox.querySelector('input[name="slot"]:checked');
  if (!chosen) {
    showError(errorBox, new ApiError(400, 'no_slot', '', null));
    (slotsBox.querySelector('input:not([disabled])') || bookButton).focus();
    return;
  }
  const [group, time] = chosen.value.split('|');
  bookButton.disabled = true;
  try {
    const a = await api('/appointments', { method: 'POST', body: { center: shown.center, group, date: shown.date, time } });
    status.textContent = t('appt.booked', formatDay(a.date), a.time, a.code);
    await Promise.all([showSlots({ keepStatus: true }), loadMine()]);
  } catch (e) {
    showQueueError(errorBox, e, null, 'appt');
    await showSlots({ keepStatus: true });
  } finally {
    bookButton.disabled = false;
  }
});

// ---- my appointments --------------------------------------------------------

async function loadMine() {
  if (!canBook()) return;
  try {
    mine = await api('/me/appointments');
    await renderMine();
  } catch (e) {
    showError(errorBox, e);
  }
}

function fact(label, ...value) {
  return h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, ...value));
}

async function renderMine() {
  if (!mine) return;
  mineSection.hidden = false;
  mineCount.textContent = mine.items.length ? '' : t('appt.mine.none');
  const items = [];
  for (const a of mine.items) {
    const groups = await groupsFor(a.center);
    const tk = tickets.get(a.id);
    const when = `${formatDay(a.date)} ${a.time}`;
    items.push(h('li', { class: `appt appt-${a.status}`, 'data-id': String(a.id), 'data-status': a.status, 'data-code': a.code },
      h('h3', {}, h('span', { class: 'appt-when' }, when)),
      h('dl', { class: 'facts' },
        fact(t('appt.code'), h('span', { class: 'code appt-code' }, a.code)),
        fact(t('appt.center'), pick(a, 'center'), ' ', h('span', { class: 'code' }, `(${a.center})`)),
        fact(t('appt.group'), groupLabel(groups, a.group)),
        fact(t('appt.status'), h('span', { class: `astatus astatus-${a.status}` }, t(`appt.status.${a.status}`)))),
      a.status === 'booked' ? controls(a, when) : null,
      a.status === 'checked-in' && a.ticket_id
        ? h('p', {}, h('a', { class: 'button appt-ticket', href: tk ? ticketUrl(tk) : `ticket.html?id=${a.ticket_id}` },
          tk ? `${t('appt.ticket')}${t('paren', tk.label)}` : t('appt.ticket')))
        : null));
  }
  list.replaceChildren(...items);
}

function controls(a, when) {
  const id = `a${a.id}`;
  const label = (key) => h('span', {}, t(key), h('span', { class: 'visually-hidden' }, t('appt.for', formatDay(a.date), a.time)));
  const today = shanghaiToday();
  const date = h('input', { type: 'date', id: `${id}-date`, name: 'date', required: true, min: today, max: addDays(today, 30), value: a.date });
  const time = h('select', { id: `${id}-time`, name: 'time' });
  const submit = h('button', { type: 'submit', class: 'primary' }, label('appt.reschedule.confirm'));
  const form = h('form', { class: 'inline-form reschedule-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: date.id }, t('appt.reschedule.date')), date),
    h('div', { class: 'field' }, h('label', { for: time.id }, t('appt.reschedule.time')), time),
    submit);
  async function fillTimes() {
    time.replaceChildren();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date.value)) return;
    try {
      const day = await api(`/centers/${encodeURIComponent(a.center)}/slots`, { query: { date: date.value, group: a.group } });
      const g = day.groups[0];
      const free = g ? g.slots.filter((x) => x.available > 0 && !(date.value === a.date && x.time === a.time)) : [];
      time.replaceChildren(...(free.length ? free.map((x) => h('option', { value: x.time }, `${x.time}${t('paren', t('appt.slot.left', x.available, g.capacity))}`))
        : [h('option', { value: '' }, t('appt.reschedule.none'))]));
    } catch (e) {
      showError(errorBox, e, form);
    }
  }
  date.addEventListener('change', fillTimes);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError(errorBox, form);
    status.textContent = '';
    if (!time.value) {
      showError(errorBox, new ApiError(400, 'no_slot', '', 'time'), form);
      return;
    }
    submit.disabled = true;
    try {
      const r = await api(`/appointments/${a.id}`, { method: 'PATCH', body: { date: date.value, time: time.value } });
      status.textContent = t('appt.rescheduled', formatDay(r.date), r.time);
      await Promise.all([loadMine(), shown ? showSlots({ keepStatus: true }) : null]);
    } catch (e) {
      showQueueError(errorBox, e, form, 'appt');
      submit.disabled = false;
      if (e instanceof ApiError && e.code === 'wrong_state') await loadMine();
    }
  });
  const details = h('details', { class: 'action-details reschedule' }, h('summary', {}, label('appt.reschedule')), form);
  details.addEventListener('toggle', () => { if (details.open && !time.options.length) fillTimes(); });

  const cancel = h('button', { type: 'button', class: 'appt-cancel' }, label('appt.cancel'));
  cancel.addEventListener('click', () => change(a, cancel, () => api(`/appointments/${a.id}`, { method: 'DELETE' }), () => t('appt.cancelled')));
  const checkIn = h('button', { type: 'button', class: 'primary appt-checkin' }, label('appt.checkin'));
  checkIn.addEventListener('click', () => change(a, checkIn, async () => {
    const tk = await api(`/appointments/${a.id}/check-in`, { method: 'POST' });
    tickets.set(a.id, tk);
    return tk;
  }, (tk) => t('appt.checkedin', tk.label)));
  return h('div', { class: 'appt-controls' },
    h('div', { class: 'action-buttons' }, checkIn, cancel), details);
}

async function change(a, button, fn, done) {
  clearError(errorBox);
  status.textContent = '';
  button.disabled = true;
  try {
    const r = await fn();
    status.textContent = done(r);
    await Promise.all([loadMine(), shown ? showSlots({ keepStatus: true }) : null]);
  } catch (e) {
    showQueueError(errorBox, e, null, 'appt');
    button.disabled = false;
    if (e instanceof ApiError && e.code === 'wrong_state') await loadMine();
  }
}

// ---- start ------------------------------------------------------------------

onLanguageChange(async () => {
  renderDistricts(districtSel.value);
  renderCenters(centerSel.value);
  await renderGroupOptions(groupSel.value);
  await renderSlots();
  await renderMine();
});

initPage('appointments').then(async (account) => {
  me = account;
  const today = shanghaiToday();
  dateInput.min = today;
  dateInput.max = addDays(today, 30);
  const date = params.get('date');
  dateInput.value = date && date >= today && date <= dateInput.max ? date : today;
  const center = (params.get('center') || 'JA12').toUpperCase();
  try {
    districts = await loadDistricts();
    let place = null;
    try { place = await api(`/centers/${encodeURIComponent(center)}`); } catch { /* the default district */ }
    const district = place ? place.district : '310106';
    renderDistricts(district);
    await loadCenters(district, center);
    await renderGroupOptions(params.get('group') || '');
  } catch (e) {
    showError(errorBox, e);
    return;
  }
  await Promise.all([showSlots(), loadMine()]);
});
