// casekit.js - what the case pages share (desk, review, manage, my cases,
// licences): names of places and departments, a case's facts, deadline,
// materials (with why each is or is not needed), timeline, circulation of
// originals, licence, the forms of the workflow actions the API allows,
// and lists of cases.  Everything is built with h(), never from markup.
import { api, h, t, pick, lang, formatShanghai, formatDay, feeText, showError, clearError, ApiError } from './app.js';

// ---- names --------------------------------------------------------

const places = new Map();	// code -> place, or null when it cannot be read
const placeLoads = new Map();	// code -> Promise

// Reads the places `codes` name (once each), so placeName() knows them.
export function loadPlaces(codes) {
  return Promise.all([...new Set(codes.filter(Boolean))].map((code) => {
    if (!placeLoads.has(code)) {
      placeLoads.set(code, api(`/centers/${encodeURIComponent(code)}`)
        .then((p) => { places.set(code, p); }, () => { places.set(code, null); }));
    }
    return placeLoads.get(code);
  }));
}

export function placeName(code) {
  const p = places.get(code);
  return p ? pick(p, 'name') : (code || '');
}

// "彭浦新村街道社区事务受理服务中心 (JA12)"
export function placeLabel(code) {
  if (!code) return '—';
  return h('span', { class: 'place-label' }, placeName(code), ' ', h('span', { class: 'code' }, `(${code})`));
}

let departments = null;
export function loadDepartments() {
  if (!departments) {
    departments = api('/departments').then((r) => new Map(r.items.map((d) => [d.code, d])), () => new Map());
  }
  return departments;
}

let districts = null;
export function loadDistricts() {
  if (!districts) {
    districts = api('/districts').then((r) => new Map(r.items.map((d) => [d.code, d])), () => new Map());
  }
  return districts;
}

// The places a case names, so that its facts and timeline can show names.
export function casePlaces(c) {
  return [c.received_at_center, c.competent_center,
    ...(c.events || []).map((e) => e.place),
    ...(c.events || []).map((e) => e.data && e.data.routed_to),
    ...(c.circulation || []).flatMap((x) => [x.from_center, x.to_center])];
}

// GET /cases/{id} and the names of its places.
export async function loadCase(id, query) {
  const c = await api(`/cases/${encodeURIComponent(id)}`, { query });
  await loadPlaces(casePlaces(c));
  return c;
}

// ---- small pieces -------------------------------------------------

export function fact(label, ...value) {
  return h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, ...value));
}

const STATE_TONE = {
  approved: 'good', issued: 'good', delivered: 'good', closed: 'good',
  refused: 'bad', 'not-accepted': 'bad', withdrawn: 'muted',
  'supplement-requested': 'warn', 'awaiting-payment': 'warn',
};

export function stateName(code) { return t(`state.${code}`); }

export function stateBadge(c) {
  const name = c.state_zh ? pick(c, 'state') : stateName(c.state);
  return h('span', { class: `state state-${STATE_TONE[c.state] || 'info'}`, 'data-state': c.state }, name);
}

export function daysLeft(d) {
  if (!d || d.working_days_left === null || d.working_days_left === undefined) return t('days.none');
  return h('span', { class: d.overdue || d.working_days_left < 0 ? 'days days-over' : d.working_days_left <= 2 ? 'days days-soon' : 'days' },
    t('days.left', d.working_days_left));
}

export function kb(bytes) { return Math.max(1, Math.round(bytes / 1024)); }

function matterName(c) {
  return [pick(c.matter, 'name'), ' ', h('span', { class: 'code' }, c.matter.code)];
}

// Why a material is or is not needed: the server says it in both
// languages (a clerk's note with a supplement request is as written).
export function reasonText(m) {
  return pick(m, 'reason');
}

// ---- facts and deadline ---------------------------------------------

