// Accounts over real HTTP on both stores: real-name registration with
// the SMS code, sign-in and sign-out with cookie and bearer token, CSRF,
// lock-out, password reset, enterprises and their agents, who may read
// whose profile, and every class of bad request body.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, stores, demo, hukou, registry, DEMO_PASSWORD, tongban } from '../lib/server.js';
import { nextCode } from '../lib/totp.js';

const registered = new Set([...demo.residents.map((r) => r.id_number)]);
const strangers = hukou.filter((p) => !registered.has(p.id_number));
const password = 'a long enough passphrase';

for (const store of stores()) {
  describe(`accounts (${store})`, () => {
    let s;
    before(async () => { s = await startServer({ store }); });
    after(async () => { await s.stop(); });

    async function register(person, mobile, extra = {}) {
      return s.api('POST', '/api/v1/accounts', {
        body: { kind: 'person', id_number: person.id_number, name: person.name, mobile, password, ...extra },
      });
    }

    it('registers a resident by real name and confirms by SMS code', async () => {
      const p = strangers[0];
      const mobile = '13900000001';
      let r = await register(p, mobile);
      assert.equal(r.status, 202, r.text);
      assert.equal(r.json.status, 'pending');
      assert.equal(r.json.code_sent_to, '139****0001');
      const code = s.lastCode(mobile);
      assert.match(code, /^\d{6}$/);
      // Not usable before confirmation.
      r = await s.api('POST', '/api/v1/session', { body: { login: p.id_number, password } });
      assert.equal(r.status, 403);
      assert.equal(r.json.error.code, 'not_active');
      // A wrong code is refused and counted.
      const wrong = code === '000000' ? '111111' : '000000';
      r = await s.api('POST', '/api/v1/accounts/confirm', { body: { login: p.id_number, code: wrong } });
      assert.equal(r.status, 400);
      assert.equal(r.json.error.field, 'code');
      r = await s.api('POST', '/api/v1/accounts/confirm', { body: { login: p.id_number, code } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.status, 'active');
      // A code works once.
      r = await s.api('POST', '/api/v1/accounts/confirm', { body: { login: p.id_number, code } });
      assert.equal(r.status, 400);
      const me = await s.signIn(p.id_number, password);
      r = await s.api('GET', '/api/v1/me', { token: me.token });
      assert.equal(r.json.name, p.name);
      assert.equal(r.json.registered_district, p.registered_district);
      assert.equal(r.json.living_district, p.registered_district);
      assert.equal(r.json.mobile, '139****0001');
      // Registering again is a conflict.
      r = await register(p, mobile);
      assert.equal(r.status, 409);
    });

    it('keeps registered and living districts apart', async () => {
      const p = strangers[1];
      const living = p.registered_district === '310106' ? '310113' : '310106';
      let r = await register(p, '13900000002', { living_district: living });
      assert.equal(r.status, 202, r.text);
      r = await s.api('POST', '/api/v1/accounts/confirm', { body: { login: p.id_number, code: s.lastCode('13900000002') } });
      assert.equal(r.status, 200);
      const me = await s.signIn(p.id_number, password);
      r = await s.api('GET', '/api/v1/me', { token: me.token });
      assert.equal(r.json.registered_district, p.registered_district);
      assert.equal(r.json.living_district, living);
    });

    it('refuses a name that does not match household registration, creating nothing', async () => {
      const p = strangers[2];
      let r = await register({ ...p, name: p.name + '某' }, '13900000003');
      assert.equal(r.status, 422);
      assert.equal(r.json.error.code, 'identity_mismatch');
      assert.equal(s.lastCode('13900000003'), null, 'no SMS was sent');
      // Nothing was written: the right name still registers.
      r = await register(p, '13900000003');
      assert.equal(r.status, 202);
      // An ID number that is valid but not in the register.
      r = await s.api('POST', '/api/v1/accounts', { body: { kind: 'person', id_number: '11010519491231002X', name: '某某', mobile: '13900000004', password } });
      assert.equal(r.status, 422);
    });

    it('refuses bad registration fields, naming each, and writes nothing', async () => {
      const p = strangers[3];
      const good = { kind: 'person', id_number: p.id_number, name: p.name, mobile: '13900000005', password };
      const flip = p.id_number.slice(0, 17) + (p.id_number[17] === '1' ? '2' : '1');
      const cases = [
        [{ ...good, id_number: flip }, 400, 'id_number'],
        [{ ...good, id_number: p.id_number.slice(0, 17) }, 400, 'id_number'],
        [{ ...good, id_number: '00' + p.id_number.slice(2) }, 400, 'id_number'],
        [{ ...good, mobile: '12345' }, 400, 'mobile'],
        [{ ...good, mobile: '23900000005' }, 400, 'mobile'],
        [{ ...good, password: 'short' }, 400, 'password'],
        [{ ...good, password: 'x'.repeat(129) }, 400, 'password'],
        [{ ...good, name: 'n'.repeat(101) }, 400, 'name'],
        [{ ...good, name: '' }, 400, 'name'],
        [{ ...good, kind: 'alien' }, 400, 'kind'],
        [{ ...good, mobile: 13900000005 }, 400, 'mobile'],
        [{ ...good, admin: true }, 400, 'admin'],
        [{ ...good, living_district: '999999' }, 400, 'living_district'],
        [{ ...good, credit_code: registry[0].credit_code }, 400, 'credit_code'],
        [(({ mobile, ...rest }) => rest)(good), 400, 'mobile'],
      ];
      for (const [body, status, field] of cases) {
        const r = await s.api('POST', '/api/v1/accounts', { body });
        assert.equal(r.status, status, JSON.stringify(body));
        assert.equal(r.json.error.field, field, JSON.stringify(body));
      }
      assert.equal(s.lastCode('13900000005'), null);
      const r = await s.api('POST', '/api/v1/accounts', { body: good });
      assert.equal(r.status, 202, 'nothing was half-written by the refusals');
    });

    it('refuses malformed bodies: JSON, type, size, duplicates, content type', async () => {
      const cases = [
        [{ raw: '{"login": "x", ', headers: { 'content-type': 'application/json' } }, 400, 'invalid_json'],
        [{ raw: '[1,2]', headers: { 'content-type': 'application/json' } }, 400, 'invalid_json'],
        [{ raw: '{"login":"a","login":"b","password":"c"}', headers: { 'content-type': 'application/json' } }, 400, 'invalid_json'],
        [{ raw: 'login=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
        [{ raw: '', headers: { 'content-type': 'application/json' } }, 400, 'invalid_json'],
        [{ raw: JSON.stringify({ login: 'x'.repeat(70000), password: 'y' }), headers: { 'content-type': 'application/json' } }, 413, 'payload_too_large'],
        [{ body: { login: ['a'], password: 'b' } }, 400, 'wrong_type'],
        [{ body: { login: 'a' } }, 400, 'missing_field'],
        // jansson refuses \u0000 in strings: a NUL never reaches C strings.
        [{ raw: '{"login":"a\\u0000b","password":"cccccccccccc"}', headers: { 'content-type': 'application/json' } }, 400, 'invalid_json'],
      ];
      for (const [opts, status, code] of cases) {
        const r = await s.api('POST', '/api/v1/session', opts);
        assert.equal(r.status, status, JSON.stringify(opts).slice(0, 80));
        assert.equal(r.json.error.code, code, JSON.stringify(opts).slice(0, 80));
      }
    });

    it('signs in with a cookie fit for browsers and a bearer token, and signs out', async () => {
      const totp = await nextCode(s.db, 'clerk.pengpu', demo.staff.find((x) => x.username === 'clerk.pengpu').totp_secret);
      const r = await s.api('POST', '/api/v1/session', { body: { login: 'clerk.pengpu', password: DEMO_PASSWORD, totp } });
      assert.equal(r.status, 201);
      const cookie = r.headers.get('set-cookie');
      assert.match(cookie, /^__Host-tongban=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Strict/);
      assert.notEqual(r.json.token, /__Host-tongban=([^;]+)/.exec(cookie)[1], 'cookie and bearer token differ');
      const c = /__Host-tongban=([^;]+)/.exec(cookie)[1];
      let me = await s.api('GET', '/api/v1/me', { cookie: c });
      assert.equal(me.status, 200);
      assert.equal(me.json.role, 'clerk');
      assert.equal(me.json.scope_center, 'JA12');
      assert.equal(me.json.csrf_token, r.json.csrf_token);
      // CSRF: a cookie session's state change needs the header.
      let out = await s.api('DELETE', '/api/v1/session', { cookie: c });
      assert.equal(out.status, 403);
      assert.equal(out.json.error.code, 'csrf');
      out = await s.api('DELETE', '/api/v1/session', { cookie: c, csrf: 'wrong' + r.json.csrf_token.slice(5) });
      assert.equal(out.status, 403);
      assert.equal((await s.api('GET', '/api/v1/me', { cookie: c })).status, 200, 'still signed in');
      out = await s.api('DELETE', '/api/v1/session', { cookie: c, csrf: r.json.csrf_token });
      assert.equal(out.status, 200);
      assert.match(out.headers.get('set-cookie'), /Max-Age=0/);
      // The session ended on the server: both tokens are dead.
      assert.equal((await s.api('GET', '/api/v1/me', { cookie: c })).status, 401);
      me = await s.api('GET', '/api/v1/me', { token: r.json.token });
      assert.equal(me.status, 401);
      // A bearer client signs out without CSRF.
      const b = await s.signIn('admin.city');
      assert.equal((await s.api('DELETE', '/api/v1/session', { token: b.token })).status, 200);
      assert.equal((await s.api('GET', '/api/v1/me', { token: b.token })).status, 401);
    });

    it('answers the same for an unknown login and a wrong password', async () => {
      const a = await s.api('POST', '/api/v1/session', { body: { login: 'nobody.here', password: DEMO_PASSWORD } });
      const b = await s.api('POST', '/api/v1/session', { body: { login: 'auditor', password: 'not the password' } });
      assert.equal(a.status, 401);
      assert.equal(b.status, 401);
      assert.deepEqual(a.json, b.json);
      assert.equal((await s.api('GET', '/api/v1/me', { token: 'x'.repeat(43) })).status, 401);
    });

    it('signs in residents by ID number and enterprises by credit code', async () => {
      const res = demo.residents[0];
      const me = await s.signIn(res.id_number.toLowerCase());
      let r = await s.api('GET', '/api/v1/me', { token: me.token });
      assert.equal(r.json.kind, 'person');
      assert.equal(r.json.registered_district, '310113');
      assert.equal(r.json.living_district, '310106');
      const ent = demo.enterprises[0];
      const e = await s.signIn(ent.credit_code);
      r = await s.api('GET', '/api/v1/me', { token: e.token });
      assert.equal(r.json.kind, 'enterprise');
      assert.equal(r.json.name, ent.name);
    });

    it('lets a resident read only their own profile', async () => {
      const a = await s.signIn(demo.residents[0].id_number);
      const b = await s.signIn(demo.residents[1].id_number);
      let r = await s.api('GET', `/api/v1/accounts/${a.account.id}`, { token: a.token });
      assert.equal(r.status, 200);
      assert.equal(r.json.login, demo.residents[0].id_number);
      r = await s.api('GET', `/api/v1/accounts/${a.account.id}`, { token: b.token });
      assert.equal(r.status, 403);
      assert.equal(r.json.error.code, 'forbidden');
      assert.ok(!r.text.includes(demo.residents[0].id_number));
      r = await s.api('GET', `/api/v1/accounts/${a.account.id}`);
      assert.equal(r.status, 401);
      r = await s.api('GET', '/api/v1/accounts/abc', { token: a.token });
      assert.equal(r.status, 400);
    });

    it('lets staff read profiles within their scope, with a purpose, and logs it', async () => {
      const res = await s.signIn(demo.residents[0].id_number);   // registered in Baoshan
      const other = await s.signIn(demo.residents[3].id_number); // Minhang, lives in Xuhui
      const clerk = await s.signIn('clerk.pengpu');
      let r = await s.api('GET', `/api/v1/accounts/${res.account.id}`, { token: clerk.token });
      assert.equal(r.status, 400);
      assert.equal(r.json.error.field, 'purpose');
      r = await s.api('GET', `/api/v1/accounts/${res.account.id}?purpose=${encodeURIComponent('accepting a case at the window')}`, { token: clerk.token });
      assert.equal(r.status, 200);
      assert.equal(r.json.login, demo.residents[0].id_number, 'the window needs the whole number');
      const admin = await s.signIn('admin.baoshan');
      r = await s.api('GET', `/api/v1/accounts/${res.account.id}?purpose=check`, { token: admin.token });
      assert.equal(r.status, 200, 'registered in the admin\'s district');
      const id = demo.residents[0].id_number;
      assert.equal(r.json.login, `${id.slice(0, 6)}********${id.slice(14)}`, 'an admin sees it masked');
      assert.ok(!r.text.includes(id));
      r = await s.api('GET', `/api/v1/accounts/${other.account.id}?purpose=check`, { token: admin.token });
      assert.equal(r.status, 403, 'outside the admin\'s district');
      const reviewer = await s.signIn('reviewer.civil');
      r = await s.api('GET', `/api/v1/accounts/${res.account.id}?purpose=check`, { token: reviewer.token });
      assert.equal(r.status, 403);
      // The reads and the refusals are in the audit log, without ID numbers.
      const rows = s.sql("SELECT actor_role, action, target, purpose, outcome FROM audit_log WHERE action = 'read-profile' ORDER BY id");
      assert.ok(rows.some((x) => x.startsWith(`clerk|read-profile|account:${res.account.id}|accepting a case at the window|allowed`)), rows.join('\n'));
      assert.ok(rows.some((x) => x.startsWith(`district_admin|read-profile|account:${other.account.id}|check|refused`)));
      assert.ok(!s.sql('SELECT * FROM audit_log').join('\n').includes(demo.residents[0].id_number));
    });

    it('lets a window clerk find the applicant by ID number, with a purpose, audited', async () => {
      const clerk = await s.signIn('clerk.pengpu');
      const who = demo.residents[0];
      let r = await s.api('GET', `/api/v1/accounts?login=${who.id_number}&purpose=${encodeURIComponent('filing at the window')}`, { token: clerk.token });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.name, who.name);
      r = await s.api('GET', `/api/v1/accounts?login=${who.id_number}`, { token: clerk.token });
      assert.equal(r.status, 400);
      assert.equal(r.json.error.field, 'purpose');
      r = await s.api('GET', '/api/v1/accounts?login=123&purpose=x', { token: clerk.token });
      assert.equal(r.status, 400);
      r = await s.api('GET', `/api/v1/accounts?login=${strangers[9].id_number}&purpose=x`, { token: clerk.token });
      assert.equal(r.status, 403, 'not registered: the same answer as out of scope');
      const res = await s.signIn(demo.residents[1].id_number);
      assert.equal((await s.api('GET', `/api/v1/accounts?login=${who.id_number}&purpose=x`, { token: res.token })).status, 403);
      const rev = await s.signIn('reviewer.civil');
      assert.equal((await s.api('GET', `/api/v1/accounts?login=${who.id_number}&purpose=x`, { token: rev.token })).status, 403);
      assert.ok(s.sql("SELECT outcome FROM audit_log WHERE action = 'read-profile' AND purpose = 'filing at the window'").includes('allowed'));
    });

    it('locks an account after 100 failed sign-ins in an hour', async () => {
      const login = demo.residents[2].id_number;
      for (let i = 0; i < 100; i++) {
        const r = await s.api('POST', '/api/v1/session', { body: { login, password: `wrong password ${i}` } });
        assert.equal(r.status, 401);
      }
      const r = await s.api('POST', '/api/v1/session', { body: { login, password: DEMO_PASSWORD } });
      assert.equal(r.status, 423);
      assert.equal(r.json.error.code, 'account_locked');
      assert.ok(s.sql("SELECT outcome FROM audit_log WHERE action = 'sign-in' AND outcome = 'locked'").length >= 1);
    });

    it('resets a password with an SMS code, ending every session', async () => {
      const res = demo.residents[1];
      const old = await s.signIn(res.id_number);
      let r = await s.api('POST', '/api/v1/password-reset', { body: { login: res.id_number, mobile: '13911111111' } });
      assert.equal(r.status, 202, 'the same answer for a wrong mobile');
      assert.equal(s.lastCode('13911111111'), null);
      r = await s.api('POST', '/api/v1/password-reset', { body: { login: res.id_number, mobile: res.mobile } });
      assert.equal(r.status, 202);
      const code = s.lastCode(res.mobile);
      r = await s.api('POST', '/api/v1/password-reset/confirm', { body: { login: res.id_number, code, password: 'short' } });
      assert.equal(r.status, 400);
      assert.equal(r.json.error.field, 'password');
      r = await s.api('POST', '/api/v1/password-reset/confirm', { body: { login: res.id_number, code, password: 'a brand new passphrase' } });
      assert.equal(r.status, 200, r.text);
      assert.equal((await s.api('GET', '/api/v1/me', { token: old.token })).status, 401);
      await s.signIn(res.id_number, 'a brand new passphrase');
      r = await s.api('POST', '/api/v1/session', { body: { login: res.id_number, password: DEMO_PASSWORD } });
      assert.equal(r.status, 401);
    });

    it('registers an enterprise by its legal representative, who adds agents', async () => {
      const ent = registry.find((e) => !demo.enterprises.some((d) => d.credit_code === e.credit_code));
      let r = await s.api('POST', '/api/v1/accounts', { body: { kind: 'enterprise', credit_code: ent.credit_code, name: ent.name, legal_rep_id: ent.legal_rep_id, legal_rep_name: ent.legal_rep_name + '某', mobile: '13900000009', password } });
      assert.equal(r.status, 422);
      const bad = ent.credit_code.slice(0, 17) + (ent.credit_code[17] === '0' ? '1' : '0');
      r = await s.api('POST', '/api/v1/accounts', { body: { kind: 'enterprise', credit_code: bad, name: ent.name, legal_rep_id: ent.legal_rep_id, legal_rep_name: ent.legal_rep_name, mobile: '13900000009', password } });
      assert.equal(r.status, 400);
      assert.equal(r.json.error.field, 'credit_code');
      r = await s.api('POST', '/api/v1/accounts', { body: { kind: 'enterprise', credit_code: ent.credit_code, name: ent.name, legal_rep_id: ent.legal_rep_id, legal_rep_name: ent.legal_rep_name, mobile: '13900000009', password } });
      assert.equal(r.status, 202, r.text);
      r = await s.api('POST', '/api/v1/accounts/confirm', { body: { login: ent.credit_code, code: s.lastCode('13900000009') } });
      assert.equal(r.status, 200);
      const e = await s.signIn(ent.credit_code, password);
      const agent = demo.residents[3];
      r = await s.api('POST', '/api/v1/enterprise/agents', { token: e.token, body: { id_number: agent.id_number, name: '别人' } });
      assert.equal(r.status, 422);
      r = await s.api('POST', '/api/v1/enterprise/agents', { token: e.token, body: { id_number: agent.id_number, name: agent.name } });
      assert.equal(r.status, 201, r.text);
      r = await s.api('POST', '/api/v1/enterprise/agents', { token: e.token, body: { id_number: agent.id_number, name: agent.name } });
      assert.equal(r.status, 409);
      r = await s.api('GET', '/api/v1/enterprise/agents', { token: e.token });
      // Masked: the enterprise knows its agent without the whole number.
      assert.deepEqual(r.json.items.map((a) => a.id_number), [`${agent.id_number.slice(0, 6)}********${agent.id_number.slice(14)}`]);
      assert.ok(!r.text.includes(agent.id_number));
      const a = await s.signIn(agent.id_number);
      r = await s.api('GET', '/api/v1/me', { token: a.token });
      assert.ok(r.json.agent_of.some((x) => x.credit_code === ent.credit_code));
      // A resident manages no agents.
      r = await s.api('GET', '/api/v1/enterprise/agents', { token: a.token });
      assert.equal(r.status, 403);
    });

    it('never writes ID numbers, mobiles or names to the log', async () => {
      await s.api('GET', `/api/v1/matters/${strangers[5].id_number}`);
      await s.api('GET', `/api/v1/nothing/${strangers[5].id_number}?mobile=13900000077`);
      await s.api('GET', `/${strangers[5].id_number}`);
      await register(strangers[5], '13900000077');
      const log = s.log;
      assert.ok(log.includes('method=POST path="/api/v1/accounts"'), 'requests are logged');
      for (const p of [...hukou, ...demo.residents]) {
        assert.ok(!log.includes(p.id_number), `an ID number is in the log: ${p.id_number}`);
        assert.ok(!log.includes(p.name), 'a name is in the log');
      }
      assert.ok(!/1390000\d{4}|1380013\d{4}/.test(log), 'a mobile number is in the log');
    });

    it('creates staff accounts from the command line, refusing bad roles and scopes', async () => {
      let printed = '';
      const add = (args, input = 'a long enough passphrase\n') => {
        try {
          printed = tongban(['user', 'add', '--db', s.db, ...args], { input });
          return 0;
        } catch (e) { return e.status; }
      };
      assert.equal(add(['--username', 'clerk.x', '--name', 'X', '--role', 'clerk']), 2, 'a clerk needs a center');
      assert.equal(add(['--username', 'clerk.x', '--name', 'X', '--role', 'clerk', '--district', '310106']), 2);
      assert.equal(add(['--username', 'clerk.x', '--name', 'X', '--role', 'wizard']), 2);
      assert.equal(add(['--username', 'X Y', '--name', 'X', '--role', 'auditor']), 2);
      assert.equal(add(['--username', 'clerk.x', '--name', 'X', '--role', 'clerk', '--center', 'ZZ99']), 1, 'no such center');
      assert.equal(add(['--username', 'clerk.x', '--name', 'X', '--role', 'clerk', '--center', 'JA01'], 'short\n'), 1);
      assert.equal(add(['--username', 'clerk.x', '--name', 'X', '--role', 'clerk', '--center', 'JA01']), 0);
      assert.equal(add(['--username', 'clerk.x', '--name', 'X', '--role', 'clerk', '--center', 'JA01']), 1, 'taken');
      // The new clerk's second factor: the secret printed once.
      const secret = /^TOTP secret .*: ([A-Z2-7]+)$/m.exec(printed)[1];
      const r = await s.api('POST', '/api/v1/session', { body: { login: 'clerk.x', password: 'a long enough passphrase',
        totp: await nextCode(s.db, 'clerk.x', secret) } });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.account.role, 'clerk');
    });

    it('the demo supermarket has its demo agent', async () => {
      const ent = demo.enterprises[0];
      const e = await s.signIn(ent.credit_code);
      const r = await s.api('GET', '/api/v1/enterprise/agents', { token: e.token });
      assert.deepEqual(r.json.items.map((a) => a.id_number), ent.agents.map((x) => `${x.slice(0, 6)}********${x.slice(14)}`));
    });
  });
}

