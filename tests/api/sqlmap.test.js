// sqlmap (Debian's package, installed by scripts/deps) against a real
// server on both stores: the catalog search, sign-in (a JSON body, both
// fields), a case read by its applicant (the id in the path, a bearer
// token) and the staff case search (its text filters, as clerk.pengpu).
// Every parameter must come out "not injectable", no request may end in a
// 500, and the server must still answer and exit 0 at SIGTERM afterwards.
// Each run is bounded: level 2, risk 1, one second for time-based tests,
// no retries, and a time limit of its own.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, stores, demo } from '../lib/server.js';

const RUN_LIMIT_MS = 120000;
const liJing = demo.residents[0];

function sqlmapPresent() {
  try { execFileSync('sqlmap', ['--version'], { stdio: 'ignore', env: { ...process.env, TERM: 'dumb' } }); return true; } catch { return false; }
}

// Runs sqlmap on one target; resolves with its output and how long it took.
function sqlmap(target, outDir) {
  const args = [...target, '--batch', '--level=2', '--risk=1', '--technique=BEUST', '--time-sec=1',
    '--timeout=10', '--retries=0', '--threads=4', '--flush-session', '--skip-waf',
    `--output-dir=${outDir}`, '--disable-coloring', '-v', '1', '-t', path.join(outDir, 'traffic.txt')];
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn('sqlmap', args, { cwd: outDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TERM: 'dumb' } });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`sqlmap ran over ${RUN_LIMIT_MS} ms:\n${out.slice(-3000)}`)); }, RUN_LIMIT_MS);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('exit', () => {
      clearTimeout(timer);
      const traffic = fs.existsSync(path.join(outDir, 'traffic.txt')) ? fs.readFileSync(path.join(outDir, 'traffic.txt'), 'utf8') : '';
      resolve({ out, traffic, ms: Date.now() - t0 });
    });
  });
}

// sqlmap's verdict: every parameter tested "does not seem to be
// injectable", the closing "all tested parameters do not appear to be
// injectable", and nothing that says otherwise.
function verdict(out, params) {
  const lines = out.split('\n').map((l) => l.replace(/\r/g, ''));
  const positive = lines.filter((l) => /identified the following injection point|is vulnerable|appears to be '.*' injectable|might be injectable|back-end DBMS is/.test(l));
  assert.deepEqual(positive, [], `sqlmap found something:\n${out.slice(-4000)}`);
  for (const p of params) {
    assert.ok(lines.some((l) => l.includes(`parameter '${p}' does not seem to be injectable`)), `no verdict on ${p}:\n${out.slice(-4000)}`);
  }
  assert.ok(lines.some((l) => l.includes('all tested parameters do not appear to be injectable')), `no final verdict:\n${out.slice(-4000)}`);
  const errors = lines.find((l) => /HTTP error codes detected/.test(l));
  const codes = errors ? lines[lines.indexOf(errors) + 1] : '';
  assert.doesNotMatch(codes, /\b500\b/, `the server answered 500 to some request:\n${codes}`);
  return lines.filter((l) => /does not seem to be injectable|do not appear to be injectable|^\d{3} \(|HTTP error codes/.test(l.replace(/^\[[\d:]+\] \[\w+\] /, '')))
    .map((l) => l.replace(/^\[[\d:]+\] \[\w+\] /, '').replace(/\. Try to increase.*/, ''));
}

describe('sqlmap', () => {
  it('is installed (scripts/deps installs it)', () => {
    assert.ok(sqlmapPresent(), 'sqlmap is missing: run scripts/deps (apt-get install sqlmap)');
  });
});

for (const store of stores()) {
  describe(`sqlmap (${store})`, () => {
    let s, li, clerk, caseId, caseNumber, tmp, started;
    before(async () => {
      started = Date.now();
      s = await startServer({ store });
      li = await s.signIn(liJing.id_number);
      clerk = await s.signIn('clerk.pengpu');
      const r = await s.api('POST', '/api/v1/cases', { token: clerk.token,
        body: { matter: 'C-CA-001', center: 'JA12', applicant_id_number: liJing.id_number, submit: true, commit: true } });
      assert.equal(r.status, 201, r.text);
      caseId = r.json.id;
      caseNumber = r.json.number;
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-sqlmap-'));
    });
    after(async () => {
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
      // The server survived: it answers, and it exits 0 (no crash, no leak
      // under AddressSanitizer).
      const h = await s.api('GET', '/api/v1/health');
      await s.stop();
      assert.equal(h.status, 200, `health after sqlmap: ${h.status} ${h.text}`);
      assert.doesNotMatch(s.log, /status=5\d\d/, 'the server answered 5xx to some request');
      console.log(`sqlmap (${store}): done in ${Date.now() - started} ms, the server answered health 200 and exited 0`);
    });

    // A target: its name, the parameters sqlmap must judge, the answers
    // that show a payload got past the input checks to the store (the
    // case id is an integer: no payload gets there), and sqlmap's target.
    const targets = [
      ['the catalog search', ['q'], [200], () => ['-u', `${s.base}/api/v1/matters?q=${encodeURIComponent('social insurance')}`, '-p', 'q']],
      ['sign-in (a JSON body)', ['JSON login', 'JSON password'], [401], () => ['-u', `${s.base}/api/v1/session`,
        '--data', JSON.stringify({ login: 'nobody.here', password: 'not the password' }), '--ignore-code=401']],
      ['a case read by its applicant', ['#1*'], null, () => ['-u', `${s.base}/api/v1/cases/${caseId}*`, '--headers', `Authorization: Bearer ${li.token}`]],
      ['the staff case search', ['number', 'state', 'matter', 'center'], [200], () => ['-u',
        `${s.base}/api/v1/cases?number=${caseNumber}&state=submitted&matter=C-CA-001&center=JA12`,
        '-p', 'number,state,matter,center', '--headers', `Authorization: Bearer ${clerk.token}`]],
    ];
    for (const [name, params, reached, target] of targets) {
      it(`finds ${name} not injectable`, async () => {
        const dir = fs.mkdtempSync(path.join(tmp, 'run-'));
        const { out, traffic, ms } = await sqlmap(target(), dir);
        const lines = verdict(out, params);
        // What the server answered, from sqlmap's traffic log.
        const statuses = [...traffic.matchAll(/^HTTP response \[#\d+\] \((\d{3})/gm)].map((m) => Number(m[1]));
        const count = {};
        for (const st of statuses) count[st] = (count[st] || 0) + 1;
        assert.ok(statuses.length > 50, `sqlmap sent only ${statuses.length} requests`);
        assert.equal(statuses.filter((st) => st >= 500).length, 0, `5xx answers: ${JSON.stringify(count)}`);
        const past = reached ? statuses.filter((st) => reached.includes(st)).length : 0;
        if (reached) assert.ok(past > 20, `only ${past} requests got past the input checks: ${JSON.stringify(count)}`);
        lines.push(`${statuses.length} requests, answered ${Object.entries(count).map(([k, v]) => `${k}×${v}`).join(', ')}` +
          (reached ? `; ${past} reached the store` : ''));
        console.log(`sqlmap (${store}) ${name}, ${ms} ms:\n${lines.map((l) => `  ${l}`).join('\n')}`);
        const h = await s.api('GET', '/api/v1/health');
        assert.equal(h.status, 200, 'the server still answers');
      });
    }
  });
}
