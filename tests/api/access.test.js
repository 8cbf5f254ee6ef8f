// The access matrix over real HTTP on both stores: every route of
// `tongban routes` called as every role, with its path parameters filled
// with real records made in the set-up (resident A's case, ticket,
// appointments, notice, licence, bundle; a window of JA12...), and the
// answer compared with the documented one (docs/security.md, "Access
// matrix"; docs/openapi.yaml):
//
//   ok   access granted: 2xx, or a 4xx about the input (400, 409, 422, a
//        404 other than `not_found`) - the handler looked at the request
//   none a list answered (2xx) without the record: out of the caller's scope
//   401  not signed in (`unauthorized`)
//   403  the role or its scope may not (`forbidden`)
//   404  `not_found`: a record that exists but is not the caller's is
//        answered as one that does not exist, so ids cannot be probed
//
// A route the table has no row for fails the test: a new endpoint needs
// its row here and in docs/security.md (which this test compares with the
// table).  `node tests/api/access.test.js --markdown` prints the table of
// the docs.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, stores, demo, tongban, root } from '../lib/server.js';

// ------------------------------------------------------------------
// The roles

const ROLES = ['anon', 'owner', 'other', 'ent', 'agent', 'clerkJA', 'clerkBS', 'reviewer', 'managerJA', 'adminBS', 'adminCity', 'auditor'];
const ROLE_NAMES = {
  anon: 'anonymous',
  owner: 'resident A (owns the record)',
  other: 'resident B (another resident)',
  ent: 'the demo enterprise',
  agent: 'an agent of the enterprise',
  clerkJA: 'clerk.pengpu (clerk, JA12)',
  clerkBS: 'clerk.baoshan (clerk, BS01)',
  reviewer: 'reviewer.civil (reviewer, CA)',
  managerJA: 'manager.pengpu (manager, JA12)',
  adminBS: 'admin.baoshan (district admin, 310113)',
  adminCity: 'admin.city (city admin)',
  auditor: 'auditor',
};
const liJing = demo.residents[0];     // A: registered in Baoshan (310113), lives in Jing'an
const liuYang = demo.residents[3];    // B: no enterprise, no relation to A
const pengpu = demo.enterprises[0];   // the demo supermarket (Jing'an)
const chenFang = demo.residents.find((p) => p.id_number === pengpu.agents[0]);
const LOGINS = {
  owner: liJing.id_number, other: liuYang.id_number, ent: pengpu.credit_code, agent: chenFang.id_number,
  clerkJA: 'clerk.pengpu', clerkBS: 'clerk.baoshan', reviewer: 'reviewer.civil', managerJA: 'manager.pengpu',
  adminBS: 'admin.baoshan', adminCity: 'admin.city', auditor: 'auditor',
};

// Groups of roles, for the rules below.
const GROUPS = {
  all: ROLES,
  signedIn: ROLES.filter((r) => r !== 'anon'),
  people: ['owner', 'other', 'ent', 'agent'],        // residents and enterprises
  residents: ['owner', 'other', 'agent'],
  notOwner: ['other', 'ent', 'agent'],
  staff: ['clerkJA', 'clerkBS', 'reviewer', 'managerJA', 'adminBS', 'adminCity', 'auditor'],
};

// Generated rules: a public route answers everyone; a ROUTE_AUTH route
// answers 401 to the anonymous; a ROUTE_STAFF route also 403 to residents
// and enterprises.  `over` then sets roles or groups, in its order.
function rule(base, over = {}) {
  const e = Object.fromEntries(ROLES.map((r) => [r, 'ok']));
  const set = (k, v) => { for (const r of GROUPS[k] || [k]) { assert.ok(ROLES.includes(r), `unknown role ${r}`); e[r] = v; } };
  if (base !== 'public') set('anon', 401);
  if (base === 'staff') set('people', 403);
  for (const [k, v] of Object.entries(over)) set(k, v);
  Object.defineProperty(e, 'kind', { value: base });   // not a role: kept out of Object.keys()
  return e;
}
const PUBLIC = (over) => rule('public', over);
const AUTH = (over) => rule('auth', over);
const STAFF = (over) => rule('staff', over);

// ------------------------------------------------------------------
// The table.  A row: the route as `tongban routes` prints it, the request
// (path, query, body; `fresh` for a session of its own), and the
// expectation of every role.  The first row of a route is its row in
// docs/security.md; further rows (`note`) are other records of the same
// route: someone else's, one that does not exist.

const NO_ID = 999999999;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const NEWBORN = { hukou: 'both', in_hospital: true, married: true, joint: true, birth_reg: true, mother_work: 'employee' };
const SMALL_SHOP = {
  format: 'small', area: 120, trade: 'retail', goods: ['prepackaged'], onsite: false,
  alcohol: false, entity: 'existing', signboard: false, renovation: false, prepaid: false,
};
const PLAN = { arrivals: [20, 30], service: { distribution: 'exponential', mean_minutes: 10 }, target_wait_minutes: 15, max_windows: 5, replications: 10, seed: 1 };
const WRONG_VERSION = 99999;   // no record here has it: a change is refused (409) once access is granted
const staffRole = (role) => GROUPS.staff.includes(role);

