// guide.js - the guidance wizard (智能引导).
//
// guide.html lists the scenarios in two groups (enterprise, life events).
// guide.html?s=ID asks one question at a time: each step sends every
// answer so far to POST /guidance/scenarios/ID/evaluate, which names the
// next question on the path (rendered as radios, checkboxes, 是/否 or a
// number), the progress, and - once the path is complete - the summary
// and the guide.  Back returns to the previous question on the path and
// keeps the later answers: the server ignores (and reports as skipped)
// those that no longer apply.  Then: "check your answers", the one-page
// guide (matters, deduplicated materials, precautions, pre-filled forms),
// the PDF, and for a signed-in applicant of the scenario's audience one
// draft application per matter, submitted together.
//
// The answers and the step on screen are kept in sessionStorage
// ("tongban.guide.ID"), so a reload - or a trip to the sign-in page and
// back - finds the wizard where it was; closing the tab forgets them.
import { api, h, t, pick, lang, initPage, onLanguageChange, showError, clearError, currentAccount,
  csrfToken, loadAccount, feeText, yesNo, ApiError } from './app.js';

const STORE = 'tongban.guide.';

const crumbs = document.getElementById('crumbs');
const errorBox = document.getElementById('guide-error');
const status = document.getElementById('guide-status');
const listBox = document.getElementById('list');
const wizard = document.getElementById('wizard');
const titleEl = document.getElementById('scenario-title');
const summaryEl = document.getElementById('scenario-summary');
const progressEl = document.getElementById('progress');
const progressText = document.getElementById('progress-text');
const stepBox = document.getElementById('step');
const restartButton = document.getElementById('restart');

const sid = new URLSearchParams(location.search).get('s');

let scenarios = null;	// the list (guide.html)
let scenario = null;	// the scenario as data (guide.html?s=ID)
const questions = new Map();	// id -> question
// What survives a reload: the answers, the step on screen ("summary",
// "result" or a question id), whether a "change" from the summary should
// come back to it, and the bundle of drafts made from these answers.
let state = { answers: {}, at: null, ret: false, bundle: null };
let last = null;	// the last answer of evaluate
let draft = null;	// { q, value }: the question on screen, not yet sent (kept over a language switch)
let lastError = null;	// { view, err }: shown again after a language switch
let pdf = null;		// { url, name, size, digest }
let bundle = null;	// GET/POST answer: { id|bundle, digest, cases }
let bundleNote = null;	// the last message about the bundle (created / submitted)
let busy = false;

// ---- storage ----------------------------------------------------------

function save() {
  try { sessionStorage.setItem(STORE + sid, JSON.stringify(state)); } catch { /* storage blocked */ }
}

function restore() {
  try {
    const s = JSON.parse(sessionStorage.getItem(STORE + sid) || 'null');
    if (s && s.answers && typeof s.answers === 'object' && !Array.isArray(s.answers)) {
      state = { answers: s.answers, at: typeof s.at === 'string' ? s.at : null, ret: !!s.ret, bundle: s.bundle || null };
    }
  } catch { /* storage blocked or not JSON: start afresh */ }
}

// ---- small helpers ------------------------------------------------------

const colon = () => (lang() === 'en' ? ': ' : '：');
const scenarioPath = () => `/guidance/scenarios/${encodeURIComponent(sid)}`;

function evaluate(answers) {
  return api(`${scenarioPath()}/evaluate`, { method: 'POST', body: { answers } });
}

function fact(label, ...value) {
  return h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, ...value));
}

function buttons(...list) {
  return h('div', { class: 'wizard-buttons' }, ...list);
}

function focusStep() {
  const el = document.getElementById('step-h');
  if (el) el.focus();
}

// The view the state asks for, as far as the last evaluation allows it.
function currentView() {
  const at = state.at;
  if ((at === 'result' || at === 'summary') && last.complete) return at;
  if (at && questions.has(at) && (last.path.includes(at) || (last.next && last.next.id === at))) return at;
  return last.next ? last.next.id : 'summary';
}

function go(at, { focus = true } = {}) {
  state.at = at;
  if (at === 'summary') state.ret = false;
  save();
  draft = null;
  lastError = null;
  render();
  if (focus) focusStep();
}

// ---- the list of scenarios ----------------------------------------------

