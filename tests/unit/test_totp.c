/*
 * test_totp.c - RFC 6238 appendix B's SHA-256 test vectors, base32 both
 * ways, the one-step drift window and codes usable only once.
 */
#include <stdio.h>
#include <string.h>

#include "totp.h"
#include "unit.h"

UNIT_TEST(totp_rfc6238_sha256_vectors)
{
	static const struct { uint64_t t; uint32_t code; } v[] = {
		{ 59, 46119246 }, { 1111111109, 68084774 },
		{ 1111111111, 67062674 }, { 1234567890, 91819424 },
		{ 2000000000, 90698825 }, { 20000000000ULL, 77737706 },
	};
	const unsigned char *key =
	    (const unsigned char *)"12345678901234567890123456789012";
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		CHECK_INT(totp_code(key, 32, v[i].t / 30, 8), v[i].code);
}

UNIT_TEST(totp_base32_round_trip)
{
	unsigned char raw[20] = "12345678901234567890", back[32];
	char text[40];

	totp_base32_encode(raw, sizeof(raw), text);
	CHECK_STR(text, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	CHECK_INT(totp_base32_decode("gezdgnbvgy3tqojqgezdgnbvgy3tqojq", back,
	    sizeof(back)), 20);
	CHECK(memcmp(raw, back, 20) == 0);
	CHECK_INT(totp_base32_decode("GEZ1", back, sizeof(back)), -1);
	CHECK_INT(totp_base32_decode("GEZDGNBVGY3TQOJQ", back, 4), -1);
}

UNIT_TEST(totp_check_window_and_once)
{
	const char *secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
	unsigned char key[20] = "12345678901234567890";
	int64_t now = 1795315200;	/* a step boundary */
	char code[8];

	snprintf(code, sizeof(code), "%06u", totp_code(key, 20, now / 30, 6));
	CHECK_INT(totp_check(secret, code, now, 0), now / 30);
	/* Used once: the same step again is refused. */
	CHECK_INT(totp_check(secret, code, now, now / 30), -1);
	/* 30 s late still counts; 60 s late does not. */
	CHECK_INT(totp_check(secret, code, now + 30, 0), now / 30);
	CHECK_INT(totp_check(secret, code, now + 60, 0), -1);
	/* The next step's code, a moment early (clock drift). */
	snprintf(code, sizeof(code), "%06u",
	    totp_code(key, 20, now / 30 + 1, 6));
	CHECK_INT(totp_check(secret, code, now, now / 30), now / 30 + 1);
	CHECK_INT(totp_check(secret, "12345", now, 0), -1);
	CHECK_INT(totp_check(secret, "12a456", now, 0), -1);
	CHECK_INT(totp_check("not base32!", "123456", now, 0), -1);
}
