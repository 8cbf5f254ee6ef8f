// matter.js - the guide of one matter: matter.html?code=C-CA-001
import { api, h, t, pick, lang, initPage, onLanguageChange, showError, yesNo, feeText, ApiError } from './app.js';

const guide = document.getElementById('guide');
const errorBox = document.getElementById('matter-error');
const status = document.getElementById('matter-status');
const back = document.getElementById('back');

let matter = null;

initPage('matter');

// Back to the search the visitor came from, with its query.
try {
  const lastSearch = sessionStorage.getItem('tongban.lastSearch');
  if (lastSearch && /^index\.html(\?|$)/.test(lastSearch)) back.href = lastSearch;
} catch { /* storage blocked */ }

function other(obj, base) {
  // The name in the other language, marked with its language.
  const l = lang() === 'en' ? 'zh' : 'en';
  const v = obj[`${base}_${l}`];
  return v ? h('span', { lang: l === 'zh' ? 'zh-CN' : 'en' }, v) : null;
}

function fact(labelKey, ...value) {
  return h('div', { class: 'fact' }, h('dt', {}, t(labelKey)), h('dd', {}, ...value));
}

function flag(v) {
  return h('span', { class: v ? 'flag flag-yes' : 'flag flag-no' }, yesNo(v));
}

function section(id, titleKey, ...body) {
  return h('section', { class: 'guide-section', 'aria-labelledby': id },
    h('h2', { id }, t(titleKey)), ...body);
}

function howSatisfied(m) {
  switch (m.satisfied) {
    case 'provide': return h('span', { class: 'how how-provide' }, t('mat.provide'));
    case 'licence': return h('span', { class: 'how how-licence' }, t('mat.licence'));
    case 'shared': return h('span', { class: 'how how-shared' },
      t('mat.shared', m.shared_by ? pick(m.shared_by, 'name') : '—'));
    case 'commitment': return h('span', { class: 'how how-commitment' }, t('mat.commitment'));
    default: return m.satisfied;
  }
}

function copies(m) {
  const parts = [];
  if (m.originals) parts.push(t('mat.originals', m.originals));
  if (m.copies) parts.push(t('mat.copies', m.copies));
  return parts.length ? parts.join(lang() === 'en' ? ', ' : '，') : t('mat.none');
}

function materialsTable(mats) {
  if (!mats.length) return h('p', { class: 'note' }, t('matter.materials.none'));
  const caption = h('caption', { id: 'materials-caption' }, t('matter.materials.caption', mats.length));
  const head = h('thead', {}, h('tr', {},
    ...['mat.no', 'mat.name', 'mat.how', 'mat.count', 'mat.key', 'mat.note'].map((k) => h('th', { scope: 'col' }, t(k)))));
  const body = h('tbody', {}, ...mats.map((m, i) => h('tr', { 'data-kind': m.kind },
    h('td', {}, String(i + 1)),
    h('th', { scope: 'row' }, pick(m, 'name'),
      m.e_licence && m.satisfied === 'provide' ? h('span', { class: 'hint' }, ` (${t('mat.elicence')})`) : null),
    h('td', {}, howSatisfied(m)),
    h('td', {}, copies(m)),
    h('td', {}, h('span', { class: m.key ? 'key key-yes' : 'key key-no' }, t(m.key ? 'mat.key.yes' : 'mat.key.no'))),
    h('td', {}, pick(m, 'note') || t('mat.none')))));
  // A wide table scrolls on a phone: the region must be focusable so a
  // keyboard can scroll it too.
  return h('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-labelledby': 'materials-caption' },
    h('table', { class: 'materials', id: 'materials' }, caption, head, body));
}

function render() {
  if (!matter) return;
  const m = matter;
  document.title = `${pick(m, 'name')} · ${t('title.matter')}`;
  const citywide = m.citywide
    ? t('matter.citywide.yes')
    : [t('matter.citywide.no'), pick(m, 'not_citywide_reason')
      ? h('span', { class: 'why' }, `${lang() === 'en' ? '. ' : '。'}${t('matter.citywide.why')}${lang() === 'en' ? ': ' : '：'}${pick(m, 'not_citywide_reason')}`)
      : null];
  const fee = [feeText(m.fee_fen), pick(m, 'fee_note') ? h('span', { class: 'hint' }, ` (${pick(m, 'fee_note')})`) : null];
  const basis = m.basis_zh
    ? section('h-basis', 'matter.basis', h('p', {}, h('span', { lang: 'zh-CN' }, m.basis_zh),
      lang() === 'en' ? h('span', { class: 'hint' }, ` ${t('matter.basis.zh-only')}`) : null))
    : null;
  guide.replaceChildren(...[
    h('p', { class: 'eyebrow' }, t('matter.guide')),
    h('h1', { id: 'matter-name' }, pick(m, 'name')),
    h('p', { class: 'subtitle' }, other(m, 'name'), ' · ', h('span', {}, `${t('matter.code')} `, h('span', { class: 'code' }, m.code))),
    m.zero_material ? h('p', { class: 'banner banner-good' }, t('matter.zero.note')) : null,
    section('h-summary', 'matter.summary', h('p', {}, pick(m, 'summary'))),
    section('h-facts', 'matter.facts', h('dl', { class: 'facts', id: 'facts' },
      fact('matter.department', pick(m.department, 'name')),
      fact('matter.applicant', t(`applicant.${m.applicant}`)),
      fact('matter.citywide', ...[citywide].flat()),
      fact('matter.mode', t(`mode.${m.mode}`)),
      fact('matter.online', flag(m.online)),
      fact('matter.one-visit', flag(m.one_visit)),
      fact('matter.legal', t('workdays', m.legal_days)),
      fact('matter.promised', t('workdays', m.promised_days)),
      fact('matter.fee', ...fee),
      fact('matter.terminal', flag(m.terminal)),
      fact('matter.mobile', flag(m.mobile)),
      fact('matter.zero', flag(m.zero_material)))),
    section('h-conditions', 'matter.conditions', h('p', {}, pick(m, 'conditions'))),
    section('h-materials', 'matter.materials', materialsTable(m.materials || [])),
    section('h-result', 'matter.result', h('p', {}, pick(m, 'result'))),
    basis,
    h('p', { class: 'actions' }, h('a', { class: 'button', href: 'centers.html' }, t('matter.find-center'))),
  ].filter(Boolean));
  guide.hidden = false;
}

async function load() {
  status.textContent = t('loading');
  const code = new URLSearchParams(location.search).get('code');
  if (!code) {
    status.textContent = '';
    showError(errorBox, new ApiError(400, 'missing_code', t('matter.missing'), null));
    return;
  }
  try {
    matter = await api(`/matters/${encodeURIComponent(code)}`);
    status.textContent = '';
    status.hidden = true;
    render();
  } catch (e) {
    status.textContent = '';
    showError(errorBox, e);
  }
}

onLanguageChange(render);
load();