function renderList() {
  if (!scenarios) return;
  document.title = t('title.guide');
  for (const audience of ['enterprise', 'person']) {
    const ul = document.getElementById(`group-${audience}`);
    const items = scenarios.filter((s) => s.audience === audience);
    ul.replaceChildren(...(items.length ? items.map((s) => h('li', { class: 'scenario-card', 'data-id': s.id },
      h('a', { class: 'scenario-link', href: `guide.html?s=${encodeURIComponent(s.id)}` }, pick(s, 'title')),
      h('p', { class: 'scenario-summary' }, pick(s, 'summary')),
      h('p', { class: 'hint' }, t('guide.card.meta', s.questions, s.matters))))
      : [h('li', { class: 'note' }, t('guide.group.none'))]));
  }
}

async function loadList() {
  listBox.hidden = false;
  status.textContent = t('loading');
  try {
    const r = await api('/guidance/scenarios');
    scenarios = r.items;
    status.textContent = '';
    renderList();
  } catch (e) {
    status.textContent = '';
    showError(errorBox, e);
  }
}

// ---- one question ---------------------------------------------------------

// The answer the controls hold, without judging it.
function rawValue(form, q) {
  if (q.type === 'number') return form.elements.namedItem('answer').value;
  const boxes = [...form.querySelectorAll('input[name="answer"]')];
  if (q.type === 'multiple') return boxes.filter((b) => b.checked).map((b) => b.value);
  const on = boxes.find((b) => b.checked);
  if (!on) return undefined;
  return q.type === 'yesno' ? on.value === 'true' : on.value;
}

// The answer to send, or { error } for what the page can tell at once.
function readAnswer(form, q) {
  if (q.type === 'number') {
    const input = form.elements.namedItem('answer');
    if (input.value.trim() === '') return { error: input.validity.badInput ? 'not_a_number' : 'answer_required' };
    const n = Number(input.value);
    if (!Number.isFinite(n)) return { error: 'not_a_number' };
    return { value: n };
  }
  const v = rawValue(form, q);
  if (q.type === 'multiple') {
    const min = q.min_choices ?? 1;
    const max = q.max_choices ?? q.options.length;
    if (v.length === 0 && min > 0) return { error: 'answer_required' };
    if (v.length < min) return { error: 'choose_min', arg: min };
    if (v.length > max) return { error: 'choose_max', arg: max };
    return { value: v };
  }
  if (v === undefined) return { error: 'answer_required' };
  return { value: v };
}

function questionText(qid) {
  const q = questions.get(qid);
  return q ? pick(q, 'text') : qid;
}

