// bench/cases.js STORE SECONDS - the project's own load tool for writes:
// 32 clients file cases (a clerk at the Pengpu Xincun window, one
// transaction each: case, events, materials) and move each one through
// start-pre-review and accept.  Prints cases filed per second and the
// p50/p99 latency of filing and of a transition.  Durability is on:
// SQLite runs with synchronous=FULL, PostgreSQL with fsync.
//
// Usage (bench/run does this for both stores):
//   node bench/cases.js sqlite 10
//   TONGBAN_PG=postgres:///db?host=... node bench/cases.js postgres 10
import http from 'node:http';
import { startServer, demo } from '../tests/lib/server.js';

// node:http with a keep-alive agent: fetch costs several times more CPU
// per request, and the load tool must not be what it measures.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function post(port, path, token, body) {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: {
      'content-type': 'application/json', 'content-length': Buffer.byteLength(data), authorization: `Bearer ${token}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

const store = process.argv[2] || 'sqlite';
const seconds = Number(process.argv[3] || 10);
const clients = 32;
if (store === 'sqlite' && !process.env.TONGBAN_PG) process.env.TONGBAN_PG = 'unused';

const s = await startServer({ store, args: ['--threads', '4'] });
const clerk = await s.signIn('clerk.pengpu');
const filing = [];
const moving = [];
let errors = 0;
const end = Date.now() + seconds * 1000;

async function client(n) {
  const resident = demo.residents[n % demo.residents.length];
  while (Date.now() < end) {
    let t = performance.now();
    const r = await post(s.port, '/api/v1/cases', clerk.token, {
      matter: 'C-CA-001', center: 'JA12', applicant_id_number: resident.id_number, submit: true, commit: true });
    filing.push(performance.now() - t);
    if (r.status !== 201) { errors++; continue; }
    let version = r.json.version;
    for (const action of ['start-pre-review', 'accept']) {
      t = performance.now();
      const m = await post(s.port, `/api/v1/cases/${r.json.id}/transitions`, clerk.token, { action, version });
      moving.push(performance.now() - t);
      if (m.status !== 200) { errors++; break; }
      version = m.json.version;
    }
  }
}
const started = performance.now();
await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
const elapsed = (performance.now() - started) / 1000;
agent.destroy();
await s.stop();

const pct = (a, p) => { const v = [...a].sort((x, y) => x - y); return v[Math.min(v.length - 1, Math.floor(v.length * p))] || 0; };
console.log(`${store.padEnd(9)} ${clients} clients ${elapsed.toFixed(1)} s: ` +
  `${(filing.length / elapsed).toFixed(0)} cases filed/s (p50 ${pct(filing, 0.5).toFixed(1)} ms, p99 ${pct(filing, 0.99).toFixed(1)} ms), ` +
  `${(moving.length / elapsed).toFixed(0)} transitions/s (p50 ${pct(moving, 0.5).toFixed(1)} ms, p99 ${pct(moving, 0.99).toFixed(1)} ms), ` +
  `${errors} errors`);
if (errors) process.exitCode = 1;
