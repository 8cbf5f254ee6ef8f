// Backup and restore on both stores: `tongban backup` while a server
// runs (quiet, and under a load of writes), `tongban restore` into a new
// database, and a server on the restored database that holds every case,
// case event, licence, ticket and audit entry of the original, with the
// audit chain intact, and answers as before.  Then the refusals: a
// database that is not empty, a backup that is missing or damaged, an
// output file that exists, bad usage; and on PostgreSQL, that a password
// in the URL never reaches pg_dump's command line.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, stores, demo, bin, root, DEMO_PASSWORD } from '../lib/server.js';
import { nextCode } from '../lib/totp.js';

const liJing = demo.residents[0];     // registered in Baoshan
const zhangWei = demo.residents[1];   // Jing'an
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

function run(args, opts = {}) {
  const r = spawnSync(bin, args, { cwd: root, encoding: 'utf8', ...opts });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// The same, without blocking the event loop: the server under test is
// answering the load while this runs.
function runAsync(args) {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { cwd: root });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

const pgHost = () => /[?&]host=([^&]+)/.exec(process.env.TONGBAN_PG)[1];
let dbCounter = 0;

// A new database with no tables: an SQLite path that does not exist yet,
// or a PostgreSQL database made with CREATE DATABASE (as an operator
// would with createdb).
function emptyDatabase(store, dir) {
  const name = `r_${process.pid}_${Date.now()}_${dbCounter++}`;
  if (store === 'sqlite') return `sqlite:${path.join(dir, `${name}.db`)}`;
  execFileSync('psql', ['-h', pgHost(), '-U', 'postgres', '-d', 'postgres', '-q', '-c', `CREATE DATABASE ${name}`]);
  return `postgres:///${name}?host=${pgHost()}&user=postgres`;
}

// Rows of a query on any test database, with the engine's own client.
function sql(db, query) {
  if (db.startsWith('sqlite:')) {
    return execFileSync('sqlite3', [db.slice('sqlite:'.length), query], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  }
  const [, name, host] = /^postgres:\/\/\/([^?]+)\?host=([^&]+)/.exec(db);
  return execFileSync('psql', ['-h', host, '-U', 'postgres', '-d', name, '-At', '-c', query], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
}

// What must survive, table by table, in a stable order.
const TABLES = {
  cases: 'SELECT * FROM cases ORDER BY id',
  case_events: 'SELECT * FROM case_events ORDER BY case_id, version',
  licences: 'SELECT * FROM licences ORDER BY id',
  audit_log: 'SELECT * FROM audit_log ORDER BY seq',
  audit_head: 'SELECT * FROM audit_head',
  tickets: 'SELECT * FROM tickets ORDER BY id',
  accounts: 'SELECT * FROM accounts ORDER BY id',
  schema_migrations: 'SELECT version, name FROM schema_migrations ORDER BY version',
};
const dump = (db) => Object.fromEntries(Object.entries(TABLES).map(([t, q]) => [t, sql(db, q)]));

// A staff sign-in on a server whose database was restored from another's:
// the restored database remembers which one-time codes the original's
// staff already used, so codes go on from the original's history
// (tests/lib/totp.js keeps that history per database URL).
async function staffSignIn(srv, login, historyDb) {
  const secret = demo.staff.find((x) => x.username === login).totp_secret;
  const totp = await nextCode(historyDb, login, secret);
  const r = await srv.api('POST', '/api/v1/session', { body: { login, password: DEMO_PASSWORD, totp } });
  assert.equal(r.status, 201, `sign-in of ${login}: ${r.text}`);
  return { token: r.json.token, account: r.json.account };
}

for (const store of stores()) {
  describe(`backup and restore (${store})`, () => {
    let s, dir, originalDir, originalDb, li, zhang, clerk, reviewer, caseIds = [], ticket, uploadCase;
    const views = {};   // the original server's answers, to compare

    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-backup-'));
      s = await startServer({ store });
      originalDir = s.dir;
      originalDb = s.db;
      li = await s.signIn(liJing.id_number);
      zhang = await s.signIn(zhangWei.id_number);
      clerk = await s.signIn('clerk.pengpu');
      reviewer = await s.signIn('reviewer.civil');
    });
    let restored, restoredDir, backupFile;
    after(async () => {
      if (s) await s.stop().catch(() => {});
      if (restored) await restored.stop().catch(() => {});
      for (const d of [dir, originalDir, restoredDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
    });

    const getCase = (srv, who, id) => srv.api('GET', `/api/v1/cases/${id}`, { token: who.token });
    async function move(who, id, action) {
      const c = await getCase(s, who, id);
      assert.equal(c.status, 200, c.text);
      const r = await s.api('POST', `/api/v1/cases/${id}/transitions`, { token: who.token, body: { action, version: c.json.version } });
      assert.equal(r.status, 200, `${action}: ${r.text}`);
      return r.json;
    }
    const readProfile = (who, id) => s.api('GET', `/api/v1/accounts/${id}?purpose=${encodeURIComponent('checking the applicant')}`, { token: who.token });

    it('makes real data through the API: cases, a licence, tickets, audit entries', async () => {
      // A resident files; a clerk accepts; the department reviews and
      // approves; the clerk issues the certificate: a licence exists.
      let r = await s.api('POST', '/api/v1/cases', { token: zhang.token, body: { matter: 'C-CA-001', submit: true, commit: true } });
      assert.equal(r.status, 201, r.text);
      const issued = r.json.id;
      assert.equal((await move(clerk, issued, 'accept')).state, 'accepted');
      assert.equal((await move(reviewer, issued, 'start-review')).state, 'under-review');
      assert.equal((await move(reviewer, issued, 'approve')).state, 'approved');
      assert.equal((await move(clerk, issued, 'issue')).state, 'issued');
      // A second case left halfway, and a draft.
      r = await s.api('POST', '/api/v1/cases', { token: zhang.token, body: { matter: 'C-CA-001', submit: true, commit: true } });
      assert.equal(r.status, 201, r.text);
      const accepted = r.json.id;
      await move(clerk, accepted, 'accept');
      r = await s.api('POST', '/api/v1/cases', { token: zhang.token, body: { matter: 'C-PS-001' } });
      assert.equal(r.status, 201, r.text);
      caseIds = [issued, accepted, r.json.id];
      // An uploaded material: a sealed file in the --files folder,
      // addressed from the database.
      r = await s.api('POST', '/api/v1/cases', { token: li.token, body: { matter: 'C-PS-010', submit: true } });
      assert.equal(r.status, 201, r.text);
      uploadCase = r.json.id;
      caseIds.push(uploadCase);
      r = await s.api('POST', `/api/v1/cases/${uploadCase}/materials?kind=RESIDENCE-PERMIT`,
        { token: li.token, raw: PDF, headers: { 'content-type': 'application/pdf' } });
      assert.ok(r.status === 200 || r.status === 201, r.text);
      // Staff reads of personal data: audit entries.
      for (let i = 0; i < 3; i++) assert.equal((await readProfile(clerk, zhang.account.id)).status, 200);
      // A ticket at the hall.
      r = await s.api('POST', '/api/v1/centers/JA12/tickets', { body: {} });
      assert.equal(r.status, 201, r.text);
      ticket = r.json;

      views.cases = {};
      for (const id of caseIds) views.cases[id] = (await getCase(s, id === uploadCase ? li : zhang, id)).json;
      views.licences = (await s.api('GET', '/api/v1/me/licences', { token: zhang.token })).json;
      assert.equal(views.licences.items.length >= 1, true);
      views.code = views.cases[issued].licence.verify_code;
      assert.ok(views.code);
      views.verify = (await s.api('GET', `/api/v1/licences/verify/${views.code}`)).json;
      views.ticket = (await s.api('GET', `/api/v1/tickets/${ticket.id}?code=${ticket.code}`)).json;
      assert.ok(Number(s.sql('SELECT COUNT(*) FROM audit_log')[0]) >= 8);
    });

    it('backs up under a load of writes: the copy is one consistent snapshot', async () => {
      let stop = false;
      let rounds = 0;
      const load = (async () => {
        while (!stop) {
          const rs = await Promise.all([
            readProfile(clerk, zhang.account.id),
            s.api('POST', '/api/v1/centers/JA12/tickets', { body: {} }),
            s.api('GET', '/api/v1/me'),   // a refusal: an audit entry
          ]);
          assert.deepEqual(rs.map((x) => x.status), [200, 201, 401]);
          rounds++;
        }
      })();
      const waitRounds = async (n) => { while (rounds < n) await new Promise((res) => setTimeout(res, 5)); };
      await waitRounds(3);
      const auditBefore = Number(s.sql('SELECT COUNT(*) FROM audit_log')[0]);
      const file = path.join(dir, 'busy.backup');
      const b = await runAsync(['backup', '--db', s.db, '--out', file]);
      const at = rounds;
      await waitRounds(at + 3);
      stop = true;
      await load;
      assert.equal(b.code, 0, b.err);
      assert.match(b.out, /^wrote .*busy\.backup: \d+ bytes, \d+ tables/);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'a backup holds personal data: owner only');

      const target = emptyDatabase(store, dir);
      const r = run(['restore', '--db', target, '--in', file]);
      assert.equal(r.code, 0, r.err);
      // The chain in the copy is whole: audit_log and audit_head were
      // copied from one moment, not from before and after a batch.
      const v = run(['audit', 'verify', '--db', target]);
      assert.equal(v.code, 0, v.out + v.err);
      assert.match(v.out, /audit log intact: \d+ entries/);
      // The copy is the original up to that moment: its audit log is a
      // prefix of the original's, and every ticket in it is the original's.
      const orig = sql(s.db, TABLES.audit_log);
      const copy = sql(target, TABLES.audit_log);
      assert.ok(copy.length >= auditBefore, `${copy.length} >= ${auditBefore}`);
      assert.ok(orig.length > copy.length, 'the server kept writing after the backup');
      assert.deepEqual(copy, orig.slice(0, copy.length));
      const origTickets = new Set(sql(s.db, TABLES.tickets));
      for (const t of sql(target, TABLES.tickets)) assert.ok(origTickets.has(t), `ticket ${t} is the original's`);
    });

    it('backs up while the server runs, restores into a new database, and everything is there', async () => {
      backupFile = path.join(dir, 'quiet.backup');
      const b = run(['backup', '--db', s.db, '--out', backupFile]);
      assert.equal(b.code, 0, b.err);
      if (store === 'sqlite') assert.match(b.out, /\d+ tables, \d+ pages of \d+ bytes\n$/);
      else assert.match(b.out, /pg_dump custom format/);
      assert.ok(fs.statSync(backupFile).size > 0);
      // What the database does not hold, copied after it as the
      // operations guide says: the uploaded files and the key file.
      const rdir = restoredDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-restored-'));
      fs.cpSync(path.join(originalDir, 'files'), path.join(rdir, 'files'), { recursive: true });
      fs.cpSync(path.join(originalDir, 'keys'), path.join(rdir, 'keys'), { recursive: true });
      await s.stop({ keep: true });
      s = null;
      const original = dump(originalDb);

      const target = emptyDatabase(store, dir);
      const r = run(['restore', '--db', target, '--in', backupFile]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^restored .*quiet\.backup: \d+ tables/);
      const version = Number(/schema version (\d+)/.exec(r.out)[1]);
      assert.equal(version, Number(sql(originalDb, 'SELECT MAX(version) FROM schema_migrations')[0]));

      // Row for row, every table that matters.
      const copy = dump(target);
      for (const t of Object.keys(TABLES)) {
        assert.ok(original[t].length > 0, `${t} has rows`);
        assert.deepEqual(copy[t], original[t], `${t} is restored as it was`);
      }
      assert.equal(copy.cases.length, Number(sql(originalDb, 'SELECT COUNT(*) FROM cases')[0]));
      const v = run(['audit', 'verify', '--db', target]);
      assert.equal(v.code, 0, v.out + v.err);
      assert.match(v.out, new RegExp(`audit log intact: ${original.audit_log.length} entries`));

      // A server on the restored database answers as the original did.
      restored = await startServer({ store, reuse: { dir: rdir, db: target, extraSecrets: new Map() } });
      const z = await restored.signIn(zhangWei.id_number);
      const l = await restored.signIn(liJing.id_number);
      for (const id of caseIds) {
        const c = await getCase(restored, id === uploadCase ? l : z, id);
        assert.equal(c.status, 200, c.text);
        assert.deepEqual(c.json, views.cases[id], `case ${id} reads as before`);
      }
      assert.deepEqual((await restored.api('GET', '/api/v1/me/licences', { token: z.token })).json, views.licences);
      const ver = await restored.api('GET', `/api/v1/licences/verify/${views.code}`);
      assert.equal(ver.status, 200);
      assert.deepEqual(ver.json, views.verify);
      const t = await restored.api('GET', `/api/v1/tickets/${ticket.id}?code=${ticket.code}`);
      assert.equal(t.status, 200);
      assert.equal(t.json.label, views.ticket.label);
      assert.equal(t.json.id, views.ticket.id);
      const m = await restored.api('GET', `/api/v1/cases/${uploadCase}/materials/RESIDENCE-PERMIT`, { token: l.token });
      assert.equal(m.status, 200, m.text);
      assert.equal(m.text, PDF.toString(), 'the uploaded file opens with the copied key');
      // Staff sign in too (their one-time codes go on from the original's).
      const c = await staffSignIn(restored, 'clerk.pengpu', originalDb);
      assert.equal((await getCase(restored, c, caseIds[0])).status, 200);
    });

    it('the restored server carries on: new cases, tickets and sign-ins, its chain still whole', async () => {
      assert.ok(restored, 'the restore above succeeded');
      assert.equal((await restored.api('GET', '/api/v1/health')).status, 200);
      const z = await restored.signIn(zhangWei.id_number);
      const c = await staffSignIn(restored, 'clerk.pengpu', originalDb);
      const r = await restored.api('POST', '/api/v1/cases', { token: z.token, body: { matter: 'C-CA-001', submit: true, commit: true } });
      assert.equal(r.status, 201, r.text);
      assert.ok(r.json.id > Math.max(...caseIds), 'ids go on from the restored ones');
      const moved = await restored.api('POST', `/api/v1/cases/${r.json.id}/transitions`, { token: c.token, body: { action: 'accept', version: r.json.version } });
      assert.equal(moved.status, 200, moved.text);
      const tk = await restored.api('POST', '/api/v1/centers/JA12/tickets', { body: {} });
      assert.equal(tk.status, 201, tk.text);
      assert.ok(tk.json.id > ticket.id);
      const db = restored.db;
      await restored.stop();
      restored = null;
      const v = run(['audit', 'verify', '--db', db]);
      assert.equal(v.code, 0, v.out + v.err);
    });

    it('refuses to restore into a database that has tables, and changes nothing there', async () => {
      const target = emptyDatabase(store, dir);
      assert.equal(run(['restore', '--db', target, '--in', backupFile]).code, 0);
      const before = dump(target);
      const r = run(['restore', '--db', target, '--in', backupFile]);
      assert.equal(r.code, 1);
      assert.match(r.err, /^tongban restore: .* is not empty \(\d+ tables\): restore only into a new database/);
      assert.deepEqual(dump(target), before);
    });

    it('refuses a missing, a foreign and a damaged backup, leaving the target empty', async () => {
      const target = emptyDatabase(store, dir);
      const empty = () => (store === 'sqlite'
        ? !fs.existsSync(target.slice('sqlite:'.length))
        : Number(sql(target, "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'")[0]) === 0);
      let r = run(['restore', '--db', target, '--in', path.join(dir, 'no-such.backup')]);
      assert.equal(r.code, 1);
      assert.match(r.err, /cannot read ".*no-such\.backup": No such file or directory/);
      assert.ok(empty());
      const junk = path.join(dir, 'junk.backup');
      fs.writeFileSync(junk, Buffer.alloc(8192, 0x5a));
      r = run(['restore', '--db', target, '--in', junk]);
      assert.equal(r.code, 1);
      assert.match(r.err, store === 'sqlite' ? /is not an SQLite backup/ : /is not a PostgreSQL backup/);
      assert.ok(empty());
      // The right header, then the backup cut short.
      const cut = path.join(dir, 'cut.backup');
      const whole = fs.readFileSync(backupFile);
      fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 3)));
      r = run(['restore', '--db', target, '--in', cut]);
      assert.equal(r.code, 1, r.out);
      assert.match(r.err, /^tongban restore: /m);
      assert.ok(empty(), 'a damaged backup leaves nothing behind');
      // A backup of the other store is not this one's.
      const other = path.join(dir, store === 'sqlite' ? 'other.backup' : 'other.db');
      fs.writeFileSync(other, store === 'sqlite' ? Buffer.from('PGDMP\x01\x0e\x00') : Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4080)]));
      r = run(['restore', '--db', target, '--in', other]);
      assert.equal(r.code, 1);
      assert.ok(empty());
      // The target still takes a good backup.
      r = run(['restore', '--db', target, '--in', backupFile]);
      assert.equal(r.code, 0, r.err);
    });

    it('never overwrites a file, never backs up what is not a tongban database, and checks its usage', async () => {
      const db = emptyDatabase(store, dir);
      assert.equal(run(['init', '--db', db]).code, 0);
      const file = path.join(dir, 'exists.backup');
      fs.writeFileSync(file, 'keep me');
      let r = run(['backup', '--db', db, '--out', file]);
      assert.equal(r.code, 1);
      assert.match(r.err, /exists: a backup never overwrites a file/);
      assert.equal(fs.readFileSync(file, 'utf8'), 'keep me');
      // A database that is not tongban's (and on SQLite, one that does
      // not exist: it is not created by looking).
      const bare = emptyDatabase(store, dir);
      r = run(['backup', '--db', bare, '--out', path.join(dir, 'bare.backup')]);
      assert.equal(r.code, 1);
      if (store === 'sqlite') {
        assert.match(r.err, /cannot open/);
        assert.ok(!fs.existsSync(bare.slice('sqlite:'.length)));
      } else assert.match(r.err, /holds no tongban database/);
      assert.ok(!fs.existsSync(path.join(dir, 'bare.backup')));
      assert.deepEqual(fs.readdirSync(dir).filter((f) => /\.backup\.\w{6}$/.test(f)), [], 'no temporary file left');
      // Usage.
      for (const cmd of ['backup', 'restore']) {
        r = run([cmd, '--help']);
        assert.equal(r.code, 0);
        assert.match(r.out, new RegExp(`^usage: tongban ${cmd} `));
        r = run([cmd, '--db', db]);
        assert.equal(r.code, 2);
        assert.match(r.err, new RegExp(`tongban ${cmd}: --(out|in) FILE is required`));
        r = run([cmd, '--colour', 'red']);
        assert.equal(r.code, 2);
        r = run([cmd, '--db', db, '--out', file, '--in', file, 'extra']);
        assert.equal(r.code, 2);
      }
      assert.match(run(['--help']).out, /backup .*\n.*restore /);
    });

    if (store === 'postgres') {
      it('gives pg_dump the password in its environment, never on its command line', async () => {
        // A pg_dump first on PATH that writes down what it was given and
        // then runs the real one.
        const fake = path.join(dir, 'bin');
        const seen = path.join(dir, 'pg_dump.seen');
        fs.mkdirSync(fake, { recursive: true });
        fs.writeFileSync(path.join(fake, 'pg_dump'), '#!/bin/sh\n'
          + `{ for a in "$@"; do printf 'arg %s\\n' "$a"; done; printf 'env %s\\n' "\${PGPASSWORD-unset}"; } > '${seen}'\n`
          + 'exec /usr/bin/pg_dump "$@"\n', { mode: 0o755 });
        const db = emptyDatabase(store, dir);
        assert.equal(run(['init', '--db', db]).code, 0);
        // The test cluster trusts local connections, so any password
        // is accepted; what matters is where it travels.
        const name = /^postgres:\/\/\/([^?]+)/.exec(db)[1];
        const withPw = `postgresql://postgres:s3cret%27pw@/${name}?host=${pgHost()}&application_name=%27backup%27%20t%5Cest`;
        const r = run(['backup', '--db', withPw, '--out', path.join(dir, 'pw.backup')],
          { env: { ...process.env, PATH: `${fake}:${process.env.PATH}`, PGPASSWORD: 'from-the-environment' } });
        assert.equal(r.code, 0, r.err);
        const lines = fs.readFileSync(seen, 'utf8').trim().split('\n');
        const args = lines.filter((l) => l.startsWith('arg ')).map((l) => l.slice(4));
        assert.ok(!args.some((a) => a.includes('s3cret')), args.join('\n'));
        assert.ok(args.includes('--format=custom'));
        assert.ok(args.includes('--no-password'));
        const conn = args.find((a) => a.startsWith('--dbname='));
        assert.match(conn, new RegExp(`dbname='${name}'`));
        assert.match(conn, /host='[^']+'/);
        assert.match(conn, /user='postgres'/);
        // Quoted as libpq wants it, and the real pg_dump read it so.
        assert.ok(conn.includes("application_name='\\'backup\\' t\\\\est'"), conn);
        assert.deepEqual(lines.filter((l) => l.startsWith('env ')), ["env s3cret'pw"]);
        assert.ok(!r.out.includes('s3cret') && !r.err.includes('s3cret'));
        // Without a password in the URL, the environment's is left alone.
        const r2 = run(['backup', '--db', db, '--out', path.join(dir, 'nopw.backup')],
          { env: { ...process.env, PATH: `${fake}:${process.env.PATH}`, PGPASSWORD: 'from-the-environment' } });
        assert.equal(r2.code, 0, r2.err);
        assert.ok(fs.readFileSync(seen, 'utf8').includes('env from-the-environment\n'));
        // A secret with no environment variable to carry it is refused.
        const r3 = run(['backup', '--db', `${db}&sslpassword=hush`, '--out', path.join(dir, 'ssl.backup')]);
        assert.equal(r3.code, 1);
        assert.match(r3.err, /sslpassword cannot be passed/);
        assert.ok(!r3.err.includes('hush'));
        // No pg_dump at all: said plainly.
        const r4 = run(['backup', '--db', db, '--out', path.join(dir, 'nopath.backup')], { env: { ...process.env, PATH: '/nonexistent' } });
        assert.equal(r4.code, 1);
        assert.match(r4.err, /cannot run pg_dump: No such file or directory/);
      });
    }
  });
}