function renderQuestion(q) {
  const have = draft && draft.q === q.id ? draft.value : state.answers[q.id];
  const help = pick(q, 'help');
  const describedBy = [help ? 'q-help' : null, q.type === 'number' || q.type === 'multiple' ? 'q-hint' : null].filter(Boolean).join(' ');
  const errorRegion = h('div', { id: 'q-error', class: 'error', role: 'alert' });
  const parts = [];
  if (q.type === 'number') {
    const unit = pick(q, 'unit');
    const integer = q.integer !== false;
    parts.push(
      h('h2', { id: 'step-h', class: 'q-heading', tabindex: '-1' }, h('label', { for: 'q-input' }, pick(q, 'text'))),
      help ? h('p', { id: 'q-help', class: 'q-help' }, help) : null,
      h('p', { id: 'q-hint', class: 'hint' }, t('guide.range', q.min, q.max, unit), integer ? t('guide.range.integer') : ''),
      errorRegion,
      h('div', { class: 'number-row' },
        h('input', {
          type: 'number', id: 'q-input', name: 'answer', min: q.min, max: q.max, step: integer ? '1' : 'any',
          inputmode: integer ? 'numeric' : 'decimal', autocomplete: 'off', 'data-question': q.id,
          value: have === undefined || have === null ? '' : String(have), 'aria-describedby': describedBy || null,
        }),
        unit ? h('span', { class: 'unit' }, unit) : null));
  } else {
    const multi = q.type === 'multiple';
    const opts = q.type === 'yesno'
      ? [{ value: 'true', label: t('yes') }, { value: 'false', label: t('no') }]
      : q.options.map((o) => ({ value: o.value, label: pick(o, 'label') }));
    const isOn = (v) => {
      if (have === undefined || have === null) return false;
      if (multi) return Array.isArray(have) && have.includes(v);
      if (q.type === 'yesno') return String(have) === v;
      return have === v;
    };
    const min = q.min_choices ?? 1;
    const max = q.max_choices ?? (q.options ? q.options.length : 2);
    parts.push(h('fieldset', { class: 'q-fieldset', 'aria-describedby': describedBy || null, 'data-question': q.id },
      h('legend', { class: 'q-legend' }, h('h2', { id: 'step-h', class: 'q-heading', tabindex: '-1' }, pick(q, 'text'))),
      help ? h('p', { id: 'q-help', class: 'q-help' }, help) : null,
      multi ? h('p', { id: 'q-hint', class: 'hint' }, t('guide.multiple.hint', min, max, q.options.length)) : null,
      errorRegion,
      h('div', { class: `choices ${q.type === 'yesno' ? 'choices-yesno' : ''}` }, ...opts.map((o, i) => h('div', { class: 'choice' },
        h('input', { type: multi ? 'checkbox' : 'radio', id: `q-opt-${i}`, name: 'answer', value: o.value, checked: isOn(o.value) }),
        h('label', { for: `q-opt-${i}` }, o.label))))));
  }
  const i = last.path.indexOf(q.id);
  const first = i === 0 || (i < 0 && last.path.length === 0);
  const next = h('button', { type: 'submit', class: 'primary', id: 'next' }, t('guide.next'));
  const back = first ? null : h('button', { type: 'button', id: 'back', onclick: () => goBack(q.id) }, t('guide.back'));
  const form = h('form', { class: 'question', id: 'q-form', novalidate: true, 'data-question': q.id, 'data-type': q.type },
    ...parts.filter(Boolean), buttons(next, back));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    answer(form, q);
  });
  // Any change clears the marks of the last error.
  form.addEventListener('change', () => { if (lastError) clearQuestionError(form); });
  stepBox.replaceChildren(form);
  setProgress(q.id);
}

function clearQuestionError(form) {
  lastError = null;
  const box = form.querySelector('#q-error');
  if (box) box.replaceChildren();
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('input[name="answer"], fieldset')) {
    const d = (el.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== 'q-error');
    if (d.length) el.setAttribute('aria-describedby', d.join(' ')); else el.removeAttribute('aria-describedby');
  }
}

// An error next to the question: the page's own check, or the server's
// (400 invalid_value, 422 contradictory_answers...).  The focus goes to
// the answer to change: this question's control, or a button that opens
// the question the server names.
function showQuestionError(form, q, err, { focus = true } = {}) {
  clearQuestionError(form);
  lastError = { view: q.id, err };
  const box = form.querySelector('#q-error');
  const lines = [];
  let field = q.id;
  if (err.local) {
    lines.push(h('p', {}, h('strong', {}, t('err.title') + colon()), t(`err.${err.local}`, err.arg)));
  } else if (err instanceof ApiError && err.code === 'contradictory_answers') {
    const zh = err.data && err.data.message_zh;
    const reason = lang() === 'zh' && zh ? h('span', { class: 'reason' }, zh) : h('span', { class: 'reason', lang: 'en' }, err.message);
    lines.push(h('p', {}, h('strong', {}, t('err.title') + colon()), t('err.contradictory_answers'), colon(), reason));
  } else {
    const known = err instanceof ApiError && t(`err.${err.code}`) !== `err.${err.code}`;
    lines.push(h('p', {}, h('strong', {}, t('err.title') + colon()), known ? t(`err.${err.code}`) : (err.message || String(err))));
    if (known && err.message) lines.push(h('p', { class: 'err-detail' }, `${t('err.detail')}: `, h('span', { lang: 'en' }, err.message)));
  }
  if (err instanceof ApiError && err.field && err.field.startsWith('answers.')) field = err.field.slice('answers.'.length);
  let target = null;
  if (field !== q.id && questions.has(field) && last && last.path.includes(field)) {
    target = h('button', { type: 'button', class: 'linklike', id: 'q-error-change', onclick: () => go(field) },
      t('guide.conflict.change', questionText(field)));
    lines.push(h('p', {}, target));
  }
  box.replaceChildren(...lines);
  // Mark this question's controls when they are the ones at fault.
  if (field === q.id) {
    const controls = [...form.querySelectorAll('input[name="answer"]')];
    const holder = q.type === 'number' ? controls[0] : form.querySelector('fieldset');
    holder.setAttribute('aria-invalid', 'true');
    holder.setAttribute('aria-describedby', [holder.getAttribute('aria-describedby'), 'q-error'].filter(Boolean).join(' '));
    if (q.type === 'number') controls[0].setAttribute('aria-invalid', 'true');
    target = controls.find((c) => c.checked) || controls[0];
  }
  if (focus && target) target.focus();
}

