// Staff sign in with a second factor (RFC 6238, the demo secrets of
// data/demo_accounts.json), each code usable once; sessions carry
// 256-bit tokens, new at every sign-in and never taken from a URL; staff
// sessions end after 30 minutes idle, every session after 12 hours — on
// the server's settable clock (--clock-offset).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, stores, demo, bin, root, DEMO_PASSWORD } from '../lib/server.js';
import { totp } from '../lib/totp.js';

const clerk = demo.staff.find((x) => x.username === 'clerk.pengpu');
const step = (offset = 0) => Math.floor((Date.now() / 1000 + offset) / 30);

for (const store of stores()) {
  describe(`staff second factor and sessions (${store})`, () => {
    let s;
    before(async () => { s = await startServer({ store }); });
    after(async () => { await s.stop(); });
    const signIn = (body) => s.api('POST', '/api/v1/session', { body: { login: clerk.username, password: DEMO_PASSWORD, ...body } });

    it('asks staff for the code after the password, and not residents', async () => {
      let r = await signIn({});
      assert.equal(r.status, 401);
      assert.equal(r.json.error.code, 'totp_required');
      assert.equal(r.json.error.field, 'totp');
      // A wrong password gets the usual answer: the code is not hinted.
      r = await s.api('POST', '/api/v1/session', { body: { login: clerk.username, password: 'not the password at all' } });
      assert.equal(r.json.error.code, 'invalid_credentials');
      r = await s.api('POST', '/api/v1/session', { body: { login: demo.residents[0].id_number, password: DEMO_PASSWORD } });
      assert.equal(r.status, 201);
      assert.ok(s.sql("SELECT outcome FROM audit_log WHERE action = 'sign-in'").includes('totp-required'));
    });

    it('takes a right code once, refuses a wrong one and counts it as a failure', async () => {
      // Wait for a fresh step so that no earlier test spent this one.
      const t0 = step();
      while (step() === t0) await new Promise((r) => setTimeout(r, 500));
      const now = step();
      const failedBefore = Number(s.sql(`SELECT failed_count FROM accounts WHERE login = '${clerk.username}'`)[0]);
      let r = await signIn({ totp: totp(clerk.totp_secret, now + 5) });
      assert.equal(r.status, 401);
      assert.equal(r.json.error.code, 'invalid_totp');
      assert.equal(Number(s.sql(`SELECT failed_count FROM accounts WHERE login = '${clerk.username}'`)[0]), failedBefore + 1);
      r = await signIn({ totp: 'abcdef' });
      assert.equal(r.json.error.code, 'invalid_totp');
      const code = totp(clerk.totp_secret, now);
      r = await signIn({ totp: code });
      assert.equal(r.status, 201, r.text);
      const first = r.json.token;
      r = await signIn({ totp: code });
      assert.equal(r.status, 401, 'the same code twice');
      assert.equal(r.json.error.code, 'invalid_totp');
      // The previous step's code is now spent too (it is older).
      r = await signIn({ totp: totp(clerk.totp_secret, now - 1) });
      assert.equal(r.status, 401);
      // The next step's code works a moment early (clock drift), and the
      // session is a new one with new tokens.
      r = await signIn({ totp: totp(clerk.totp_secret, now + 1) });
      assert.equal(r.status, 201, r.text);
      assert.notEqual(r.json.token, first);
      assert.match(r.json.token, /^[A-Za-z0-9_-]{43}$/, '256 random bits, base64url');
      assert.match(r.json.csrf_token, /^[A-Za-z0-9_-]{43}$/);
    });

    it('never takes a token from the URL', async () => {
      const t = await s.signIn(demo.residents[0].id_number);
      // Not signed in: a token in the query string is not a credential.
      let r = await s.api('GET', `/api/v1/me?token=${encodeURIComponent(t.token)}`);
      assert.equal(r.status, 401);
      // And with the real header, the stray parameter is refused.
      r = await s.api('GET', `/api/v1/me?token=${encodeURIComponent(t.token)}`, { token: t.token });
      assert.equal(r.status, 400);
      assert.equal(r.json.error.code, 'unknown_parameter');
    });

    it('gives new staff a secret that an authenticator can use', () => {
      const r = spawnSync(bin, ['user', 'add', '--db', s.db, '--username', 'clerk.extra', '--name', '新窗口',
        '--role', 'clerk', '--center', 'JA12'], { cwd: root, input: 'a long new staff password\n', encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const m = /otpauth:\/\/totp\/tongban:clerk\.extra\?secret=([A-Z2-7]+)&issuer=tongban&algorithm=SHA256&digits=6&period=30/.exec(r.stdout);
      assert.ok(m, r.stdout);
      assert.ok(m[1].length >= 32, '160 bits');
      return s.api('POST', '/api/v1/session', { body: { login: 'clerk.extra', password: 'a long new staff password', totp: totp(m[1], step()) } })
        .then((x) => assert.equal(x.status, 201, x.text));
    });

    it('ends a staff session after 30 minutes idle and any session after 12 hours', async () => {
      const staff = await s.signIn('manager.pengpu');
      const resident = await s.signIn(demo.residents[1].id_number);
      let srv = s;
      const at = async (minutes) => {
        if (srv !== s) await srv.stop({ keep: true });
        srv = await startServer({ store, reuse: s, args: ['--clock-offset', String(minutes * 60)] });
      };
      try {
        await at(29);
        assert.equal((await srv.api('GET', '/api/v1/me', { token: staff.token })).status, 200, '29 minutes idle');
        await at(29 + 31);
        assert.equal((await srv.api('GET', '/api/v1/me', { token: staff.token })).status, 401, '31 minutes idle');
        // The resident is seen every 100 minutes (under their 2-hour idle
        // limit) until the 12 hours are over.
        for (const m of [100, 200, 300, 400, 500, 600, 700]) {
          await at(m);
          assert.equal((await srv.api('GET', '/api/v1/me', { token: resident.token })).status, 200, `${m} minutes`);
        }
        await at(12 * 60 + 1);
        assert.equal((await srv.api('GET', '/api/v1/me', { token: resident.token })).status, 401, 'past 12 hours');
      } finally {
        if (srv !== s) await srv.stop({ keep: true });
      }
    });
  });
}
