// tests/lib/totp.js - RFC 6238 codes for the demo staff's documented
// secrets (data/demo_accounts.json), as an authenticator app computes
// them: HMAC-SHA-256, 30-second steps, 6 digits.
//
// A code is usable once, and the server accepts one step of drift either
// way, so one login can sign in at most three times in a step.  nextCode()
// remembers, per database, the last step it gave for each login and
// waits for the clock when it must; `offset` is the server's
// --clock-offset.
import crypto from 'node:crypto';

function base32(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, acc = 0;
  const out = [];
  for (const ch of s.replace(/=+$/, '').toUpperCase()) {
    acc = (acc << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((acc >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function totp(secret, step) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha256', base32(secret)).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
  return String(bin % 1000000).padStart(6, '0');
}

const spent = new Map();	// `${db} ${login}` -> last step given

export async function nextCode(db, login, secret, offset = 0) {
  const key = `${db} ${login}`;
  for (;;) {
    const t = Date.now() / 1000 + offset;
    const now = Math.floor(t / 30);
    // Too close to the next step: the request might arrive after it.
    if (30 - (t % 30) < 1.5) {
      await new Promise((r) => setTimeout(r, 1600));
      continue;
    }
    const step = Math.max(now - 1, (spent.get(key) ?? -Infinity) + 1);
    if (step <= now + 1) {
      spent.set(key, step);
      return totp(secret, step);
    }
    await new Promise((r) => setTimeout(r, (30 - (t % 30)) * 1000 + 50));
  }
}