async function answer(form, q) {
  if (busy) return;
  const a = readAnswer(form, q);
  if (a.error) {
    showQuestionError(form, q, { local: a.error, arg: a.arg });
    return;
  }
  const answers = { ...state.answers, [q.id]: a.value };
  const next = form.querySelector('#next');
  busy = true;
  next.disabled = true;
  next.textContent = t('guide.busy');
  form.setAttribute('aria-busy', 'true');
  let r;
  try {
    r = await evaluate(answers);
  } catch (e) {
    busy = false;
    next.disabled = false;
    next.textContent = t('guide.next');
    form.removeAttribute('aria-busy');
    showQuestionError(form, q, e);
    return;
  }
  busy = false;
  state.answers = answers;
  last = r;
  // On along the path: the next question already answered (after Back),
  // or the first one not answered, or the summary.  After "change" from
  // the summary, straight back to it when nothing new is asked.
  const i = r.path.indexOf(q.id);
  let to;
  if (r.complete && state.ret) to = 'summary';
  else if (i >= 0 && i + 1 < r.path.length) to = r.path[i + 1];
  else to = r.next ? r.next.id : 'summary';
  go(to);
}

// Back: the previous question on the path.  The answer on screen is not
// kept (it was not sent); later answers are.
function goBack(qid) {
  const i = last.path.indexOf(qid);
  const prev = i > 0 ? last.path[i - 1] : i < 0 ? last.path[last.path.length - 1] : null;
  if (prev) go(prev);
}

// ---- progress -------------------------------------------------------------

function setProgress(view) {
  const { answered, remaining } = last.progress;
  const total = Math.max(1, answered + remaining);
  progressEl.max = total;
  if (questions.has(view)) {
    const i = last.path.indexOf(view);
    const pos = i >= 0 ? i : answered;
    progressEl.value = pos;
    progressText.textContent = t('guide.progress.q', pos + 1, total);
  } else {
    progressEl.max = Math.max(1, answered);
    progressEl.value = Math.max(1, answered);
    progressText.textContent = t('guide.progress.done', answered);
  }
}

// ---- summary --------------------------------------------------------------

function renderSummary() {
  const rows = last.summary.map((s) => h('div', { class: 'summary-row', 'data-question': s.question },
    h('dt', {}, pick(s, 'text')),
    h('dd', { class: 'summary-answer' }, pick(s, 'answer')),
    h('dd', { class: 'summary-change' }, h('button', {
      type: 'button', class: 'linklike', onclick: () => { state.ret = true; go(s.question); },
    }, t('guide.change'), h('span', { class: 'visually-hidden' }, t('guide.change.label', pick(s, 'text')))))));
  const lastQ = last.path[last.path.length - 1];
  stepBox.replaceChildren(h('section', { class: 'summary', 'aria-labelledby': 'step-h' },
    h('h2', { id: 'step-h', tabindex: '-1' }, t('guide.summary.h')),
    h('p', {}, t('guide.summary.intro')),
    h('dl', { class: 'summary-list', id: 'summary-list' }, ...rows),
    last.skipped.length ? h('p', { class: 'note skipped-note' }, t('guide.skipped', last.skipped.length)) : null,
    buttons(
      h('button', { type: 'button', class: 'primary', id: 'show-guide', onclick: () => go('result') }, t('guide.show')),
      lastQ ? h('button', { type: 'button', id: 'back', onclick: () => go(lastQ) }, t('guide.back')) : null)));
  setProgress('summary');
}

// ---- the guide ------------------------------------------------------------

function matterNames(codes, byCode) {
  return codes.map((c) => (byCode.get(c) ? pick(byCode.get(c), 'name') : c)).join(lang() === 'en' ? '; ' : '；');
}