export function deadlineFacts(c) {
  const d = c.deadline;
  const out = [fact(t('case.clock'), t(`clock.${d.clock}`))];
  if (d.promised_due) {
    out.push(fact(t('case.promised_due'), h('span', { class: 'promised-due' }, formatDay(d.promised_due)),
      h('span', { class: 'note' }, t('paren', t('tag.promised', d.promised_days)))));
    out.push(fact(t('case.left'), daysLeft(d)));
    if (d.legal_due) out.push(fact(t('case.legal_due'), formatDay(d.legal_due)));
  } else {
    out.push(fact(t('case.deadline'), t('case.not-accepted-yet', d.promised_days)));
  }
  if (d.follow_up_by) out.push(fact(t('case.follow_up_by'), formatDay(d.follow_up_by)));
  if (d.paused_days) out.push(fact(t('case.paused_days'), String(d.paused_days)));
  return out;
}

export function caseFacts(c) {
  const fee = c.fee_fen ? [feeText(c.fee_fen), c.paid_fen ? ` · ${t('case.paid', (c.paid_fen / 100).toFixed(2))}` : ''] : [t('fee.free')];
  return h('dl', { class: 'facts case-facts' },
    fact(t('case.number'), h('span', { class: 'code case-number' }, c.number)),
    fact(t('case.matter'), ...matterName(c)),
    fact(t('case.applicant'), h('span', { class: 'case-applicant' }, c.subject.name),
      c.subject.relationship ? ` (${c.subject.relationship})` : ''),
    fact(t('case.state'), stateBadge(c)),
    fact(t('case.channel'), t(`channel.${c.channel}`)),
    fact(t('case.received'), placeLabel(c.received_at_center)),
    fact(t('case.competent'), placeLabel(c.competent_center)),
    fact(t('case.filed'), formatShanghai(c.created_at)),
    fact(t('case.fee'), ...fee),
    ...deadlineFacts(c));
}

// ---- materials ----------------------------------------------------

// opts.canUpload(m), opts.canReceive(m): whether to offer the controls;
// opts.ctx: { errorBox, status, reload } of the page.
export function materialsList(c, { canUpload = () => false, canReceive = () => false, ctx } = {}) {
  const items = c.materials.map((m) => {
    const id = `c${c.id}-m-${m.kind}`;
    const tags = [
      h('span', { class: `mstatus mstatus-${m.status}` }, t(`mat.status.${m.status}`)),
      h('span', { class: `how how-${m.way === 'upload' ? 'provide' : m.way}` }, t(`mat.way.${m.way}`)),
      m.key ? h('span', { class: 'tag tag-muted' }, t('mat.key.short')) : null,
    ];
    const controls = [];
    if (canUpload(m)) controls.push(uploadForm(c, m, id, ctx));
    if (canReceive(m)) {
      controls.push(h('button', {
        type: 'button', class: 'receive-original', onclick: (ev) => receiveOriginal(c, m, ev.currentTarget, ctx),
      }, t('mat.received.button', pick(m, 'name'))));
    }
    return h('li', { class: `material material-${m.status}`, 'data-kind': m.kind, 'data-status': m.status, id },
      h('p', { class: 'material-head' }, h('strong', { class: 'material-name' }, pick(m, 'name')), ' ', ...tags),
      h('p', { class: 'material-reason' }, h('span', { class: 'label' }, `${t('mat.reason')}${lang() === 'en' ? ': ' : '：'}`),
        h('span', { class: 'reason' }, reasonText(m))),
      m.upload ? h('p', { class: 'note' }, t('mat.uploaded.file', m.upload.type, kb(m.upload.size))) : null,
      controls.length ? h('div', { class: 'material-controls' }, ...controls) : null);
  });
  return h('ul', { class: 'materials' }, ...items);
}

function uploadForm(c, m, id, ctx) {
  const input = h('input', { type: 'file', id: `${id}-file`, name: 'file', accept: 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png' });
  const button = h('button', { type: 'submit' }, t('mat.upload.button'));
  const form = h('form', { class: 'upload-form', 'data-kind': m.kind, novalidate: true },
    h('label', { for: input.id }, t('mat.upload.label', pick(m, 'name'))),
    h('div', { class: 'upload-row' }, input, button));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError(ctx.errorBox, form);
    const file = input.files && input.files[0];
    if (!file) {
      showError(ctx.errorBox, new ApiError(400, 'no_file', '', 'file'), form);
      return;
    }
    button.disabled = true;
    button.textContent = t('mat.upload.busy');
    try {
      await api(`/cases/${c.id}/materials`, { method: 'POST', query: { kind: m.kind }, raw: file, type: file.type });
      ctx.status.textContent = t('mat.uploaded', pick(m, 'name'));
      await ctx.reload();
    } catch (e) {
      showError(ctx.errorBox, e, form);
      button.disabled = false;
      button.textContent = t('mat.upload.button');
      if (e instanceof ApiError && e.status === 409) await ctx.reload({ keepError: true });
    }
  });
  return form;
}

