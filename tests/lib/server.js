// tests/lib/server.js - starts a real tongban server for a test file and
// talks to it over real HTTP.
//
// startServer({ store }) creates a fresh database (an SQLite file in a
// temporary folder, or a new database in the throwaway PostgreSQL cluster
// that tests/run started, named by TONGBAN_PG), loads the demo city with
// `tongban init --demo`, starts `tongban serve` on a free port and waits
// until it answers.  stop() sends SIGTERM and checks that the server
// exits 0: under AddressSanitizer a leak at shutdown fails the test.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nextCode } from './totp.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = path.resolve(root, process.env.TONGBAN_BIN || 'build/tongban');
export const DEMO_PASSWORD = 'tongban-demo-2026';
export const demo = JSON.parse(fs.readFileSync(path.join(root, 'data/demo_accounts.json'), 'utf8'));
export const hukou = JSON.parse(fs.readFileSync(path.join(root, 'data/hukou.json'), 'utf8'));
export const registry = JSON.parse(fs.readFileSync(path.join(root, 'data/business_registry.json'), 'utf8'));

// The stores every API test runs against.  PostgreSQL is not optional:
// tests/run always starts it, and a missing URL is an error, not a skip.
export function stores() {
  if (!process.env.TONGBAN_PG) throw new Error('TONGBAN_PG is not set: run the tests through tests/run');
  return ['sqlite', 'postgres'];
}

let dbCounter = 0;

function newDatabase(store, dir) {
  if (store === 'sqlite') return `sqlite:${path.join(dir, 'tongban.db')}`;
  const host = /[?&]host=([^&]+)/.exec(process.env.TONGBAN_PG)[1];
  const name = `t_${process.pid}_${Date.now()}_${dbCounter++}`;
  execFileSync('psql', ['-h', host, '-U', 'postgres', '-d', 'postgres', '-q', '-c', `CREATE DATABASE ${name}`]);
  return `postgres:///${name}?host=${host}&user=postgres`;
}

export function tongban(args, opts = {}) {
  return execFileSync(bin, args, { cwd: root, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...opts });
}

// With `reuse` (a server from an earlier startServer), the new server
// opens that one's database and files instead of a fresh city: a restart.
export async function startServer({ store = 'sqlite', args = [], demoArgs = [], init = true, reuse = null } = {}) {
  const dir = reuse ? reuse.dir : fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-'));
  const db = reuse ? reuse.db : newDatabase(store, dir);
  if (reuse) init = false;
  const smsFile = path.join(dir, 'sms.jsonl');
  const extraSecrets = reuse ? reuse.extraSecrets : new Map();
  const at = args.lastIndexOf('--clock-offset');
  const clockOffset = at >= 0 ? Number(args[at + 1]) : 0;
  if (init) tongban(['init', '--demo', '--db', db, ...demoArgs]);
  const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--db', db, '--sms-file', smsFile,
    '--files', path.join(dir, 'files'), '--threads', '4', '--key-file', path.join(dir, 'keys', 'tongban.keys'),
    // Limits high enough for every test's requests to reach the handlers;
    // tests of the limits pass their own (the last flag wins).
    '--rate-signin', '100000', '--rate-write', '1000000', ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 15000);
    child.stderr.on('data', (d) => {
      log += d;
      const m = /msg="serving" url=http:\/\/127\.0\.0\.1:(\d+)\//.exec(log);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${log}`)); });
  });
  const base = `http://127.0.0.1:${port}`;
  const server = {
    store, db, dir, base, port, smsFile, child, clockOffset, extraSecrets,
    get log() { return log; },
    api: (method, p, opts) => api(base, method, p, opts),
    // The SMS messages the demo gateway wrote, oldest first.
    sms() {
      if (!fs.existsSync(smsFile)) return [];
      return fs.readFileSync(smsFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    },
    lastCode(mobile) {
      const msgs = server.sms().filter((m) => m.to === mobile);
      if (!msgs.length) return null;
      return /(\d{6})/.exec(msgs[msgs.length - 1].body)[1];
    },
    // Runs SQL on the test's database with the engine's own client, so
    // checks and set-ups do not go through the server under test.
    sql(query) {
      if (store === 'sqlite') {
        return execFileSync('sqlite3', [db.slice('sqlite:'.length), query], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
      }
      const [, name, host] = /^postgres:\/\/\/([^?]+)\?host=([^&]+)/.exec(db);
      return execFileSync('psql', ['-h', host, '-U', 'postgres', '-d', name, '-At', '-c', query], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    },
    // Staff add the code of their authenticator (the demo secrets, or
    // the one `tongban user add` printed through userAdd()).
    async signIn(login, password = DEMO_PASSWORD) {
      const body = { login, password };
      const secret = demo.staff.find((x) => x.username === login)?.totp_secret ?? extraSecrets.get(login);
      if (secret) body.totp = await nextCode(db, login, secret, clockOffset);
      const r = await api(base, 'POST', '/api/v1/session', { body });
      if (r.status !== 201) throw new Error(`sign-in of ${login} failed: ${r.status} ${r.text}`);
      const cookie = /__Host-tongban=([^;]+)/.exec(r.headers.get('set-cookie'))[1];
      return { token: r.json.token, csrf: r.json.csrf_token, cookie, account: r.json.account };
    },
    // Stops the server; keep: true leaves its database and files for a
    // restart (startServer({ reuse })).
    async stop({ keep = false } = {}) {
      if (child.exitCode === null) child.kill('SIGTERM');
      const { code, signal } = await exited;
      if (!keep) fs.rmSync(dir, { recursive: true, force: true });
      if (code !== 0) throw new Error(`server exited with ${code ?? signal}:\n${log.slice(-4000)}`);
    },
    // `tongban user add --username U ...` with the password on standard
    // input; remembers the TOTP secret it prints for signIn().
    userAdd(args, password) {
      const out = tongban(['user', 'add', '--db', db, ...args], { input: `${password}\n` });
      const secret = /^TOTP secret .*: ([A-Z2-7]+)$/m.exec(out)[1];
      extraSecrets.set(args[args.indexOf('--username') + 1], secret);
      return out;
    },
    // kill -9: no shutdown at all.
    async crash() {
      child.kill('SIGKILL');
      await exited;
    },
  };
  return server;
}

// One request over real HTTP.  `token` sends a bearer token; `cookie`
// (with `csrf`) acts as a browser session.
export async function api(base, method, p, { body, raw, token, cookie, csrf, headers = {} } = {}) {
  const h = { ...headers };
  let payload;
  if (raw !== undefined) payload = raw;
  else if (body !== undefined) { payload = JSON.stringify(body); h['content-type'] ??= 'application/json'; }
  if (token) h.authorization = `Bearer ${token}`;
  if (cookie) h.cookie = `__Host-tongban=${cookie}`;
  if (csrf) h['x-csrf-token'] = csrf;
  const res = await fetch(base + p, { method, headers: h, body: payload });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, json };
}