function statusTag(m) {
  const key = `guide.mat.${m.status}`;
  return h('span', { class: `mstatus mstatus-${m.status === 'pending' ? 'outstanding' : m.status}` }, t(key) === key ? m.status : t(key));
}

function wayTag(m) {
  const key = m.way === 'in-guide' ? 'guide.way.in-guide' : `mat.way.${m.way}`;
  const cls = m.way === 'upload' ? 'provide' : m.way === 'in-guide' ? 'shared' : m.way;
  return h('span', { class: `how how-${cls}` }, t(key) === key ? m.way : t(key));
}

function mattersSection(g) {
  return h('section', { class: 'guide-part', 'aria-labelledby': 'gm-h' },
    h('h3', { id: 'gm-h' }, t('guide.matters.h', g.matters.length)),
    h('ol', { class: 'guide-matters', id: 'guide-matters' }, ...g.matters.map((m) => h('li', { class: 'guide-matter', 'data-code': m.code },
      h('h4', {}, h('a', { class: 'matter-name', href: `matter.html?code=${encodeURIComponent(m.code)}` }, pick(m, 'name')),
        ' ', h('span', { class: 'code' }, m.code)),
      h('dl', { class: 'facts matter-facts' },
        fact(t('guide.why'), h('span', { class: 'why' }, pick(m, 'why'))),
        fact(t('guide.department'), h('span', { class: 'department' }, pick(m.department, 'name'))),
        fact(t('guide.promised'), h('span', { class: 'promised' }, t('workdays', m.promised_days))),
        fact(t('guide.fee'), feeText(m.fee_fen)),
        fact(t('guide.online'), yesNo(m.online)))))));
}

function materialsSection(g, byCode) {
  const body = g.materials.length
    ? h('ul', { class: 'materials', id: 'guide-materials' }, ...g.materials.map((m) => h('li', {
      class: `material material-${m.status === 'pending' ? 'outstanding' : m.status}`, 'data-kind': m.kind, 'data-status': m.status,
    },
    h('p', { class: 'material-head' }, h('strong', { class: 'material-name' }, pick(m, 'name')), ' ', statusTag(m), ' ', wayTag(m),
      m.key ? h('span', { class: 'tag tag-muted' }, t('mat.key.short')) : null),
    h('p', { class: 'material-reason' }, h('span', { class: 'label' }, t('mat.reason') + colon()), h('span', { class: 'reason' }, pick(m, 'reason'))),
    h('p', { class: 'material-for' }, h('span', { class: 'label' }, t('guide.materials.for') + colon()), h('span', { class: 'for' }, matterNames(m.matters, byCode))),
    pick(m, 'note') ? h('p', { class: 'material-note' }, h('span', { class: 'label' }, t('guide.materials.note') + colon()), pick(m, 'note')) : null)))
    : h('p', { class: 'note' }, t('guide.materials.none'));
  return h('section', { class: 'guide-part', 'aria-labelledby': 'gmat-h' }, h('h3', { id: 'gmat-h' }, t('guide.materials.h', g.materials.length)), body);
}

function precautionsSection(g) {
  return h('section', { class: 'guide-part', 'aria-labelledby': 'gp-h' }, h('h3', { id: 'gp-h' }, t('guide.precautions.h')),
    g.precautions.length
      ? h('ul', { class: 'precautions', id: 'guide-precautions' }, ...g.precautions.map((p) => h('li', {}, pick(p, 'text'))))
      : h('p', { class: 'note' }, t('guide.precautions.none')));
}

function formValue(v) {
  if (v === null || v === undefined || v === '') {
    return h('span', { class: 'blank' }, h('span', { class: 'visually-hidden' }, t('guide.forms.blank')));
  }
  const text = Array.isArray(v) ? v.join('、') : String(v);
  // The values are the forms' own: Chinese, as the server fills them.
  return h('span', { class: 'value', lang: 'zh-CN' }, text);
}