const TABLE = [
  // catalog, centers
  { route: 'GET /api/v1/health', access: PUBLIC(), path: () => '/api/v1/health' },
  { route: 'GET /api/v1/matters', access: PUBLIC(), path: () => `/api/v1/matters?q=${encodeURIComponent('社保')}` },
  { route: 'GET /api/v1/matters/{code}', access: PUBLIC(), path: () => '/api/v1/matters/C-CA-001' },
  { route: 'GET /api/v1/departments', access: PUBLIC(), path: () => '/api/v1/departments' },
  { route: 'GET /api/v1/districts', access: PUBLIC(), path: () => '/api/v1/districts' },
  { route: 'GET /api/v1/centers', access: PUBLIC(), path: () => '/api/v1/centers?district=310106' },
  { route: 'GET /api/v1/centers/nearest', access: PUBLIC(), path: () => '/api/v1/centers/nearest?lat=31.30&lng=121.45' },
  { route: 'GET /api/v1/centers/{code}', access: PUBLIC(), path: () => '/api/v1/centers/JA12' },

  // accounts, sessions
  { route: 'POST /api/v1/accounts', access: PUBLIC(), note: 'A registers again: 409',
    path: () => '/api/v1/accounts',
    body: () => ({ kind: 'person', id_number: liJing.id_number, name: liJing.name, mobile: liJing.mobile, password: 'a long enough passphrase' }) },
  { route: 'POST /api/v1/accounts/confirm', access: PUBLIC(), path: () => '/api/v1/accounts/confirm',
    body: () => ({ login: '310101197102159618', code: '000000' }) },
  { route: 'GET /api/v1/accounts', access: STAFF({ reviewer: 403, auditor: 403 }), note: 'A (registered in Baoshan)',
    path: () => `/api/v1/accounts?login=${liJing.id_number}&purpose=access-matrix` },
  { route: 'GET /api/v1/accounts/{id}', access: AUTH({ notOwner: 403, reviewer: 403, auditor: 403 }), note: 'A\'s profile',
    path: (f) => `/api/v1/accounts/${f.accountA}?purpose=access-matrix` },
  { route: 'GET /api/v1/accounts', access: STAFF({ reviewer: 403, auditor: 403, adminBS: 403 }), note: 'B (registered 310112, living 310104)',
    path: () => `/api/v1/accounts?login=${liuYang.id_number}&purpose=access-matrix` },
  { route: 'GET /api/v1/accounts/{id}', access: AUTH({ signedIn: 403, other: 'ok', clerkJA: 'ok', clerkBS: 'ok', managerJA: 'ok', adminCity: 'ok' }),
    note: 'B\'s profile', path: (f) => `/api/v1/accounts/${f.accountB}?purpose=access-matrix` },
  { route: 'GET /api/v1/accounts/{id}', access: AUTH({ signedIn: 403 }), note: 'no such account',
    path: () => `/api/v1/accounts/${NO_ID}?purpose=access-matrix` },
  { route: 'POST /api/v1/password-reset', access: PUBLIC(), path: () => '/api/v1/password-reset',
    body: () => ({ login: liJing.id_number, mobile: '13900000000' }) },
  { route: 'POST /api/v1/password-reset/confirm', access: PUBLIC(), path: () => '/api/v1/password-reset/confirm',
    body: () => ({ login: '310101197102159618', code: '000000', password: 'a long enough passphrase' }) },
  { route: 'POST /api/v1/session', access: PUBLIC(), note: 'no password: 400',
    path: () => '/api/v1/session', body: () => ({ login: 'nobody.here' }) },
  { route: 'DELETE /api/v1/session', access: AUTH(), note: 'a session of its own', fresh: true, path: () => '/api/v1/session' },
  { route: 'GET /api/v1/me', access: AUTH(), path: () => '/api/v1/me' },
  { route: 'GET /api/v1/enterprise/agents', access: AUTH({ signedIn: 403, ent: 'ok' }), path: () => '/api/v1/enterprise/agents' },
  { route: 'POST /api/v1/enterprise/agents', access: AUTH({ signedIn: 403, ent: 'ok' }), note: 'an agent already: 409',
    path: () => '/api/v1/enterprise/agents', body: () => ({ id_number: chenFang.id_number, name: chenFang.name }) },

  // cases
  { route: 'POST /api/v1/cases', access: AUTH({ staff: 403, clerkJA: 'ok', managerJA: 'ok' }),
    note: 'online for oneself; staff at JA12 for B',
    path: () => '/api/v1/cases',
    body: (f, role) => (staffRole(role) ? { matter: 'C-CA-002', center: 'JA12', applicant_id_number: liuYang.id_number } : { matter: 'C-CA-002' }) },
  { route: 'GET /api/v1/cases', note: 'by the number of A\'s case', access: STAFF({ auditor: 403, clerkJA: 'none', managerJA: 'none' }),
    path: (f) => `/api/v1/cases?number=${f.caseANumber}`, has: (j, f) => j.items.some((c) => c.id === f.caseA) },
  { route: 'GET /api/v1/cases/{id}', note: 'A\'s case, filed online, at BS01 (CA)',
    access: AUTH({ notOwner: 404, clerkJA: 404, managerJA: 404, auditor: 404 }),
    path: (f) => `/api/v1/cases/${f.caseA}${f.purpose(f.role)}` },
  { route: 'GET /api/v1/cases/{id}', note: 'the enterprise\'s case, JA12 (TX)',
    access: AUTH({ signedIn: 404, ent: 'ok', agent: 'ok', clerkJA: 'ok', managerJA: 'ok', adminCity: 'ok' }),
    path: (f) => `/api/v1/cases/${f.caseE}${f.purpose(f.role)}` },
  { route: 'GET /api/v1/cases/{id}', note: 'no such case', access: AUTH({ signedIn: 404 }),
    path: (f) => `/api/v1/cases/${NO_ID}${f.purpose(f.role)}` },
  { route: 'POST /api/v1/cases/{id}/transitions', note: 'A\'s case, an old version: 409',
    access: AUTH({ notOwner: 404, clerkJA: 404, managerJA: 404, auditor: 404 }),
    path: (f) => `/api/v1/cases/${f.caseA}/transitions`, body: () => ({ action: 'withdraw', version: WRONG_VERSION }) },
  { route: 'POST /api/v1/cases/{id}/transitions', note: 'A\'s other draft at BS01 (CA): withdraw at its version (A: an old one)',
    access: AUTH({ notOwner: 404, clerkJA: 404, managerJA: 404, auditor: 404, clerkBS: 403, reviewer: 403, adminBS: 403, adminCity: 403 }),
    path: (f) => `/api/v1/cases/${f.caseD}/transitions`,
    body: (f, role) => ({ action: 'withdraw', version: role === 'owner' ? WRONG_VERSION : f.caseDVersion }) },
  { route: 'POST /api/v1/cases/{id}/circulation', note: 'A\'s case at BS01, send',
    access: STAFF({ clerkJA: 404, managerJA: 404, auditor: 404, reviewer: 403, adminBS: 403, adminCity: 403 }),
    path: (f) => `/api/v1/cases/${f.caseA}/circulation`,
    body: () => ({ action: 'send', version: WRONG_VERSION, method: 'courier', tracking: 'SF1234567890' }) },
  { route: 'POST /api/v1/cases/{id}/circulation', note: 'A\'s case received at JA12 for BS01, send',
    access: STAFF({ auditor: 404, clerkBS: 403, reviewer: 403, adminBS: 403, adminCity: 403 }),
    path: (f) => `/api/v1/cases/${f.caseW}/circulation`,
    body: () => ({ action: 'send', version: WRONG_VERSION, method: 'courier', tracking: 'SF1234567890' }) },
  { route: 'POST /api/v1/cases/{id}/materials', note: 'A\'s case, BANK-ACCOUNT',
    access: AUTH({ notOwner: 404, clerkJA: 404, managerJA: 404, auditor: 404, reviewer: 403, adminBS: 403, adminCity: 403 }),
    path: (f) => `/api/v1/cases/${f.caseA}/materials?kind=BANK-ACCOUNT`, raw: PDF, type: 'application/pdf' },
  { route: 'GET /api/v1/cases/{id}/materials/{kind}', note: 'A\'s case, BANK-ACCOUNT',
    access: AUTH({ notOwner: 404, clerkJA: 404, managerJA: 404, auditor: 404 }),
    path: (f) => `/api/v1/cases/${f.caseA}/materials/BANK-ACCOUNT${f.purpose(f.role)}` },
  { route: 'POST /api/v1/cases/{id}/materials/{kind}/received', note: 'A\'s case, BANK-ACCOUNT',
    access: STAFF({ clerkJA: 404, managerJA: 404, auditor: 404, reviewer: 403, adminBS: 403, adminCity: 403 }),
    path: (f) => `/api/v1/cases/${f.caseA}/materials/BANK-ACCOUNT/received` },
  { route: 'GET /api/v1/me/cases', access: AUTH({ notOwner: 'none', staff: 403 }), note: 'lists A\'s case',
    path: () => '/api/v1/me/cases', has: (j, f) => j.items.some((c) => c.id === f.caseA) },

  // notices, licences, audit
  { route: 'GET /api/v1/me/notices', access: AUTH({ signedIn: 'none', owner: 'ok' }), note: 'lists A\'s notice',
    path: () => '/api/v1/me/notices', has: (j, f) => j.items.some((n) => n.id === f.noticeA) },
  { route: 'POST /api/v1/me/notices/{id}/read', note: 'A\'s notice', access: AUTH({ signedIn: 404, owner: 'ok' }),
    path: (f) => `/api/v1/me/notices/${f.noticeA}/read` },
  { route: 'GET /api/v1/me/licences', access: AUTH({ notOwner: 'none', staff: 403 }), note: 'lists A\'s ID card',
    path: () => '/api/v1/me/licences', has: (j, f) => j.items.some((l) => l.verify_code === f.licenceCode) },
  { route: 'GET /api/v1/licences/verify/{code}', access: PUBLIC(), note: 'A\'s ID card',
    path: (f) => `/api/v1/licences/verify/${f.licenceCode}` },
  { route: 'GET /api/v1/licences/verify/{code}/qr.svg', access: PUBLIC(), path: (f) => `/api/v1/licences/verify/${f.licenceCode}/qr.svg` },
  { route: 'POST /api/v1/licences/{id}/revoke', note: 'A\'s marriage certificate (CA), revoked already: 409',
    access: STAFF({ staff: 403, reviewer: 'ok', adminCity: 'ok' }),
    path: (f) => `/api/v1/licences/${f.licenceCA}/revoke`, body: () => ({ reason: 'access matrix' }) },
  { route: 'POST /api/v1/licences/{id}/revoke', note: 'no such licence', access: STAFF({ staff: 403 }),
    path: () => `/api/v1/licences/${NO_ID}/revoke`, body: () => ({ reason: 'access matrix' }) },
  { route: 'GET /api/v1/audit', access: STAFF({ staff: 403, auditor: 'ok' }), path: () => '/api/v1/audit?limit=1' },

  // the queue
  { route: 'POST /api/v1/centers/{id}/tickets', access: PUBLIC(), path: () => '/api/v1/centers/JA12/tickets', body: () => ({}) },
  { route: 'GET /api/v1/tickets/{id}', note: 'A\'s ticket at JA12, without its code',
    access: PUBLIC({ all: 404, owner: 'ok', clerkJA: 'ok', managerJA: 'ok' }), path: (f) => `/api/v1/tickets/${f.ticketA}` },
  { route: 'GET /api/v1/tickets/{id}', note: 'A\'s ticket, with its code', access: PUBLIC(),
    path: (f) => `/api/v1/tickets/${f.ticketA}?code=${f.ticketCode}` },
  { route: 'GET /api/v1/tickets/{id}', note: 'no such ticket', access: PUBLIC({ all: 404 }), path: () => `/api/v1/tickets/${NO_ID}` },
  { route: 'GET /api/v1/tickets/{id}/qr.svg', note: 'A\'s ticket, without its code',
    access: PUBLIC({ all: 404, owner: 'ok', clerkJA: 'ok', managerJA: 'ok' }), path: (f) => `/api/v1/tickets/${f.ticketA}/qr.svg` },
  { route: 'POST /api/v1/tickets/{id}/actions', note: 'A\'s ticket at JA12, an old version: 409',
    access: STAFF({ staff: 404, clerkJA: 'ok', managerJA: 'ok' }),
    path: (f) => `/api/v1/tickets/${f.ticketA}/actions`, body: () => ({ action: 'recall', version: WRONG_VERSION }) },
  { route: 'GET /api/v1/centers/{id}/windows', note: 'JA12', access: STAFF({ staff: 403, clerkJA: 'ok', managerJA: 'ok', adminCity: 'ok' }),
    path: () => '/api/v1/centers/JA12/windows' },
  { route: 'POST /api/v1/windows/{id}/open', note: 'a window of JA12', access: STAFF({ staff: 404, clerkJA: 'ok', managerJA: 'ok' }),
    path: (f) => `/api/v1/windows/${f.windowJA}/open` },
  { route: 'POST /api/v1/windows/{id}/open', note: 'no such window', access: STAFF({ staff: 404 }), path: () => `/api/v1/windows/${NO_ID}/open` },
  { route: 'POST /api/v1/windows/{id}/close', note: 'a window of JA12', access: STAFF({ staff: 404, clerkJA: 'ok', managerJA: 'ok' }),
    path: (f) => `/api/v1/windows/${f.windowJA}/close` },
  { route: 'POST /api/v1/windows/{id}/call-next', note: 'a window of JA12', access: STAFF({ staff: 404, clerkJA: 'ok', managerJA: 'ok' }),
    path: (f) => `/api/v1/windows/${f.windowJA}/call-next` },
  { route: 'GET /api/v1/centers/{id}/board', access: PUBLIC(), path: () => '/api/v1/centers/JA12/board' },
  { route: 'GET /api/v1/centers/{id}/board/events', access: PUBLIC(), path: () => '/api/v1/centers/JA12/board/events', stream: true },
  { route: 'GET /api/v1/tickets/{id}/events', note: 'A\'s ticket at JA12, without its code',
    access: PUBLIC({ all: 404, owner: 'ok', clerkJA: 'ok', managerJA: 'ok' }), path: (f) => `/api/v1/tickets/${f.ticketA}/events`, stream: true },
  { route: 'GET /api/v1/centers/{id}/slots', access: PUBLIC(), path: (f) => `/api/v1/centers/JA12/slots?date=${f.slotDate}` },
  { route: 'GET /api/v1/centers/{id}/stats', note: 'JA12', access: STAFF({ staff: 403, managerJA: 'ok', adminCity: 'ok' }),
    path: () => '/api/v1/centers/JA12/stats' },
  { route: 'GET /api/v1/centers/{id}/stats', note: 'BS01', access: STAFF({ staff: 403, adminBS: 'ok', adminCity: 'ok' }),
    path: () => '/api/v1/centers/BS01/stats' },
  { route: 'GET /api/v1/centers/{id}/stats', note: 'no such center', access: STAFF({ staff: 403 }), path: () => '/api/v1/centers/ZZ99/stats' },
  { route: 'POST /api/v1/centers/{id}/plan', note: 'JA12', access: STAFF({ staff: 403, managerJA: 'ok', adminCity: 'ok' }),
    path: () => '/api/v1/centers/JA12/plan', body: () => PLAN },

  // appointments
  { route: 'POST /api/v1/appointments', note: 'a slot in the past: 422', access: AUTH({ staff: 403 }),
    path: () => '/api/v1/appointments', body: (f) => ({ center: 'JA12', group: 'A', date: f.yesterday, time: '10:00' }) },
  { route: 'PATCH /api/v1/appointments/{id}', note: 'A\'s appointment, to a slot in the past: 422',
    access: AUTH({ notOwner: 404, staff: 403 }),
    path: (f) => `/api/v1/appointments/${f.apptA}`, body: (f) => ({ date: f.yesterday, time: '10:00' }) },
  { route: 'PATCH /api/v1/appointments/{id}', note: 'no such appointment', access: AUTH({ people: 404, staff: 403 }),
    path: () => `/api/v1/appointments/${NO_ID}`, body: (f) => ({ date: f.yesterday, time: '10:00' }) },
  { route: 'DELETE /api/v1/appointments/{id}', note: 'A\'s second appointment', access: AUTH({ notOwner: 404, staff: 403 }),
    path: (f) => `/api/v1/appointments/${f.apptA2}` },
  { route: 'POST /api/v1/appointments/{id}/check-in', note: 'A\'s appointment, too early: 409',
    access: AUTH({ notOwner: 404, staff: 403 }), path: (f) => `/api/v1/appointments/${f.apptA}/check-in` },
  { route: 'GET /api/v1/me/appointments', access: AUTH({ signedIn: 'none', owner: 'ok' }), note: 'lists A\'s appointment',
    path: () => '/api/v1/me/appointments', has: (j, f) => j.items.some((a) => a.id === f.apptA) },

  // guidance
  { route: 'GET /api/v1/guidance/scenarios', access: PUBLIC(), path: () => '/api/v1/guidance/scenarios' },
  { route: 'GET /api/v1/guidance/scenarios/{id}', access: PUBLIC(), path: () => '/api/v1/guidance/scenarios/newborn' },
  { route: 'POST /api/v1/guidance/scenarios/{id}/evaluate', access: PUBLIC(), path: () => '/api/v1/guidance/scenarios/newborn/evaluate',
    body: () => ({ answers: NEWBORN }) },
  { route: 'POST /api/v1/guidance/scenarios/{id}/guide.pdf', access: PUBLIC(), path: () => '/api/v1/guidance/scenarios/newborn/guide.pdf',
    body: () => ({ answers: NEWBORN }) },
  { route: 'POST /api/v1/guidance/scenarios/{id}/applications', note: 'newborn, a scenario for persons',
    access: AUTH({ ent: 403, staff: 403 }),
    path: () => '/api/v1/guidance/scenarios/newborn/applications', body: () => ({ answers: NEWBORN }) },
  { route: 'POST /api/v1/guidance/scenarios/{id}/applications', note: 'supermarket, a scenario for enterprises',
    access: AUTH({ residents: 403, staff: 403 }),
    path: () => '/api/v1/guidance/scenarios/supermarket/applications', body: () => ({ answers: SMALL_SHOP }) },
  { route: 'GET /api/v1/guidance/bundles/{id}', note: 'A\'s bundle', access: AUTH({ signedIn: 404, owner: 'ok' }),
    path: (f) => `/api/v1/guidance/bundles/${f.bundleA}` },
  { route: 'GET /api/v1/guidance/bundles/{id}', note: 'the enterprise\'s bundle', access: AUTH({ signedIn: 404, ent: 'ok' }),
    path: (f) => `/api/v1/guidance/bundles/${f.bundleE}` },
  { route: 'POST /api/v1/guidance/bundles/{id}/submit', note: 'A\'s bundle', access: AUTH({ signedIn: 404, owner: 'ok' }),
    path: (f) => `/api/v1/guidance/bundles/${f.bundleA}/submit`, body: () => ({ commit: true }) },
];

