/*
 * totp.h - RFC 6238 one-time passwords, the second factor of staff.
 */
#ifndef TONGBAN_TOTP_H
#define TONGBAN_TOTP_H

#include <stddef.h>
#include <stdint.h>

#define TOTP_PERIOD 30	/* seconds a step */
#define TOTP_DIGITS 6

/* Base32 (RFC 4648, no padding needed): bytes written, or -1. */
int totp_base32_decode(const char *s, unsigned char *out, size_t cap);
/* out holds at least (n * 8 + 4) / 5 + 1 bytes. */
void totp_base32_encode(const unsigned char *in, size_t n, char *out);

/* The HOTP value of key at step (HMAC-SHA-256), `digits` digits. */
uint32_t totp_code(const unsigned char *key, size_t keylen, uint64_t step,
    int digits);

/*
 * Checks a 6-digit code against the secret at now (unix seconds),
 * allowing one step of clock drift either way but never a step at or
 * before last_step (a code is usable once).  The step that matched, to
 * be stored as the new last_step, or -1.
 */
int64_t totp_check(const char *secret_b32, const char *code, int64_t now,
    int64_t last_step);

#endif
