/*
 * keys.c - see keys.h.  The keyring is read once at start and only read
 * afterwards; sodium_mlock keeps it out of swap where the system allows.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "keys.h"

#define KEYS_MAX 256
#define MAGIC "TBE1"
#define HEADER (4 + 4 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)

struct key {
	uint32_t id;
	unsigned char master[32];
	unsigned char seal[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
	unsigned char address[crypto_generichash_KEYBYTES];
};

struct keyring {
	struct key v[KEYS_MAX];
	int n;			/* v[n - 1] is current */
};

static int
failf(char **err, const char *fmt, const char *arg)
{
	if (asprintf(err, fmt, arg) < 0)
		*err = NULL;
	return -1;
}

/* A new line "ID BASE64" for the file. */
static int
append_key(const char *path, uint32_t id, char **err)
{
	unsigned char raw[32];
	char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];
	char line[128];
	int fd, n, rc = 0;

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(b64, sizeof(b64), raw, sizeof(raw),
	    sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(raw, sizeof(raw));
	n = snprintf(line, sizeof(line), "%u %s\n", id, b64);
	sodium_memzero(b64, sizeof(b64));
	{
		/* The folder of a new key file (keys/ by default). */
		char *dir = strdup(path), *slash = dir ? strrchr(dir, '/') : NULL;

		if (slash && slash != dir) {
			*slash = '\0';
			if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
				free(dir);
				return failf(err, "cannot make the folder of %s",
				    path);
			}
		}
		free(dir);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return failf(err, "cannot write the key file %s", path);
	if (write(fd, line, (size_t)n) != n || fsync(fd) < 0)
		rc = failf(err, "cannot write the key file %s", path);
	close(fd);
	sodium_memzero(line, sizeof(line));
	return rc;
}

int
keys_load(const char *path, int create, struct keyring **out, char **err)
{
	struct keyring *k;
	struct stat st;
	char line[256];
	FILE *f;

	*out = NULL;
	*err = NULL;
	if (stat(path, &st) < 0) {
		if (errno != ENOENT || !create)
			return failf(err, "cannot read the key file %s", path);
		if (append_key(path, 1, err) < 0)
			return -1;
	} else if (st.st_mode & 077)
		return failf(err, "the key file %s must be readable by its owner "
		    "only (chmod 600)", path);
	if ((f = fopen(path, "r")) == NULL)
		return failf(err, "cannot read the key file %s", path);
	if ((k = sodium_malloc(sizeof(*k))) == NULL) {
		fclose(f);
		return failf(err, "out of memory%s", "");
	}
	memset(k, 0, sizeof(*k));
	while (fgets(line, sizeof(line), f)) {
		struct key *key;
		char *sp = strchr(line, ' ');
		size_t n = 0;
		unsigned long id;

		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (sp == NULL || k->n == KEYS_MAX)
			goto bad;
		*sp = '\0';
		id = strtoul(line, NULL, 10);
		key = &k->v[k->n];
		if (id == 0 || id > 0xffffffffUL ||
		    (k->n && id <= k->v[k->n - 1].id) ||
		    sodium_base642bin(key->master, sizeof(key->master), sp + 1,
		    strlen(sp + 1), NULL, &n, NULL,
		    sodium_base64_VARIANT_ORIGINAL) != 0 || n != 32)
			goto bad;
		key->id = (uint32_t)id;
		crypto_kdf_derive_from_key(key->seal, sizeof(key->seal), 1,
		    "tb-files", key->master);
		crypto_kdf_derive_from_key(key->address, sizeof(key->address),
		    2, "tb-addr ", key->master);
		k->n++;
	}
	fclose(f);
	sodium_memzero(line, sizeof(line));
	if (k->n == 0) {
		sodium_free(k);
		return failf(err, "the key file %s holds no key", path);
	}
	sodium_mprotect_readonly(k);
	*out = k;
	return 0;
bad:
	fclose(f);
	sodium_memzero(line, sizeof(line));
	sodium_free(k);
	return failf(err, "the key file %s has a line that is not \"ID "
	    "BASE64\" with rising ids and 32-byte keys", path);
}