// ------------------------------------------------------------------
// The table of docs/security.md: the first row of each route.

const SHORT = { anon: 'anon', owner: 'A', other: 'B', ent: 'ent', agent: 'agent', clerkJA: 'clerk JA12', clerkBS: 'clerk BS01',
  reviewer: 'reviewer CA', managerJA: 'manager JA12', adminBS: 'admin 310113', adminCity: 'admin city', auditor: 'auditor' };

function markdown() {
  const seen = new Set();
  const lines = [`| endpoint | record | ${ROLES.map((r) => SHORT[r]).join(' | ')} |`,
    `|---|---|${ROLES.map(() => '---').join('|')}|`];
  for (const row of TABLE) {
    if (seen.has(row.route)) continue;
    seen.add(row.route);
    const [method, p] = row.route.split(' ');
    lines.push(`| \`${method} ${p.replace('/api/v1', '')}\` | ${row.note || ''} | ${ROLES.map((r) => row.access[r]).join(' | ')} |`);
  }
  return lines.join('\n');
}

function docsTable() {
  const text = fs.readFileSync(path.join(root, 'docs/security.md'), 'utf8');
  const at = text.indexOf('\n## Access matrix');
  if (at < 0) return null;
  const lines = text.slice(at).split('\n');
  const start = lines.findIndex((l) => l.startsWith('| endpoint |'));
  if (start < 0) return null;
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

const routes = () => tongban(['routes']).trim().split('\n');

// The operations of docs/openapi.yaml that declare a session (`security:`).
function secured() {
  const text = fs.readFileSync(path.join(root, 'docs/openapi.yaml'), 'utf8');
  const ops = new Set();
  let p = null, op = null, inPaths = false;
  for (const line of text.split('\n')) {
    if (/^paths:\s*$/.test(line)) { inPaths = true; continue; }
    if (inPaths && /^\S/.test(line)) inPaths = false;
    if (!inPaths) continue;
    let m = /^ {2}(\/\S*):\s*$/.exec(line);
    if (m) { p = m[1]; op = null; continue; }
    m = /^ {4}(get|put|post|patch|delete):\s*$/.exec(line);
    if (m) { op = `${m[1].toUpperCase()} ${p}`; continue; }
    if (op && /^ {6}security:/.test(line)) ops.add(op);
  }
  return ops;
}
const pattern = (route) => new RegExp(`^${route.split(' ')[1].replace(/\{[^}]+\}/g, '[^/?]+')}(\\?.*)?$`);

if (process.argv.includes('--markdown')) {
  console.log(markdown());
} else {
  describe('access matrix: the table', () => {
    it('has a row for every route of the server, and none for a route it lacks', () => {
      const have = routes();
      const covered = new Set(TABLE.map((r) => r.route));
      const withSession = secured();
      assert.deepEqual(have.filter((r) => !covered.has(r)), [], 'routes without a row in the access table (tests/api/access.test.js and docs/security.md)');
      assert.deepEqual([...covered].filter((r) => !have.includes(r)), [], 'rows of routes the server does not have');
      for (const row of TABLE) {
        assert.deepEqual(Object.keys(row.access), ROLES, row.route);
        for (const v of Object.values(row.access)) assert.ok(['ok', 'none', 401, 403, 404].includes(v), `${row.route}: ${v}`);
        // The rule agrees with docs/openapi.yaml: a route that needs a
        // session declares `security`, a public one does not.
        assert.equal(row.access.kind !== 'public', withSession.has(row.route), `${row.route}: ${row.access.kind} in the table, security in docs/openapi.yaml`);
        assert.equal(Object.values(row.access).includes('none'), Boolean(row.has), `${row.route}: 'none' needs has()`);
      }
    });

    it('is the table of docs/security.md', () => {
      assert.equal(docsTable(), markdown(), 'docs/security.md, "## Access matrix": paste the table that `node tests/api/access.test.js --markdown` prints');
    });
  });

  for (const store of stores()) {
    describe(`access matrix (${store})`, () => {
      let s;
      const who = {};
      const f = {};
      before(async () => {
        s = await startServer({ store });
        for (const [role, login] of Object.entries(LOGINS)) who[role] = await s.signIn(login);
        await setUp(s, who, f);
      });
      after(async () => { await s.stop(); });

      it('answers every route as every role as documented', async () => {
        const t0 = Date.now();
        const cells = [];
        for (const row of TABLE) for (const role of ROLES) cells.push({ row, role });
        const results = [];
        const BATCH = 8;
        for (let i = 0; i < cells.length; i += BATCH) {
          results.push(...await Promise.all(cells.slice(i, i + BATCH).map((c) => call(s, who, f, c))));
        }
        const wrong = results.filter((x) => x.got !== x.want);
        const endpoints = new Set(TABLE.map((r) => r.route)).size;
        console.log(`access matrix (${store}): ${TABLE.length} rows over ${endpoints} endpoints × ${ROLES.length} roles = ${cells.length} cells, ` +
          `${cells.length - wrong.length} as documented, ${wrong.length} not, in ${Date.now() - t0} ms`);
        for (const x of wrong) console.log(`  MISMATCH ${x.text}`);
        // ACCESS_MATRIX_VERBOSE=1: every cell's answer.
        if (process.env.ACCESS_MATRIX_VERBOSE) for (const x of results) if (x.got === x.want) console.log(`  as documented ${x.text}`);
        assert.deepEqual(wrong.map((x) => x.text), [], 'cells that differ from the documented access');
      });

      // HEAD is accepted wherever GET is: it must not be a way around the
      // checks of the GET.
      it('answers HEAD as it answers GET, for every role', async () => {
        const cells = [];
        for (const row of TABLE) if (row.route.startsWith('GET ') && !row.stream) for (const role of ROLES) cells.push({ row, role });
        const wrong = [];
        for (let i = 0; i < cells.length; i += 8) {
          await Promise.all(cells.slice(i, i + 8).map(async ({ row, role }) => {
            const p = row.path({ ...f, role });
            const headers = role === 'anon' ? {} : { authorization: `Bearer ${who[role].token}` };
            const [g, h] = [await fetch(s.base + p, { headers }), await fetch(s.base + p, { method: 'HEAD', headers })];
            await g.arrayBuffer();
            if (g.status !== h.status) wrong.push(`HEAD ${p} as ${ROLE_NAMES[role]}: ${h.status}, GET: ${g.status}`);
          }));
        }
        console.log(`access matrix (${store}): HEAD of ${cells.length} GET cells`);
        assert.deepEqual(wrong, []);
      });

      // A browser's session (the cookie) changes nothing without its CSRF
      // token, on every route that changes state, public ones included.
      it('refuses every state-changing route to a cookie without its CSRF token', async () => {
        const city = await s.signIn(LOGINS.adminCity);
        const wrong = [];
        const changing = TABLE.filter((row, i) => !row.route.startsWith('GET ') && TABLE.findIndex((x) => x.route === row.route) === i);
        for (const row of changing) {
          for (const csrf of [null, 'x'.repeat(43)]) {
            const [method] = row.route.split(' ');
            const headers = { cookie: `__Host-tongban=${city.cookie}` };
            if (csrf) headers['x-csrf-token'] = csrf;
            let body;
            if (row.raw) { body = row.raw; headers['content-type'] = row.type; }
            else if (row.body) { body = JSON.stringify(row.body(f, 'adminCity')); headers['content-type'] = 'application/json'; }
            const r = await s.api(method, row.path({ ...f, role: 'adminCity' }), { raw: body, headers });
            if (r.status !== 403 || r.json?.error?.code !== 'csrf') {
              wrong.push(`${row.route} by cookie, ${csrf ? 'a wrong' : 'no'} X-CSRF-Token: ${r.status} ${r.text.slice(0, 120)}`);
            }
          }
        }
        console.log(`access matrix (${store}): CSRF of ${changing.length} state-changing routes`);
        assert.deepEqual(wrong, []);
        assert.equal((await s.api('GET', '/api/v1/me', { cookie: city.cookie })).status, 200, 'the session still works');
      });
    });
  }
}

// ------------------------------------------------------------------
// The records the rows name

const shanghaiDay = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);

