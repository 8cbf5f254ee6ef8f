// bench/queue.js STORE SECONDS - the project's own load tool for the
// queue: tickets issued per second (50 terminals taking tickets at once)
// and call-next latency with 50 windows calling in parallel, each clerk
// at their own window (call-next, start, finish, again).
//
// The demo city's Pengpu Xincun center has 25 windows; the benchmark
// loads a copy of data/ whose JA12 has 50 comprehensive windows, and
// creates 50 clerks with `tongban user add`.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startServer, root, tongban } from '../tests/lib/server.js';

const store = process.argv[2] || 'sqlite';
const seconds = Number(process.argv[3] || 10);
const WINDOWS = 50;
if (store === 'sqlite' && !process.env.TONGBAN_PG) process.env.TONGBAN_PG = 'unused';

const data = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-bench-data-'));
fs.cpSync(path.join(root, 'data'), data, { recursive: true });
const layout = JSON.parse(fs.readFileSync(path.join(data, 'windows.json'), 'utf8'));
layout.centers.JA12.groups = [{ code: 'A', kind: 'comprehensive', name_zh: '综合窗口', name_en: 'Comprehensive windows',
  categories: ['*'], windows: WINDOWS, capacity: 20 }];
fs.writeFileSync(path.join(data, 'windows.json'), JSON.stringify(layout));

const s = await startServer({ store, demoArgs: ['--data', data], args: ['--threads', '4', '--data', data] });
for (let i = 0; i < WINDOWS; i++) {
  s.userAdd(['--username', `bench.clerk${i}`, '--name', `窗口${i}`, '--role', 'clerk', '--center', 'JA12'],
    'a long enough passphrase');
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
function call(method, p, token, body) {
  const data = body ? JSON.stringify(body) : '';
  const headers = { 'content-length': Buffer.byteLength(data) };
  if (body) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: s.port, path: p, method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, json: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end(data);
  });
}
const pct = (a, p) => { const v = [...a].sort((x, y) => x - y); return v[Math.min(v.length - 1, Math.floor(v.length * p))] || 0; };

// 1. Tickets: 50 terminals for `seconds`.
let issued = 0, errors = 0;
const issueLat = [];
let end = Date.now() + seconds * 1000;
let t0 = performance.now();
await Promise.all(Array.from({ length: WINDOWS }, async () => {
  while (Date.now() < end) {
    const t = performance.now();
    const r = await call('POST', '/api/v1/centers/JA12/tickets', null, { group: 'A' });
    issueLat.push(performance.now() - t);
    if (r.status === 201) issued++; else errors++;
  }
}));
const issueSecs = (performance.now() - t0) / 1000;

// 2. Calling: 50 clerks at 50 windows, while 20 display boards listen.
//    The time from a call's answer to the board event that shows it is
//    the live pages' latency.
const boards = [];
const shown = new Map();   // ticket label -> ms when the first board showed it
for (let i = 0; i < 20; i++) {
  const ctl = new AbortController();
  const res = await fetch(`${s.base}/api/v1/centers/JA12/board/events`, { signal: ctl.signal });
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  boards.push(ctl);
  (async () => {
    let text = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += dec.decode(value, { stream: true });
        let k;
        while ((k = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, k);
          text = text.slice(k + 2);
          const line = block.split('\n').find((l) => l.startsWith('data: '));
          if (!line) continue;
          const now = performance.now();
          for (const c of JSON.parse(line.slice(6)).calls) if (!shown.has(c.label)) shown.set(c.label, now);
        }
      }
    } catch { /* aborted */ }
  })();
}
const answered = new Map();  // label -> ms when call-next answered
const clerks = [];
for (let i = 0; i < WINDOWS; i++) clerks.push((await s.signIn(`bench.clerk${i}`, 'a long enough passphrase')).token);
const windows = (await call('GET', '/api/v1/centers/JA12/windows', clerks[0])).json.items;
for (let i = 0; i < WINDOWS; i++) await call('POST', `/api/v1/windows/${windows[i].id}/open`, clerks[i]);
const callLat = [];
let calls = 0;
end = Date.now() + seconds * 1000;
t0 = performance.now();
await Promise.all(clerks.map(async (token, i) => {
  const w = windows[i].id;
  while (Date.now() < end) {
    const t = performance.now();
    const r = await call('POST', `/api/v1/windows/${w}/call-next`, token);
    callLat.push(performance.now() - t);
    if (r.status === 404) break;
    if (r.status !== 200) { errors++; break; }
    answered.set(r.json.label, performance.now());
    calls++;
    const st = await call('POST', `/api/v1/tickets/${r.json.id}/actions`, token, { action: 'start', version: r.json.version });
    const fin = await call('POST', `/api/v1/tickets/${r.json.id}/actions`, token, { action: 'finish', version: st.json.version });
    if (fin.status !== 200) { errors++; break; }
  }
}));
const callSecs = (performance.now() - t0) / 1000;
await new Promise((res) => setTimeout(res, 500));
for (const b of boards) b.abort();
const live = [];
for (const [label, t] of answered) if (shown.has(label)) live.push(shown.get(label) - t);
agent.destroy();
await s.stop();
fs.rmSync(data, { recursive: true, force: true });
console.log(`${store.padEnd(9)} ${(issued / issueSecs).toFixed(0)} tickets issued/s (50 terminals, p50 ${pct(issueLat, 0.5).toFixed(1)} ms, ` +
  `p99 ${pct(issueLat, 0.99).toFixed(1)} ms); ${WINDOWS} windows: ${(calls / callSecs).toFixed(0)} calls/s, call-next p50 ` +
  `${pct(callLat, 0.5).toFixed(1)} ms, p99 ${pct(callLat, 0.99).toFixed(1)} ms; 20 boards: call answered -> shown ` +
  `p50 ${pct(live, 0.5).toFixed(1)} ms, p99 ${pct(live, 0.99).toFixed(1)} ms (${live.length} of ${answered.size} calls seen; ` +
  `a board shows the last 12); ${errors} errors`);
if (errors) process.exitCode = 1;