function formsSection(g, byCode) {
  const forms = g.forms.filter((f) => f.fields && f.fields.length);
  return h('section', { class: 'guide-part', 'aria-labelledby': 'gf-h' }, h('h3', { id: 'gf-h' }, t('guide.forms.h')),
    forms.length ? h('p', { class: 'hint' }, t('guide.forms.intro')) : h('p', { class: 'note' }, t('guide.forms.none')),
    ...forms.map((f) => {
      const m = byCode.get(f.matter);
      return h('div', { class: 'guide-form', 'data-matter': f.matter },
        h('h4', {}, t('guide.forms.caption', m ? pick(m, 'name') : f.matter)),
        h('dl', { class: 'facts form-fields' }, ...f.fields.map((x) => h('div', {
          class: 'fact', 'data-key': x.key, 'data-empty': x.value === null || x.value === '' ? 'true' : null,
        }, h('dt', {}, pick(x, 'label')), h('dd', {}, formValue(x.value))))));
    }));
}

function renderResult() {
  const g = last.guide;
  const me = currentAccount();
  const byCode = new Map(g.matters.map((m) => [m.code, m]));
  const pdfBox = h('div', { class: 'pdf-box', id: 'pdf-box' });
  const applyBox = h('div', { class: 'apply-box', id: 'apply-box' });
  stepBox.replaceChildren(h('article', { class: 'guide-result', 'aria-labelledby': 'step-h', 'data-digest': g.digest },
    h('h2', { id: 'step-h', tabindex: '-1' }, t('guide.result.h')),
    h('p', { class: 'lead' }, t('guide.result.intro', g.matters.length)),
    h('p', { class: 'note' }, me && me.kind !== 'staff' ? t('guide.result.signed', me.name) : t('guide.result.anon')),
    mattersSection(g),
    materialsSection(g, byCode),
    precautionsSection(g),
    formsSection(g, byCode),
    h('section', { class: 'guide-part guide-actions', 'aria-labelledby': 'ga-h' },
      h('h3', { id: 'ga-h' }, t('guide.actions.h')),
      h('div', { id: 'action-error', class: 'error', role: 'alert' }),
      h('p', { id: 'action-status', class: 'status live', role: 'status', 'aria-live': 'polite' }),
      pdfBox,
      applyBox),
    buttons(
      h('button', { type: 'button', id: 'edit-answers', onclick: () => go('summary') }, t('guide.edit')))));
  renderPdf(pdfBox);
  renderApply(applyBox, g);
  setProgress('result');
}

// ---- the PDF --------------------------------------------------------------

function renderPdf(box) {
  const button = h('button', { type: 'button', class: 'primary', id: 'pdf-button', onclick: () => makePdf(button) }, t('guide.pdf'));
  const link = pdf && pdf.digest === last.digest
    ? h('a', { href: pdf.url, download: pdf.name, id: 'pdf-link', class: 'button' }, t('guide.pdf.save', pdf.name, Math.max(1, Math.round(pdf.size / 1024))))
    : null;
  box.replaceChildren(h('p', { class: 'action-row' }, button, link));
}

function fileName(res) {
  const cd = res.headers.get('content-disposition') || '';
  const m = /filename="?([^";]+)"?/i.exec(cd);
  return m && /^[\w.-]+\.pdf$/.test(m[1]) ? m[1] : `guide-${sid}.pdf`;
}

async function fetchPdf(retried = false) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/pdf, application/json' };
  const tok = csrfToken();
  if (tok) headers['X-CSRF-Token'] = tok;
  let res;
  try {
    res = await fetch(`/api/v1${scenarioPath()}/guide.pdf`, {
      method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify({ answers: state.answers }),
    });
  } catch (e) {
    throw new ApiError(0, 'network', String(e && e.message ? e.message : e), null);
  }
  if (!res.ok) {
    let data = null;
    try { data = await res.json(); } catch { /* not JSON */ }
    const err = data && data.error ? data.error : {};
    // Another tab signed in: GET /me hands the token over, once.
    if (err.code === 'csrf' && !retried) {
      await loadAccount();
      return fetchPdf(true);
    }
    throw new ApiError(res.status, err.code || (res.status >= 500 ? 'server' : `http_${res.status}`),
      err.message || res.statusText, err.field || null, data && data.error ? data.error : null);
  }
  const blob = await res.blob();
  return { blob, name: fileName(res) };
}