async function setUp(s, who, f) {
  const must = (r, status, what) => { assert.equal(r.status, status, `set-up: ${what}: ${r.status} ${r.text}`); return r.json; };
  const A = who.owner;
  f.accountA = A.account.id;
  f.accountB = who.other.account.id;
  f.purpose = (role) => (staffRole(role) ? '?purpose=access-matrix' : '');
  f.yesterday = shanghaiDay(Date.now() - 86400e3);

  // A's case, filed online: received and decided at BS01 (her registered
  // district), a matter of civil affairs with one material to upload.
  let c = must(await s.api('POST', '/api/v1/cases', { token: A.token, body: { matter: 'C-CA-019' } }), 201, 'case of A');
  assert.equal(c.received_at_center, 'BS01');
  assert.equal(c.competent_center, 'BS01');
  f.caseA = c.id;
  f.caseANumber = c.number;
  must(await s.api('POST', `/api/v1/cases/${c.id}/materials?kind=BANK-ACCOUNT`,
    { token: A.token, raw: PDF, headers: { 'content-type': 'application/pdf' } }), 201, 'upload');

  // A's case filed at the JA12 window, to be decided at BS01.
  c = must(await s.api('POST', '/api/v1/cases', { token: who.clerkJA.token,
    body: { matter: 'C-CA-001', center: 'JA12', applicant_id_number: liJing.id_number, submit: true, commit: true } }), 201, 'case at JA12');
  assert.equal(c.received_at_center, 'JA12');
  assert.equal(c.competent_center, 'BS01');
  f.caseW = c.id;

  // Another draft of A's, only for the withdrawal that others may not make.
  c = must(await s.api('POST', '/api/v1/cases', { token: A.token, body: { matter: 'C-CA-002' } }), 201, 'draft of A');
  assert.equal(c.competent_center, 'BS01');
  f.caseD = c.id;
  f.caseDVersion = c.version;

  // The enterprise's own case, at JA12.
  c = must(await s.api('POST', '/api/v1/cases', { token: who.ent.token, body: { matter: 'E-TX-002', center: 'JA12' } }), 201, 'case of the enterprise');
  f.caseE = c.id;

  // A notice of A: a case of hers not accepted.
  c = must(await s.api('POST', '/api/v1/cases', { token: A.token, body: { matter: 'C-CA-002', submit: true, commit: true } }), 201, 'case to refuse');
  must(await s.api('POST', `/api/v1/cases/${c.id}/transitions`, { token: who.clerkBS.token,
    body: { action: 'not-accept', version: c.version, reason: 'access matrix' } }), 200, 'not-accept');
  const notices = must(await s.api('GET', '/api/v1/me/notices', { token: A.token }), 200, 'notices');
  f.noticeA = notices.items.find((n) => n.case_id === c.id).id;

  // A's licences: her ID card's code; her marriage certificate (civil
  // affairs), revoked so that a revocation the matrix lets through changes nothing.
  const lic = must(await s.api('GET', '/api/v1/me/licences', { token: A.token }), 200, 'licences').items;
  f.licenceCode = lic.find((l) => l.kind === 'ID-CARD').verify_code;
  f.licenceCA = lic.find((l) => l.kind === 'MARRIAGE-CERT').id;
  must(await s.api('POST', `/api/v1/licences/${f.licenceCA}/revoke`, { token: who.reviewer.token, body: { reason: 'access matrix' } }), 200, 'revoke');

  // A's ticket at JA12, and a window there.
  const t = must(await s.api('POST', '/api/v1/centers/JA12/tickets', { token: A.token, body: {} }), 201, 'ticket');
  f.ticketA = t.id;
  f.ticketCode = t.code;
  const w = must(await s.api('GET', '/api/v1/centers/JA12/windows', { token: who.clerkJA.token }), 200, 'windows').items;
  f.windowJA = w[0].id;

  // A's two appointments at JA12, on the first day with open slots.
  for (let d = 1; d < 20 && !f.apptA; d++) {
    const date = shanghaiDay(Date.now() + d * 86400e3);
    const r = must(await s.api('GET', `/api/v1/centers/JA12/slots?date=${date}&group=A`), 200, 'slots');
    const open = r.groups[0].slots.filter((x) => x.available > 0);
    if (open.length < 2) continue;
    f.slotDate = date;
    f.apptA = must(await s.api('POST', '/api/v1/appointments', { token: A.token, body: { center: 'JA12', group: 'A', date, time: open.at(-1).time } }), 201, 'appointment').id;
    f.apptA2 = must(await s.api('POST', '/api/v1/appointments', { token: A.token, body: { center: 'JA12', group: 'A', date, time: open.at(-2).time } }), 201, 'appointment').id;
  }
  assert.ok(f.apptA, 'set-up: no day with open slots');

  // A's bundle of draft applications, and the enterprise's.
  f.bundleA = must(await s.api('POST', '/api/v1/guidance/scenarios/newborn/applications', { token: A.token, body: { answers: NEWBORN } }), 201, 'bundle').id;
  f.bundleE = must(await s.api('POST', '/api/v1/guidance/scenarios/supermarket/applications', { token: who.ent.token, body: { answers: SMALL_SHOP } }), 201, 'bundle').id;
  assert.ok(f.bundleA && f.bundleE);
}