async function receiveOriginal(c, m, button, ctx) {
  clearError(ctx.errorBox);
  button.disabled = true;
  try {
    await api(`/cases/${c.id}/materials/${encodeURIComponent(m.kind)}/received`, { method: 'POST' });
    ctx.status.textContent = t('mat.received.done', pick(m, 'name'));
    await ctx.reload();
  } catch (e) {
    showError(ctx.errorBox, e);
    button.disabled = false;
    if (e instanceof ApiError && e.status === 409) await ctx.reload({ keepError: true });
  }
}

// ---- timeline -----------------------------------------------------

function materialName(c, kind) {
  const m = c.materials.find((x) => x.kind === kind);
  return m ? pick(m, 'name') : kind;
}

function dataFacts(c, data) {
  if (!data) return null;
  const rows = [];
  for (const [k, v] of Object.entries(data)) {
    if (v === null || v === undefined || v === '' || k === 'licence_id' || k === 'sha256') continue;
    let value;
    if (k === 'commitments_signed') { if (!v) continue; value = t('yes'); }
    else if (k === 'missing' && Array.isArray(v)) value = v.map((x) => materialName(c, x)).join(lang() === 'en' ? ', ' : '、');
    else if (k === 'kind') value = materialName(c, v);
    else if (k === 'routed_to') value = placeLabel(v);
    else if (k === 'payment_fen') value = feeText(v);
    else if (k === 'payment_method') value = t(`pay.${v}`) === `pay.${v}` ? v : t(`pay.${v}`);
    else if (k === 'method') value = t(`method.${v}`) === `method.${v}` ? v : t(`method.${v}`);
    else if (k === 'follow_up_by') value = formatDay(v);
    else if (k === 'size') value = `${kb(v)} KB`;
    else if (k === 'tracking' || k === 'licence_number') value = h('span', { class: 'code' }, String(v));
    else value = typeof v === 'object' ? JSON.stringify(v) : String(v);
    const label = t(`ev.data.${k}`);
    rows.push(fact(label === `ev.data.${k}` ? k : label, value));
  }
  return rows.length ? h('dl', { class: 'facts ev-data' }, ...rows) : null;
}

export function timeline(c) {
  return h('ol', { class: 'timeline' }, ...c.events.map((e) => {
    const role = t(`role.${e.role}`);
    const where = e.place ? placeLabel(e.place) : (e.channel === 'online' ? t('ev.online') : null);
    return h('li', { class: 'event', 'data-action': e.action, 'data-version': String(e.version) },
      h('p', { class: 'ev-head' },
        h('time', { datetime: e.at }, formatShanghai(e.at)), ' ',
        h('strong', { class: 'ev-action' }, t(`action.${e.action}`) === `action.${e.action}` ? e.action : t(`action.${e.action}`))),
      h('p', { class: 'ev-states' }, e.from && e.from !== e.to
        ? [h('span', { class: 'ev-from' }, stateName(e.from)), ' → ', h('span', { class: 'ev-to' }, stateName(e.to))]
        : h('span', { class: 'ev-to' }, stateName(e.to))),
      h('p', { class: 'ev-who' }, t('ev.by', role === `role.${e.role}` ? e.role : role, e.by),
        where ? [' · ', where] : null),
      e.note ? h('p', { class: 'ev-note' }, `${t('ev.note')}${lang() === 'en' ? ': ' : '：'}`, e.note) : null,
      dataFacts(c, e.data));
  }));
}

// ---- circulation of originals ---------------------------------------

