/*
 * totp.c - time-based one-time passwords (RFC 6238) for staff sign-in.
 *
 * HMAC-SHA-256 (RFC 6238 allows SHA-1, SHA-256 and SHA-512; libsodium
 * has SHA-256, and authenticator apps read "algorithm=SHA256" from the
 * otpauth URI), 30-second steps, 6 digits, dynamic truncation as in
 * RFC 4226.  Secrets travel as RFC 4648 base32 without padding.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "totp.h"

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int
totp_base32_decode(const char *s, unsigned char *out, size_t cap)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t n = 0;

	for (; *s; s++) {
		const char *p;
		char c = *s;

		if (c == '=' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if ((p = strchr(b32, c)) == NULL || c == '\0')
			return -1;
		acc = (acc << 5) | (uint32_t)(p - b32);
		bits += 5;
		if (bits >= 8) {
			if (n == cap)
				return -1;
			out[n++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return (int)n;
}

void
totp_base32_encode(const unsigned char *in, size_t n, char *out)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			*out++ = b32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		*out++ = b32[(acc << (5 - bits)) & 31];
	*out = '\0';
}

uint32_t
totp_code(const unsigned char *key, size_t keylen, uint64_t step, int digits)
{
	unsigned char msg[8], mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	uint32_t bin, mod = 1;
	int i, off;

	for (i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)(step & 0xff);
		step >>= 8;
	}
	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, msg, sizeof(msg));
	crypto_auth_hmacsha256_final(&st, mac);
	off = mac[sizeof(mac) - 1] & 0x0f;
	bin = ((uint32_t)(mac[off] & 0x7f) << 24) |
	    ((uint32_t)mac[off + 1] << 16) | ((uint32_t)mac[off + 2] << 8) |
	    mac[off + 3];
	for (i = 0; i < digits; i++)
		mod *= 10;
	sodium_memzero(mac, sizeof(mac));
	return bin % mod;
}

int64_t
totp_check(const char *secret_b32, const char *code, int64_t now,
    int64_t last_step)
{
	unsigned char key[64];
	int64_t step = now / TOTP_PERIOD, s;
	uint32_t want;
	char digits[8];
	int n, i;

	if (code == NULL || strlen(code) != TOTP_DIGITS)
		return -1;
	for (i = 0; i < TOTP_DIGITS; i++)
		if (code[i] < '0' || code[i] > '9')
			return -1;
	if ((n = totp_base32_decode(secret_b32, key, sizeof(key))) < 10)
		return -1;
	/* One step of drift either way; a step used once is spent. */
	for (s = step - 1; s <= step + 1; s++) {
		if (s <= last_step)
			continue;
		want = totp_code(key, (size_t)n, (uint64_t)s, TOTP_DIGITS);
		snprintf(digits, sizeof(digits), "%06u", want);
		if (sodium_memcmp(digits, code, TOTP_DIGITS) == 0) {
			sodium_memzero(key, sizeof(key));
			return s;
		}
	}
	sodium_memzero(key, sizeof(key));
	return -1;
}
