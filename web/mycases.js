// mycases.js - "my cases" for a resident or an enterprise: every case with
// its state, deadline, full timeline, materials (and why each is or is
// not needed), an upload for each material still to be provided, the
// actions allowed to the applicant (submit, resubmit, withdraw, confirm
// receipt), the electronic licence with its verification link; and the
// notices inbox.  mycases.html#case-ID scrolls to one case.
import { api, h, t, pick, initPage, onLanguageChange, showError, clearError, formatShanghai } from './app.js';
import { loadCase, caseSections, stateBadge, gate } from './casekit.js';

const status = document.getElementById('my-status');
const errorBox = document.getElementById('my-error');
const gateBox = document.getElementById('gate');
const mine = document.getElementById('mine');
const unreadEl = document.getElementById('unread');
const noticeList = document.getElementById('notices');
const casesCount = document.getElementById('cases-count');
const casesBox = document.getElementById('cases');

let notices = null;
let cases = [];	// whole cases, newest first
let total = 0;

// ---- notices ----------------------------------------------------------

function renderNotices() {
  if (!notices) return;
  unreadEl.textContent = t('notices.unread', notices.unread);
  if (!notices.items.length) {
    noticeList.replaceChildren(h('li', { class: 'note' }, t('notices.none')));
    return;
  }
  noticeList.replaceChildren(...notices.items.map((n) => {
    const when = formatShanghai(n.created_at);
    return h('li', { class: n.read ? 'notice' : 'notice unread', 'data-kind': n.kind, 'data-id': String(n.id) },
      h('p', { class: 'notice-text' }, pick(n, 'text')),
      h('p', { class: 'notice-meta' },
        n.read ? null : h('span', { class: 'badge badge-new' }, t('notices.new')),
        h('time', { datetime: n.created_at }, when),
        n.case_id && cases.some((c) => c.id === n.case_id) ? h('a', { href: `#case-${n.case_id}` }, t('notices.case')) : null,
        n.read ? null : h('button', {
          type: 'button', class: 'mark-read', onclick: (ev) => markRead(n, ev.currentTarget),
        }, t('notices.read'), h('span', { class: 'visually-hidden' }, t('notices.read.label', when)))));
  }));
}

async function loadNotices() {
  notices = await api('/me/notices', { query: { limit: 50 } });
  renderNotices();
}

async function markRead(n, button) {
  clearError(errorBox);
  button.disabled = true;
  try {
    await api(`/me/notices/${n.id}/read`, { method: 'POST' });
    await loadNotices();
    unreadEl.focus();
  } catch (e) {
    showError(errorBox, e);
    button.disabled = false;
  }
}

// ---- cases ------------------------------------------------------------

function caseArticle(c) {
  const hid = `case-${c.id}-h`;
  const ctx = {
    errorBox, status,
    async reload({ keepError = false } = {}) {
      if (!keepError) clearError(errorBox);
      const fresh = await loadCase(c.id).catch((e) => { showError(errorBox, e); return null; });
      if (!fresh) return;
      cases = cases.map((x) => (x.id === c.id ? fresh : x));
      const old = document.getElementById(`case-${c.id}`);
      const now = caseArticle(fresh);
      old.replaceWith(now);
      now.querySelector('h2').focus();
      loadNotices().catch(() => {});
    },
  };
  const open = c.deadline.clock !== 'stopped';
  return h('article', { class: 'case-card', id: `case-${c.id}`, 'data-number': c.number, 'aria-labelledby': hid },
    h('h2', { id: hid, tabindex: '-1' }, pick(c.matter, 'name')),
    h('p', { class: 'case-sub' }, h('span', { class: 'code' }, c.number), stateBadge(c)),
    ...caseSections(c, {
      ctx,
      canUpload: (m) => open && m.way === 'upload' && (m.status === 'needed' || m.status === 'outstanding'),
    }));
}

function renderCases() {
  casesCount.textContent = total ? t('mycases.count', total) : t('mycases.none');
  casesBox.replaceChildren(...cases.map(caseArticle));
}

async function loadCases() {
  const list = await api('/me/cases', { query: { limit: 20 } });
  total = list.total;
  cases = await Promise.all(list.items.map((k) => loadCase(k.id)));
  renderCases();
}

onLanguageChange(() => { renderNotices(); renderCases(); });

initPage('mycases').then(async (me) => {
  if (!gate(gateBox, me, ['resident', 'enterprise'], 'mycases.html')) return;
  mine.hidden = false;
  casesBox.setAttribute('aria-busy', 'true');
  try {
    await Promise.all([loadNotices(), loadCases()]);
    renderNotices();	// links to the cases now listed
  } catch (e) {
    showError(errorBox, e);
  } finally {
    casesBox.removeAttribute('aria-busy');
  }
  if (location.hash) {
    const el = document.getElementById(location.hash.slice(1));
    if (el) el.scrollIntoView();
  }
});