// `center`: the staff member's center (null for others): a clerk of the
// receiving center sends, one of the competent center receives.
export function circulationList(c, center, ctx) {
  if (!c.circulation.length) return h('p', { class: 'note' }, t('circ.none'));
  return h('ul', { class: 'circulation' }, ...c.circulation.map((x) => {
    let status;
    if (x.received_at) status = t('circ.received', formatShanghai(x.received_at));
    else if (x.sent_at) status = t('circ.sent', formatShanghai(x.sent_at), t(`method.${x.method}`) === `method.${x.method}` ? x.method : t(`method.${x.method}`), x.tracking);
    else status = t('circ.waiting');
    const li = h('li', { class: 'circ', 'data-sent': x.sent_at ? 'true' : 'false', 'data-received': x.received_at ? 'true' : 'false' },
      h('p', {}, t('circ.route', placeName(x.from_center), placeName(x.to_center))),
      h('p', { class: 'circ-status' }, status));
    if (center && ctx && !x.sent_at && x.from_center === center) li.append(sendForm(c, x, ctx));
    if (center && ctx && x.sent_at && !x.received_at && x.to_center === center) {
      li.append(h('button', { type: 'button', class: 'primary circ-receive', onclick: (ev) => circulate(c, { action: 'receive' }, ev.currentTarget, null, ctx, 'circ.received.done') },
        t('circ.receive')));
    }
    return li;
  }));
}

function sendForm(c, x, ctx) {
  const id = `c${c.id}-circ${x.id}`;
  const form = h('form', { class: 'circ-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: `${id}-method` }, t('f.method')),
      h('select', { id: `${id}-method`, name: 'method' },
        h('option', { value: 'courier' }, t('method.courier')),
        h('option', { value: 'internal mail' }, t('method.internal mail')))),
    h('div', { class: 'field' }, h('label', { for: `${id}-tracking` }, t('f.tracking')),
      h('input', { id: `${id}-tracking`, name: 'tracking', type: 'text', required: true, minlength: '4', maxlength: '40', autocomplete: 'off', spellcheck: 'false' })),
    h('button', { type: 'submit', class: 'primary' }, t('circ.send')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const tracking = form.elements.namedItem('tracking').value.trim();
    if (tracking.length < 4) {
      showError(ctx.errorBox, new ApiError(400, 'missing_field', '', 'tracking'), form);
      return;
    }
    circulate(c, { action: 'send', method: form.elements.namedItem('method').value, tracking },
      form.querySelector('button[type="submit"]'), form, ctx, 'circ.sent.done');
  });
  return form;
}

async function circulate(c, body, button, form, ctx, doneKey) {
  clearError(ctx.errorBox, form);
  button.disabled = true;
  try {
    await api(`/cases/${c.id}/circulation`, { method: 'POST', body: { ...body, version: c.version } });
    ctx.status.textContent = t(doneKey);
    await ctx.reload();
  } catch (e) {
    showError(ctx.errorBox, e, form);
    button.disabled = false;
    if (e instanceof ApiError && e.status === 409) await ctx.reload({ keepError: true });
  }
}

// ---- the licence --------------------------------------------------

export function licenceBlock(l, { number } = {}) {
  const href = `verify.html?code=${encodeURIComponent(l.verify_code)}`;
  return h('div', { class: 'licence' },
    h('img', { class: 'qr', src: `/api/v1/licences/verify/${encodeURIComponent(l.verify_code)}/qr.svg`, alt: t('lic.qr', number || l.number), width: '120', height: '120' }),
    h('dl', { class: 'facts' },
      fact(t('lic.number'), h('span', { class: 'code' }, l.number)),
      fact(t('lic.status'), h('span', { class: `lstatus lstatus-${l.status}` }, t(`lic.status.${l.status}`)))),
    h('p', {}, h('a', { class: 'verify-link', href }, t('lic.verify'))));
}

// ---- actions ------------------------------------------------------