async function makePdf(button) {
  const errBox = document.getElementById('action-error');
  const st = document.getElementById('action-status');
  clearError(errBox);
  st.textContent = '';
  button.disabled = true;
  button.textContent = t('guide.pdf.busy');
  try {
    const { blob, name } = await fetchPdf();
    if (pdf) URL.revokeObjectURL(pdf.url);
    pdf = { url: URL.createObjectURL(blob), name, size: blob.size, digest: last.digest };
    renderPdf(document.getElementById('pdf-box'));
    st.textContent = t('guide.pdf.ready');
    document.getElementById('pdf-link').focus();
  } catch (e) {
    showError(errBox, e);
    button.disabled = false;
    button.textContent = t('guide.pdf');
  }
}

// ---- draft applications, submitted together -------------------------------

function bundleId(b) { return b.id ?? b.bundle; }

function renderApply(box, g) {
  const me = currentAccount();
  const parts = [h('h4', {}, t('guide.apply.h'))];
  if (!me) {
    parts.push(h('p', {}, t('guide.apply.signin')),
      h('p', {}, h('a', { href: `signin.html?next=${encodeURIComponent(`guide.html?s=${sid}`)}`, id: 'signin-link', class: 'button' }, t('guide.apply.signin.link'))));
  } else if (me.kind === 'staff') {
    parts.push(h('p', { class: 'note' }, t('guide.apply.staff')));
  } else if (me.kind !== scenario.audience) {
    parts.push(h('p', { class: 'note' }, t(`guide.apply.wrong.${scenario.audience}`)));
  } else if (bundle && bundle.digest === last.digest) {
    parts.push(bundleBlock(bundle));
  } else {
    if (state.bundle && state.bundle.digest !== last.digest) {
      parts.push(h('p', { class: 'note' }, t('guide.bundle.stale'), ' ', h('a', { href: 'mycases.html' }, t('nav.mycases'))));
    }
    const button = h('button', { type: 'button', class: 'primary', id: 'create-drafts', onclick: () => createDrafts(button) }, t('guide.apply.create'));
    parts.push(h('p', {}, t('guide.apply.intro', g.matters.length)), h('p', { class: 'action-row' }, button));
  }
  box.replaceChildren(...parts);
}

