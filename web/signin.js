// signin.js - sign in (ID number, credit code or staff user name, and a
// password), see who is signed in, sign out.
import { api, h, t, pick, initPage, onLanguageChange, showError, clearError,
  signIn, signOut, currentAccount, ApiError } from './app.js';

const form = document.getElementById('signin-form');
const errorBox = document.getElementById('signin-error');
const status = document.getElementById('signin-status');
const signedIn = document.getElementById('signed-in');
const whoH2 = document.getElementById('who-h2');
const who = document.getElementById('who');
const button = document.getElementById('signin-button');
const signoutButton = document.getElementById('signout');

let districts = new Map();

function fact(key, value) {
  return value === null || value === undefined || value === ''
    ? null
    : h('div', { class: 'fact' }, h('dt', {}, t(key)), h('dd', {}, value));
}

function districtName(code) {
  const d = districts.get(code);
  return d ? pick(d, 'name') : code;
}

function render() {
  const me = currentAccount();
  signedIn.hidden = !me;
  form.hidden = !!me;
  if (!me) return;
  whoH2.replaceChildren(t('signin.done', ''), h('span', { id: 'who-name', class: 'who-name' }, me.name));
  who.replaceChildren(...[
    fact('me.login', h('span', { class: 'code' }, me.login)),
    fact('me.kind', t(`kind.${me.kind}`)),
    fact('me.role', t(`role.${me.role}`)),
    fact('me.mobile', me.mobile),
    fact('me.registered', me.registered_district && districtName(me.registered_district)),
    fact('me.living', me.living_district && districtName(me.living_district)),
    fact('me.center', me.scope_center),
    fact('me.district', me.scope_district && districtName(me.scope_district)),
    fact('me.department', me.scope_department),
    fact('me.agent', me.agent_of && me.agent_of.length
      ? me.agent_of.map((a) => (typeof a === 'string' ? a : a.name || a.credit_code || JSON.stringify(a))).join(', ')
      : null),
  ].filter(Boolean));
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearError(errorBox, form);
  status.textContent = '';
  const login = form.elements.namedItem('login').value.trim();
  const password = form.elements.namedItem('password').value;
  if (!login || !password) {
    showError(errorBox, new ApiError(400, 'missing_login', '', login ? 'password' : 'login'), form);
    return;
  }
  button.disabled = true;
  button.textContent = t('signin.busy');
  try {
    const totp = form.elements.namedItem('totp').value.trim();
    await signIn(login, password, totp || undefined);
    // Back to the page that sent the visitor here (signin.html?next=desk.html).
    const next = new URLSearchParams(location.search).get('next');
    if (next && /^[a-z]+\.html(\?[^#]*)?$/.test(next)) {
      location.assign(next);
      return;
    }
    form.reset();
    render();
    // The heading says who is signed in; moving the focus there announces it.
    whoH2.focus();
  } catch (e) {
    // A missing or spent code keeps the password: only the code is asked.
    if (!(e instanceof ApiError && (e.code === 'totp_required' || e.code === 'invalid_totp'))) {
      form.elements.namedItem('password').value = '';
    }
    form.elements.namedItem('totp').value = '';
    showError(errorBox, e, form);
  } finally {
    button.disabled = false;
    button.textContent = t('signin.button');
  }
});

signoutButton.addEventListener('click', async () => {
  clearError(errorBox);
  signoutButton.disabled = true;
  try {
    await signOut();
    render();
    status.textContent = t('signin.signedout');
    form.elements.namedItem('login').focus();
  } catch (e) {
    showError(errorBox, e);
  } finally {
    signoutButton.disabled = false;
  }
});

onLanguageChange(render);

api('/districts').then((r) => { districts = new Map(r.items.map((d) => [d.code, d])); render(); }, () => {});
initPage('signin').then(render);
