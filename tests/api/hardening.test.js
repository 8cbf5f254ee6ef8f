// The binary is built hardened: position-independent, full RELRO (the
// GOT read-only after start-up: BIND_NOW + GNU_RELRO), a non-executable
// stack, the stack protector, and _FORTIFY_SOURCE (checked variants of
// the string functions) outside sanitizer builds, where ASan replaces
// them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { bin } from '../lib/server.js';

const sh = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8' });

describe('hardened build', () => {
  it('is PIE with full RELRO and a non-executable stack', () => {
    const dyn = sh('readelf', ['-d', bin]);
    assert.match(dyn, /\(FLAGS\)\s+BIND_NOW/);
    assert.match(dyn, /\(FLAGS_1\)\s+Flags: NOW PIE/);
    const seg = sh('readelf', ['-lW', bin]);
    assert.match(seg, /GNU_RELRO/);
    assert.match(seg, /GNU_STACK\s+(\S+\s+){5}RW\s/, 'the stack is not executable');
  });

  it('has the stack protector, and _FORTIFY_SOURCE outside sanitizer builds', () => {
    const syms = sh('nm', ['-D', bin]);
    assert.match(syms, /__stack_chk_fail/);
    if (!/__asan_init/.test(syms)) {
      assert.match(syms, /__snprintf_chk/);
      assert.match(syms, /__memcpy_chk/);
    }
  });
});