function bundleBlock(b) {
  const cases = b.cases || [];
  const drafts = cases.filter((c) => c.state === 'draft');
  const table = h('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-labelledby': 'bundle-caption' },
    h('table', { class: 'bundle-table', id: 'bundle-table', 'data-bundle': String(bundleId(b)) },
      h('caption', { id: 'bundle-caption' }, t('guide.bundle.caption', cases.length)),
      h('thead', {}, h('tr', {}, ...['case.number', 'case.matter', 'case.state'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, ...cases.map((c) => h('tr', { 'data-id': String(c.id), 'data-matter': c.matter, 'data-state': c.state },
        h('td', {}, h('a', { class: 'code', href: `mycases.html#case-${c.id}` }, c.number)),
        h('th', { scope: 'row' }, pick(c, 'name')),
        h('td', {}, h('span', { class: `state state-${c.state === 'draft' ? 'muted' : 'info'}`, 'data-state': c.state }, t(`state.${c.state}`))))))));
  const out = [h('h4', { id: 'bundle-h', tabindex: '-1' }, t('guide.bundle.h')), table];
  if (drafts.length) {
    const commit = h('input', { type: 'checkbox', id: 'commit', name: 'commit', value: 'true' });
    const submit = h('button', { type: 'submit', class: 'primary', id: 'submit-all' }, t('guide.submit'));
    const form = h('form', { class: 'submit-form', id: 'submit-form', novalidate: true },
      h('div', { class: 'field check' }, commit, h('label', { for: 'commit' }, t('guide.commit'))),
      h('p', { class: 'action-row' }, submit));
    form.addEventListener('submit', (ev) => { ev.preventDefault(); submitAll(b, commit.checked, submit); });
    out.push(form);
  } else {
    out.push(h('p', {}, h('a', { href: 'mycases.html', id: 'mycases-link', class: 'button' }, t('guide.mycases'))));
  }
  return h('div', { class: 'bundle', id: 'bundle' }, ...out);
}

async function createDrafts(button) {
  const errBox = document.getElementById('action-error');
  const st = document.getElementById('action-status');
  clearError(errBox);
  st.textContent = '';
  button.disabled = true;
  button.textContent = t('guide.apply.busy');
  try {
    const r = await api(`${scenarioPath()}/applications`, { method: 'POST', body: { answers: state.answers } });
    bundle = { id: r.bundle, digest: r.digest, cases: r.cases };
    state.bundle = { id: r.bundle, digest: r.digest };
    save();
    bundleNote = ['guide.bundle.created', r.cases.length];
    renderApply(document.getElementById('apply-box'), last.guide);
    st.textContent = t(...bundleNote);
    document.getElementById('bundle-h').focus();
  } catch (e) {
    showError(errBox, e);
    button.disabled = false;
    button.textContent = t('guide.apply.create');
  }
}

async function submitAll(b, commit, button) {
  const errBox = document.getElementById('action-error');
  const st = document.getElementById('action-status');
  clearError(errBox);
  st.textContent = '';
  button.disabled = true;
  button.textContent = t('guide.submit.busy');
  try {
    const r = await api(`/guidance/bundles/${encodeURIComponent(bundleId(b))}/submit`, { method: 'POST', body: commit ? { commit: true } : {} });
    bundle = { ...r, digest: r.digest || b.digest };
    bundleNote = ['guide.submitted', r.cases.filter((c) => c.state !== 'draft').length];
    renderApply(document.getElementById('apply-box'), last.guide);
    st.textContent = t(...bundleNote);
    document.getElementById('bundle-h').focus();
  } catch (e) {
    // 422 commitment_needed names the field "commit": the box is marked
    // and focused.
    showError(errBox, e, button.form);
    button.disabled = false;
    button.textContent = t('guide.submit');
  }
}

// The bundle made from these answers before a reload.
async function loadBundle() {
  if (!state.bundle || state.bundle.digest !== last.digest || bundle) return;
  const me = currentAccount();
  if (!me || me.kind !== scenario.audience) return;
  try {
    const r = await api(`/guidance/bundles/${encodeURIComponent(state.bundle.id)}`);
    bundle = r;
  } catch (e) {
    // Gone, or someone else's: forget it.  Anything else is shown, and
    // the guide itself is still there.
    if (e instanceof ApiError && (e.status === 404 || e.status === 401 || e.status === 403)) {
      state.bundle = null;
      save();
    } else {
      showError(errorBox, e);
    }
  }
}

// ---- the wizard -----------------------------------------------------------

function render() {
  if (!scenario || !last) return;
  document.title = `${pick(scenario, 'title')} · ${t('title.guide')}`;
  titleEl.textContent = pick(scenario, 'title');
  summaryEl.textContent = pick(scenario, 'summary');
  const view = currentView();
  if (view === 'result') {
    renderResult();
    if (bundleNote && bundle) document.getElementById('action-status').textContent = t(...bundleNote);
  } else if (view === 'summary') {
    renderSummary();
  } else {
    renderQuestion(questions.get(view));
    if (lastError && lastError.view === view) showQuestionError(document.getElementById('q-form'), questions.get(view), lastError.err, { focus: false });
  }
}

async function start() {
  restore();
  try {
    last = await evaluate(state.answers);
  } catch (e) {
    // Answers this scenario no longer takes (it changed meanwhile): start afresh.
    if (!(e instanceof ApiError && (e.status === 400 || e.status === 422))) throw e;
    state = { answers: {}, at: null, ret: false, bundle: null };
    save();
    last = await evaluate(state.answers);
  }
  await loadBundle();
}

async function loadWizard() {
  crumbs.hidden = false;
  status.textContent = t('loading');
  try {
    scenario = await api(scenarioPath());
    for (const q of scenario.questions) questions.set(q.id, q);
    await start();
    status.textContent = '';
    wizard.hidden = false;
    render();
  } catch (e) {
    status.textContent = '';
    showError(errorBox, e);
  }
}

restartButton.addEventListener('click', async () => {
  if (busy) return;
  clearError(errorBox);
  state = { answers: {}, at: null, ret: false, bundle: null };
  bundle = null;
  bundleNote = null;
  try {
    last = await evaluate(state.answers);
  } catch (e) {
    showError(errorBox, e);
    return;
  }
  go(null);
  status.textContent = t('guide.restarted');
});

onLanguageChange(() => {
  if (!sid) { renderList(); return; }
  const form = document.getElementById('q-form');
  if (form) {
    const q = questions.get(form.dataset.question);
    draft = { q: q.id, value: rawValue(form, q) };
  }
  render();
});

initPage('guide').then(() => (sid ? loadWizard() : loadList()));
