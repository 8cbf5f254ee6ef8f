// verify.js - the public verification of an electronic licence:
// verify.html?code=CODE (also /verify?code=CODE, the address in the QR
// codes) says whether a licence has this code (genuine), whether it is
// valid, expired or revoked, with its kind, number, masked holder,
// department and dates, and shows its QR code.
import { api, h, t, pick, initPage, onLanguageChange, showError, clearError, formatDay, formatShanghai, ApiError } from './app.js';
import { fact } from './casekit.js';

const CODE = /^[0-9A-HJKMNP-TV-Z]{20}$/;
const form = document.getElementById('verify-form');
const errorBox = document.getElementById('verify-error');
const live = document.getElementById('verify-status');
const result = document.getElementById('result');

let shown = null;	// { code, licence } or { code, fake: true }

function render() {
  if (!shown) { result.hidden = true; return; }
  result.hidden = false;
  if (shown.fake) {
    result.className = 'verify-result bad';
    result.replaceChildren(h('h2', { id: 'result-h2' }, t('verify.fake')));
    live.textContent = t('verify.fake');
    return;
  }
  const l = shown.licence;
  const tone = l.status === 'valid' ? 'ok' : l.status === 'expired' ? 'warn' : 'bad';
  const heading = t('verify.genuine.h', t(`lic.status.${l.status}`));
  result.className = `verify-result ${tone}`;
  result.dataset.status = l.status;
  result.replaceChildren(
    h('h2', { id: 'result-h2' }, heading),
    h('div', { class: 'licence' },
      h('img', { class: 'qr', src: `/api/v1/licences/verify/${encodeURIComponent(shown.code)}/qr.svg`, alt: t('lic.qr', l.number), width: '120', height: '120' }),
      h('dl', { class: 'facts' },
        fact(t('lic.status'), h('span', { class: `lstatus lstatus-${l.status}`, id: 'licence-status' }, t(`lic.status.${l.status}`))),
        fact(t('lic.kind'), pick(l, 'kind')),
        fact(t('lic.number'), h('span', { class: 'code' }, l.number)),
        fact(t('lic.holder'), h('span', { id: 'licence-holder' }, l.holder)),
        fact(t('lic.department'), pick(l.department, 'name')),
        fact(t('lic.issued_on'), formatDay(l.issued_on)),
        fact(t('lic.valid_until'), l.valid_until ? formatDay(l.valid_until) : t('lic.forever')),
        l.revoked_at ? fact(t('verify.revoked_at'), formatShanghai(l.revoked_at)) : null)),
    h('p', { class: 'note' }, t('verify.genuine')));
  live.textContent = heading;
}

async function verify(code) {
  clearError(errorBox, form);
  shown = null;
  render();
  if (!CODE.test(code)) {
    showError(errorBox, new ApiError(400, 'bad_code', '', 'code'), form);
    return;
  }
  try {
    const licence = await api(`/licences/verify/${encodeURIComponent(code)}`);
    shown = { code, licence };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) shown = { code, fake: true };
    else { showError(errorBox, e, form); return; }
  }
  render();
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const input = form.elements.namedItem('code');
  const code = input.value.trim().toUpperCase();
  input.value = code;
  history.replaceState(null, '', `verify.html?code=${encodeURIComponent(code)}`);
  verify(code);
});

onLanguageChange(render);

initPage('verify');
const first = new URLSearchParams(location.search).get('code');
if (first) {
  form.elements.namedItem('code').value = first.trim().toUpperCase();
  verify(first.trim().toUpperCase());
}
