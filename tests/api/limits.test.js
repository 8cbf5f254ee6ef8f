// Sign-in hardening: the rate limits per client address (set by flags,
// refusing with 429 and Retry-After, on record in the audit log), the
// password rules (12-128 characters, no composition rules, none of the
// 10,000 most common passwords, nor one of them followed by digits), and
// the server's refusal to start with a weaker argon2id than 19 MiB / t=2.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, bin, root, demo, hukou } from '../lib/server.js';

describe('rate limits per client address', () => {
  let s;
  before(async () => { s = await startServer({ args: ['--rate-signin', '5', '--rate-write', '8'] }); });
  after(async () => { await s.stop(); });

  it('refuses the sixth sign-in attempt in a minute with 429 and Retry-After', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await s.api('POST', '/api/v1/session', { body: { login: 'clerk.pengpu', password: `wrong password ${i}` } });
      assert.equal(r.status, 401, 'the first five reach the handler');
    }
    const r = await s.api('POST', '/api/v1/session', { body: { login: 'clerk.pengpu', password: 'tongban-demo-2026' } });
    assert.equal(r.status, 429);
    assert.equal(r.json.error.code, 'too_many_requests');
    const after = Number(r.headers.get('retry-after'));
    assert.ok(after >= 1 && after <= 61, `Retry-After ${after}`);
    // Reads are not limited; the refusal is on record.
    assert.equal((await s.api('GET', '/api/v1/health')).status, 200);
    const rows = s.sql("SELECT target, outcome FROM audit_log WHERE action = 'refused' AND outcome = '429'");
    assert.ok(rows.includes('POST /api/v1/session|429'), rows.join('\n'));
  });

  it('limits other writes separately from sign-ins', async () => {
    const seen = [];
    for (let i = 0; i < 9; i++) seen.push((await s.api('POST', '/api/v1/centers/JA12/tickets', { body: { group: 'Z' } })).status);
    assert.ok(seen.slice(0, 8).every((x) => x !== 429), `the first eight reach the handler: ${seen}`);
    assert.equal(seen[8], 429);
  });
});

describe('generous limits let every request reach the handlers', () => {
  let s;
  before(async () => { s = await startServer({ args: ['--rate-signin', '100000', '--rate-write', '100000'] }); });
  after(async () => { await s.stop(); });

  it('answers 300 sign-ins from one address without a 429', async () => {
    const rs = await Promise.all(Array.from({ length: 300 }, (_, i) =>
      s.api('POST', '/api/v1/session', { body: { login: 'nobody.here', password: `not the password ${i}` } })));
    assert.deepEqual([...new Set(rs.map((r) => r.status))], [401]);
  });
});

describe('passwords', () => {
  let s;
  before(async () => { s = await startServer(); });
  after(async () => { await s.stop(); });

  // A resident of the register who has not signed up yet.
  const signedUp = new Set(demo.residents.map((p) => p.id_number));
  const fresh = () => hukou.find((p) => !signedUp.has(p.id_number) && !fresh.used.has(p.id_number));
  fresh.used = new Set();
  async function register(password) {
    const p = fresh();
    const r = await s.api('POST', '/api/v1/accounts', { body: { kind: 'person', id_number: p.id_number, name: p.name, mobile: '13900139000', password } });
    if (r.status === 202) fresh.used.add(p.id_number);
    return r;
  }

  it('refuses the most common passwords, also with digits after them, in any case', async () => {
    for (const pw of ['qwertyuiopasdf'.slice(0, 10) + '12', 'password1234', 'PASSWORD1234', 'iloveyou2026', 'football12345']) {
      const r = await register(pw);
      assert.equal(r.status, 400, pw);
      assert.equal(r.json.error.field, 'password');
      assert.match(r.json.error.message, /most common passwords/);
    }
  });

  it('counts characters, not bytes, and sets no composition rules', async () => {
    let r = await register('短'.repeat(11));
    assert.equal(r.status, 400, 'eleven characters');
    assert.match(r.json.error.message, /12 to 128 characters/);
    r = await register('a'.repeat(129));
    assert.equal(r.status, 400);
    r = await register('十二个汉字组成的一句口令没错');
    assert.equal(r.status, 202, r.text);
    r = await register('correct horse battery staple');
    assert.equal(r.status, 202, 'lowercase words and spaces are fine');
  });

  it('refuses an argon2id weaker than 19 MiB and two passes at start', () => {
    for (const args of [['--pwhash-memory', '16'], ['--pwhash-passes', '1']]) {
      const r = spawnSync(bin, ['serve', '--listen', '127.0.0.1:0', '--db', s.db, ...args], { cwd: root, encoding: 'utf8', timeout: 10000 });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /argon2id below 19 MiB and 2 passes is refused/);
    }
  });

  it('rehashes a weaker stored hash at the next sign-in', async () => {
    const login = demo.residents[3].id_number;
    const before = s.sql(`SELECT password_hash FROM accounts WHERE login = '${login}'`)[0];
    assert.match(before, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    // Sign in with a server at a higher cost: the hash is redone.
    const t = await startServer({ reuse: s, args: ['--pwhash-memory', '32', '--pwhash-passes', '3'] });
    try {
      await t.signIn(login);
      const afterHash = t.sql(`SELECT password_hash FROM accounts WHERE login = '${login}'`)[0];
      assert.match(afterHash, /^\$argon2id\$v=19\$m=32768,t=3,p=1\$/);
      await t.signIn(login);	// and it still verifies
    } finally {
      await t.stop({ keep: true });
    }
  });
});