function field(id, name, label, input, hint) {
  input.id = id;
  input.name = name;
  if (hint) input.setAttribute('aria-describedby', `${id}-hint`);
  return h('div', { class: 'field' }, h('label', { for: id }, label), input,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
}

function shanghaiToday() {
  // The day in Shanghai (UTC+8, no daylight saving).
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// The inputs an action takes, and how to read them into the body.
const ACTION_FIELDS = {
  'accept-tolerant': (c, id) => ({
    fields: [field(`${id}-follow`, 'follow_up_by', t('f.follow_up_by'),
      h('input', { type: 'date', required: true, min: addDays(shanghaiToday(), 1), value: addDays(shanghaiToday(), 14) }),
      t('f.follow_up_by.hint'))],
    read: (f) => ({ follow_up_by: f.elements.namedItem('follow_up_by').value }),
  }),
  'request-supplement': (c, id) => ({
    fields: [h('fieldset', { class: 'missing' }, h('legend', {}, t('f.missing')),
      ...c.materials.map((m) => h('div', { class: 'field check' },
        h('input', { type: 'checkbox', id: `${id}-miss-${m.kind}`, name: 'missing', value: m.kind, checked: m.status === 'needed' }),
        h('label', { for: `${id}-miss-${m.kind}` }, pick(m, 'name'))))),
    field(`${id}-note`, 'note', t('f.note'), h('textarea', { rows: '2', maxlength: '500' }))],
    read: (f) => {
      const body = { missing: [...f.querySelectorAll('input[name="missing"]:checked')].map((x) => x.value) };
      const note = f.elements.namedItem('note').value.trim();
      if (note) body.note = note;
      return body;
    },
  }),
  'not-accept': (c, id) => reasonFields(id),
  refuse: (c, id) => reasonFields(id),
  'record-payment': (c, id) => {
    const due = ((c.fee_fen - c.paid_fen) / 100).toFixed(2);
    return {
      fields: [
        field(`${id}-pay`, 'payment_fen', t('f.payment', due), h('input', { type: 'text', inputmode: 'decimal', required: true, value: due })),
        field(`${id}-paymethod`, 'method', t('f.payment.method'), h('select', {},
          ...['cash', 'WeChat Pay', 'Alipay', 'UnionPay'].map((m) => h('option', { value: m }, t(`pay.${m}`))))),
      ],
      read: (f) => {
        const yuan = Number(f.elements.namedItem('payment_fen').value.trim());
        return { payment_fen: Number.isFinite(yuan) ? Math.round(yuan * 100) : -1, method: f.elements.namedItem('method').value };
      },
    };
  },
  deliver: (c, id) => ({
    fields: [
      field(`${id}-carrier`, 'carrier', t('f.carrier'), h('select', {},
        ...['EMS', 'SF'].map((m) => h('option', { value: m }, t(`carrier.${m}`))))),
      field(`${id}-tracking`, 'tracking', t('f.tracking'), h('input', { type: 'text', required: true, minlength: '4', maxlength: '40', autocomplete: 'off', spellcheck: 'false' })),
    ],
    read: (f) => ({ carrier: f.elements.namedItem('carrier').value, tracking: f.elements.namedItem('tracking').value.trim() }),
  }),
  submit: (c, id) => (c.materials.some((m) => m.way === 'commitment') ? {
    fields: [h('div', { class: 'field check' },
      h('input', { type: 'checkbox', id: `${id}-commit`, name: 'commit', checked: true }),
      h('label', { for: `${id}-commit` }, t('f.commit')))],
    read: (f) => ({ commit: f.elements.namedItem('commit').checked }),
  } : null),
  withdraw: () => ({ fields: [h('p', { class: 'note' }, t('f.withdraw.confirm'))], read: () => ({}) }),
};

function reasonFields(id) {
  return {
    fields: [field(`${id}-reason`, 'reason', t('f.reason'), h('textarea', { rows: '2', required: true, maxlength: '500' }))],
    read: (f) => {
      const reason = f.elements.namedItem('reason').value.trim();
      return reason ? { reason } : {};
    },
  };
}

// The buttons and forms of the actions the API lists for the caller
// (`c.actions`); ctx: { errorBox, status, reload }.
export function actionsBlock(c, ctx) {
  if (!c.actions.length) return h('p', { class: 'note no-actions' }, t('action.none'));
  const simple = [];
  const complex = [];
  for (const action of c.actions) {
    const id = `c${c.id}-a-${action}`;
    const spec = ACTION_FIELDS[action] ? ACTION_FIELDS[action](c, id) : null;
    const label = t(`action.${action}`) === `action.${action}` ? action : t(`action.${action}`);
    if (!spec) {
      simple.push(h('button', {
        type: 'button', class: 'primary action', 'data-action': action,
        onclick: (ev) => transition(c, action, {}, ev.currentTarget, null, ctx),
      }, label));
      continue;
    }
    const submit = h('button', { type: 'submit', class: 'primary', 'data-action': action }, t('action.confirm', label));
    const form = h('form', { class: 'action-form', novalidate: true }, ...spec.fields, submit);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      transition(c, action, spec.read(form), submit, form, ctx);
    });
    complex.push(h('details', { class: 'action-details', 'data-action': action }, h('summary', {}, label), form));
  }
  return h('div', { class: 'actions-block', role: 'group', 'aria-label': t('actions.group') },
    simple.length ? h('div', { class: 'action-buttons' }, ...simple) : null, ...complex);
}

