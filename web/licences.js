// licences.js - the signed-in resident's or enterprise's electronic
// licences (the licence library's and those issued by their cases), each
// with its verification link and QR code.
import { api, h, t, pick, initPage, onLanguageChange, showError, formatDay } from './app.js';
import { fact, gate, loadDepartments } from './casekit.js';

const errorBox = document.getElementById('lic-error');
const gateBox = document.getElementById('gate');
const countEl = document.getElementById('lic-count');
const list = document.getElementById('licences');

let found = null;
let departments = new Map();

function render() {
  if (!found) return;
  countEl.textContent = found.items.length ? '' : t('licences.none');
  list.replaceChildren(...found.items.map((l) => {
    const d = departments.get(l.department);
    const code = encodeURIComponent(l.verify_code);
    return h('li', { class: 'licence-card', 'data-number': l.number, 'data-status': l.status },
      h('h2', {}, pick(l, 'kind')),
      h('div', { class: 'licence' },
        h('img', { class: 'qr', src: `/api/v1/licences/verify/${code}/qr.svg`, alt: t('lic.qr', l.number), width: '120', height: '120' }),
        h('dl', { class: 'facts' },
          fact(t('lic.number'), h('span', { class: 'code' }, l.number)),
          fact(t('lic.holder'), l.holder_name),
          fact(t('lic.department'), d ? pick(d, 'name') : l.department),
          fact(t('lic.issued_on'), formatDay(l.issued_on)),
          fact(t('lic.valid_until'), l.valid_until ? formatDay(l.valid_until) : t('lic.forever')),
          fact(t('lic.status'), h('span', { class: `lstatus lstatus-${l.status}` }, t(`lic.status.${l.status}`))))),
      h('p', {}, h('a', { class: 'verify-link', href: `verify.html?code=${code}` }, t('lic.verify')),
        l.case_id ? [' · ', h('a', { href: `mycases.html#case-${l.case_id}` }, t('notices.case'))] : null));
  }));
}

onLanguageChange(render);

initPage('licences').then(async (me) => {
  if (!gate(gateBox, me, ['resident', 'enterprise'], 'licences.html')) return;
  try {
    [found, departments] = await Promise.all([api('/me/licences'), loadDepartments()]);
    render();
  } catch (e) {
    showError(errorBox, e);
  }
});
