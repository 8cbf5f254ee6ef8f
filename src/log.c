/*
 * log.c - see log.h.  A line is formatted into one heap buffer and
 * written with a single write(2), so lines from several threads never
 * interleave.  Control characters and quotes are escaped as \xNN.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

enum log_level log_min_level = LOG_INFO;

static const char *const level_names[] = { "debug", "info", "warn", "error" };

int
log_parse_level(const char *s, enum log_level *out)
{
	size_t i;

	for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
		if (strcmp(s, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	return -1;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	char *msg = NULL, *line = NULL, ts[32];
	size_t mlen, i, o;
	struct timespec now;
	struct tm tm;
	va_list ap;
	int n;

	if (level < log_min_level)
		return;
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);

	/* Worst case every byte becomes \xNN. */
	mlen = (size_t)n;
	line = malloc(mlen * 4 + 96);
	if (line == NULL) {
		free(msg);
		return;
	}
	o = (size_t)snprintf(line, 96, "ts=%s.%03ldZ level=%s ", ts,
	    now.tv_nsec / 1000000L, level_names[level]);
	for (i = 0; i < mlen; i++) {
		unsigned char c = (unsigned char)msg[i];

		if (c < 0x20 || c == 0x7f) {
			static const char hex[] = "0123456789abcdef";

			line[o++] = '\\';
			line[o++] = 'x';
			line[o++] = hex[c >> 4];
			line[o++] = hex[c & 15];
		} else
			line[o++] = (char)c;
	}
	line[o++] = '\n';
	if (write(STDERR_FILENO, line, o) < 0) {
		/* Nowhere left to report a failed log write. */
	}
	free(line);
	free(msg);
}