// ------------------------------------------------------------------
// One cell

// What an answer means for access.
function outcome(status, json, has) {
  const code = json?.error?.code;
  if (has && status >= 200 && status < 300) return has(json) ? 'ok' : 'none';
  if (status === 401 && code === 'unauthorized') return 401;
  if (status === 403 && code === 'forbidden') return 403;
  if (status === 404 && code === 'not_found') return 404;
  if (status >= 200 && status < 300) return 'ok';
  // A request this test got wrong, not an answer about access.
  if (['unknown_parameter', 'unexpected_body', 'invalid_json', 'unsupported_media_type'].includes(code)) return `bad request (${code})`;
  if ([400, 409, 422].includes(status) || (status === 404 && code)) return 'ok';
  return `${status}${code ? ` ${code}` : ''}`;
}

async function call(s, who, f, { row, role }) {
  const p = row.path({ ...f, role });
  assert.match(p, pattern(row.route), `${row.route}: the path ${p} is not of this route`);
  const [method] = row.route.split(' ');
  const headers = {};
  let token = null;
  if (role !== 'anon') token = row.fresh ? (await s.signIn(LOGINS[role])).token : who[role].token;
  if (token) headers.authorization = `Bearer ${token}`;
  let body;
  if (row.raw) { body = row.raw; headers['content-type'] = row.type; }
  else if (row.body) { body = JSON.stringify(row.body(f, role)); headers['content-type'] = 'application/json'; }
  const ac = new AbortController();
  let status, json = null, text = '';
  try {
    const res = await fetch(s.base + p, { method, headers, body, signal: ac.signal });
    status = res.status;
    if (row.stream && status === 200) {
      ac.abort();   // an event stream stays open: the status is the answer
    } else {
      text = await res.text();
      try { json = JSON.parse(text); } catch { /* not JSON */ }
    }
  } catch (e) {
    if (status === undefined) throw e;
  }
  const got = outcome(status, json, row.has && ((j) => row.has(j, f)));
  const want = row.access[role];
  return {
    got, want,
    text: `${row.route}${row.note ? ` [${row.note}]` : ''} as ${ROLE_NAMES[role]}: documented ${want}, answered ${status}` +
      `${json?.error ? ` ${json.error.code}${json.error.field ? ` (${json.error.field})` : ''}: ${json.error.message}` : ''}`,
  };
}