export async function transition(c, action, extra, button, form, ctx) {
  clearError(ctx.errorBox, form);
  if (button) button.disabled = true;
  try {
    const r = await api(`/cases/${c.id}/transitions`, { method: 'POST', body: { action, version: c.version, ...extra } });
    ctx.status.textContent = t('action.done', t(`action.${action}`), stateName(r.state));
    await ctx.reload();
  } catch (e) {
    showError(ctx.errorBox, e, form);
    if (button) button.disabled = false;
    // The case changed meanwhile (or its state does not allow this):
    // show the case as it is now.
    if (e instanceof ApiError && e.status === 409) await ctx.reload({ keepError: true });
  }
}

// ---- the whole panel ----------------------------------------------

// The sections of a case: facts, actions, circulation, materials,
// licence, timeline.  opts: { ctx, center, canUpload, canReceive, showActions }
export function caseSections(c, opts) {
  const id = `c${c.id}`;
  const sec = (key, name, ...body) => h('section', { class: `case-section sec-${name}`, 'aria-labelledby': `${id}-${name}-h` },
    h('h3', { id: `${id}-${name}-h` }, t(key)), ...body);
  const out = [sec('case.h.facts', 'facts', caseFacts(c))];
  if (opts.showActions !== false) out.push(sec('actions.h', 'actions', actionsBlock(c, opts.ctx)));
  if (c.circulation.length) out.push(sec('case.h.circulation', 'circulation', circulationList(c, opts.center || null, opts.ctx)));
  out.push(sec('case.h.materials', 'materials', materialsList(c, opts)));
  if (c.licence) out.push(sec('case.h.licence', 'licence', licenceBlock(c.licence)));
  out.push(sec('case.h.timeline', 'timeline', timeline(c)));
  return out;
}

// ---- lists of cases -------------------------------------------------

// A table of case summaries; `href(c)` links each number.
export function caseTable(items, { id, caption, href }) {
  const table = h('table', { class: 'case-table', id },
    h('caption', { id: `${id}-caption` }, caption),
    h('thead', {}, h('tr', {},
      ...['list.number', 'list.matter', 'list.applicant', 'list.state', 'list.due', 'list.left', 'list.center', 'list.filed']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, ...items.map((c) => h('tr', { 'data-id': String(c.id), 'data-number': c.number },
      h('th', { scope: 'row' }, h('a', { href: href(c), class: 'code' }, c.number)),
      h('td', {}, pick(c.matter, 'name')),
      h('td', {}, c.subject.name),
      h('td', {}, stateBadge(c)),
      h('td', {}, c.deadline.promised_due ? formatDay(c.deadline.promised_due) : '—'),
      h('td', {}, daysLeft(c.deadline)),
      h('td', {}, c.received_at_center === c.competent_center ? c.received_at_center : `${c.received_at_center} → ${c.competent_center}`),
      h('td', {}, formatShanghai(c.created_at))))));
  return h('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-labelledby': `${id}-caption` }, table);
}

// ---- who may use a page ---------------------------------------------

// Shows in `box` why the page cannot be used (not signed in, another
// role) and answers false; answers true when `me` has one of `roles`.
export function gate(box, me, roles, page) {
  if (me && roles.includes(me.role)) {
    box.hidden = true;
    return true;
  }
  box.hidden = false;
  box.replaceChildren(me
    ? h('p', {}, t('need.role'))
    : h('p', {}, t('need.signin'), ' ', h('a', { href: `signin.html?next=${encodeURIComponent(page)}` }, t('need.signin.link'))));
  return false;
}