void
keys_free(struct keyring *k)
{
	if (k)
		sodium_free(k);	/* zeroes it */
}

int
keys_rotate(const char *path, char **err)
{
	struct keyring *k;
	uint32_t id;

	if (keys_load(path, 0, &k, err) < 0)
		return -1;
	id = k->v[k->n - 1].id + 1;
	keys_free(k);
	return append_key(path, id, err) < 0 ? -1 : (int)id;
}

uint32_t
keys_current_id(const struct keyring *k)
{
	return k->v[k->n - 1].id;
}

void
keys_address(const struct keyring *k, const void *data, size_t len,
    char out[KEYS_ADDRESS_HEX + 1])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), data, len, k->v[k->n - 1].address,
	    sizeof(k->v[k->n - 1].address));
	sodium_bin2hex(out, KEYS_ADDRESS_HEX + 1, h, sizeof(h));
}

int
keys_seal(const struct keyring *k, const void *data, size_t len,
    const char *ad, unsigned char **out, size_t *outlen)
{
	const struct key *key = &k->v[k->n - 1];
	unsigned char *b;
	unsigned long long clen;

	*out = NULL;
	if (len > SIZE_MAX - HEADER - crypto_aead_xchacha20poly1305_ietf_ABYTES)
		return -1;
	if ((b = malloc(HEADER + len +
	    crypto_aead_xchacha20poly1305_ietf_ABYTES)) == NULL)
		return -1;
	memcpy(b, MAGIC, 4);
	b[4] = (unsigned char)(key->id >> 24);
	b[5] = (unsigned char)(key->id >> 16);
	b[6] = (unsigned char)(key->id >> 8);
	b[7] = (unsigned char)key->id;
	randombytes_buf(b + 8, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(b + HEADER, &clen, data,
	    len, (const unsigned char *)ad, strlen(ad), NULL, b + 8,
	    key->seal);
	*out = b;
	*outlen = HEADER + (size_t)clen;
	return 0;
}

int
keys_open(const struct keyring *k, const unsigned char *blob, size_t len,
    const char *ad, unsigned char **out, size_t *outlen)
{
	const struct key *key = NULL;
	unsigned long long mlen;
	uint32_t id;
	int i;

	*out = NULL;
	if (len < 4 || memcmp(blob, MAGIC, 4) != 0)
		return 1;
	if (len < HEADER + crypto_aead_xchacha20poly1305_ietf_ABYTES)
		return -1;
	id = (uint32_t)blob[4] << 24 | (uint32_t)blob[5] << 16 |
	    (uint32_t)blob[6] << 8 | blob[7];
	for (i = 0; i < k->n; i++)
		if (k->v[i].id == id)
			key = &k->v[i];
	if (key == NULL)
		return -1;
	if ((*out = malloc(len - HEADER)) == NULL)
		return -1;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(*out, &mlen, NULL,
	    blob + HEADER, len - HEADER, (const unsigned char *)ad,
	    strlen(ad), blob + 8, key->seal) != 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	*outlen = (size_t)mlen;
	return 0;
}

static const char usage[] =
    "usage: tongban keys rotate [--key-file PATH]\n"
    "\n"
    "Appends a new current key to the key file (default keys/tongban.keys):\n"
    "new data is sealed with it; data sealed with older keys still opens.\n"
    "Restart the servers to use it.\n";

int
keys_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key-file", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = "keys/tongban.keys";
	char *err = NULL;
	int c, id;

	if (argc < 2 || strcmp(argv[1], "rotate") != 0) {
		if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		}
		fputs(usage, stderr);
		return 2;
	}
	optind = 1;
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': path = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if ((id = keys_rotate(path, &err)) < 0) {
		fprintf(stderr, "tongban keys: %s\n", err ? err : path);
		free(err);
		return 1;
	}
	printf("key %d is now current in %s\n", id, path);
	return 0;
}
