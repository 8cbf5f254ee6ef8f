/*
 * keys.h - the keys that protect personal data at rest, kept outside the
 * database in a key file (--key-file), and what they seal.
 *
 * The key file holds one key a line, "ID BASE64" (32 random bytes), ids
 * rising; the last is current: new data is sealed with it, and data
 * sealed with any earlier one still opens, so rotation (`tongban keys
 * rotate`) only appends a line.  Each master key derives subkeys
 * (crypto_kdf) for one purpose each: sealing files, addressing files.
 *
 * A sealed blob is "TBE1", the key id (4 bytes, big-endian), a 24-byte
 * nonce, then XChaCha20-Poly1305 ciphertext and tag; the caller's
 * associated data (the file's address) binds a blob to its place.
 */
#ifndef TONGBAN_KEYS_H
#define TONGBAN_KEYS_H

#include <stddef.h>
#include <stdint.h>

struct keyring;

#define KEYS_ADDRESS_HEX 64	/* hex characters of a file address */

/*
 * Reads the key file; creates it (mode 0600, one new key) when it does
 * not exist and create is set.  0, or -1 with *err (malloc'd).
 */
int keys_load(const char *path, int create, struct keyring **out,
    char **err);
void keys_free(struct keyring *k);
/* Appends a new current key to the file.  Its id, or -1 with *err. */
int keys_rotate(const char *path, char **err);
uint32_t keys_current_id(const struct keyring *k);

/* The keyed address of content (hex, under the current key): file names
 * that do not tell what a file holds to someone without the key. */
void keys_address(const struct keyring *k, const void *data, size_t len,
    char out[KEYS_ADDRESS_HEX + 1]);

/* Seals data; *out (malloc'd) and *outlen.  0 or -1. */
int keys_seal(const struct keyring *k, const void *data, size_t len,
    const char *ad, unsigned char **out, size_t *outlen);
/*
 * Opens a sealed blob: 0 with *out (malloc'd), 1 when blob is not sealed
 * (no magic: data from before encryption, used as it is), -1 when it does
 * not open (unknown key, tampered).
 */
int keys_open(const struct keyring *k, const unsigned char *blob,
    size_t len, const char *ad, unsigned char **out, size_t *outlen);

/* `tongban keys rotate --key-file PATH`. */
int keys_main(int argc, char **argv);

#endif
