// home.js - the portal home: search the catalog of matters.
import { api, h, t, pick, initPage, onLanguageChange, showError, clearError } from './app.js';

const LIMIT = 20;
const FILTERS = ['q', 'department', 'applicant', 'citywide', 'online', 'zero_material'];

const form = document.getElementById('search-form');
const errorBox = document.getElementById('search-error');
const countEl = document.getElementById('result-count');
const list = document.getElementById('results');
const pager = document.getElementById('pager');
const prev = document.getElementById('prev');
const next = document.getElementById('next');

let departments = new Map();	// code -> {name_zh, name_en}
let last = null;		// the last answer, to re-render on a language switch
let offset = 0;
let seq = 0;			// answers to older searches are dropped

initPage('home');

function formQuery() {
  const q = {};
  for (const name of FILTERS) {
    const el = form.elements.namedItem(name);
    if (el.type === 'checkbox') { if (el.checked) q[name] = 'true'; }
    else if (el.value.trim() !== '') q[name] = el.value.trim();
  }
  return q;
}

function fillForm(params) {
  for (const name of FILTERS) {
    const el = form.elements.namedItem(name);
    const v = params.get(name) ?? '';
    if (el.type === 'checkbox') el.checked = v === 'true';
    else el.value = v;
  }
  const o = Number(params.get('offset'));
  offset = Number.isInteger(o) && o > 0 ? o : 0;
}

function urlFor(q, off) {
  const p = new URLSearchParams(q);
  if (off) p.set('offset', String(off));
  const str = p.toString();
  return str ? `index.html?${str}` : 'index.html';
}

async function search({ push = false } = {}) {
  const q = formQuery();
  const mine = ++seq;
  clearError(errorBox, form);
  list.setAttribute('aria-busy', 'true');
  if (push) history.pushState(null, '', urlFor(q, offset));
  else history.replaceState(null, '', urlFor(q, offset));
  try { sessionStorage.setItem('tongban.lastSearch', urlFor(q, offset)); } catch { /* storage blocked */ }
  try {
    const r = await api('/matters', { query: { ...q, limit: LIMIT, offset } });
    if (mine !== seq) return;
    last = r;
    render();
  } catch (e) {
    if (mine !== seq) return;
    last = null;
    list.replaceChildren();
    countEl.textContent = '';
    pager.hidden = true;
    showError(errorBox, e, form);
  } finally {
    if (mine === seq) list.removeAttribute('aria-busy');
  }
}

function tag(cls, text) { return h('li', { class: `tag ${cls}` }, text); }

function render() {
  if (!last) return;
  const { items, total } = last;
  const from = items.length ? last.offset + 1 : 0;
  const to = last.offset + items.length;
  countEl.textContent = t('results.count', total, from, to);
  list.replaceChildren(...items.map((m) => {
    const dep = departments.get(m.department);
    const tags = [
      m.citywide ? tag('tag-good', t('tag.citywide')) : tag('tag-muted', t('tag.not-citywide')),
      m.online ? tag('tag-good', t('tag.online')) : null,
      m.one_visit ? tag('tag-info', t('tag.one-visit')) : null,
      m.zero_material ? tag('tag-good', t('tag.zero')) : null,
      tag('tag-info', t('tag.promised', m.promised_days)),
    ];
    return h('li', { class: 'result' },
      h('a', { class: 'result-link', href: `matter.html?code=${encodeURIComponent(m.code)}` }, pick(m, 'name')),
      h('p', { class: 'result-meta' },
        h('span', { class: 'code' }, m.code), ' · ',
        dep ? pick(dep, 'name') : m.department, ' · ',
        t(`applicant.${m.applicant}`)),
      h('ul', { class: 'tags' }, ...tags));
  }));
  pager.hidden = total <= LIMIT;
  prev.disabled = last.offset === 0;
  next.disabled = to >= total;
}

async function loadDepartments() {
  try {
    const r = await api('/departments');
    departments = new Map(r.items.map((d) => [d.code, d]));
    renderDepartments();
    if (last) render();
  } catch (e) {
    showError(errorBox, e);
  }
}

function renderDepartments() {
  const sel = form.elements.namedItem('department');
  const keep = sel.value;
  const any = sel.options[0];
  const opts = [...departments.values()]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((d) => h('option', { value: d.code }, `${pick(d, 'name')} (${d.matters})`));
  sel.replaceChildren(any, ...opts);
  sel.value = keep;
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  offset = 0;
  search({ push: true });
});
// Filters apply at once (the search box waits for Enter or the button).
for (const name of ['department', 'applicant', 'citywide', 'online', 'zero_material']) {
  form.elements.namedItem(name).addEventListener('change', () => { offset = 0; search(); });
}
prev.addEventListener('click', () => {
  offset = Math.max(0, offset - LIMIT);
  search({ push: true });
});
next.addEventListener('click', () => {
  offset += LIMIT;
  search({ push: true });
});
window.addEventListener('popstate', () => {
  fillForm(new URLSearchParams(location.search));
  search();
});
onLanguageChange(() => { renderDepartments(); render(); });

// The department in the URL needs its <option> before it can be selected.
loadDepartments().then(() => {
  fillForm(new URLSearchParams(location.search));
  search();
});
