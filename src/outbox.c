/*
 * outbox.c - see outbox.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "app.h"
#include "cal.h"
#include "log.h"
#include "outbox.h"
#include "store.h"

STORE_SQL(q_outbox_insert,
    "INSERT INTO outbox (channel, recipient, body, created_at)"
    " VALUES ($1, $2, $3, $4)");
STORE_SQL(q_outbox_unsent,
    "SELECT id, channel, recipient, body, created_at FROM outbox"
    " WHERE sent_at IS NULL ORDER BY id LIMIT 100");
STORE_SQL(q_outbox_claim,
    "UPDATE outbox SET sent_at = $2 WHERE id = $1 AND sent_at IS NULL");

int
outbox_queue(struct store_conn *c, const char *channel, const char *recipient,
    const char *body, int64_t now)
{
	struct store_val p[] = { SV_TEXT(channel), SV_TEXT(recipient),
		SV_TEXT(body), SV_INT(now) };

	return store_exec(c, &q_outbox_insert, p, 4) < 0 ? -1 : 0;
}

/* The demo gateway: one JSON line a message, written with one write(2)
 * on an O_APPEND descriptor so concurrent writers never interleave. */
static int
file_gateway_send(const char *path, const char *channel, const char *to,
    const char *body, int64_t at)
{
	char when[32], *line;
	json_t *j;
	size_t len;
	ssize_t w;
	int fd;

	if (path == NULL)
		return 0;	/* no gateway configured: dropped, as in a test */
	cal_format_rfc3339(at, when);
	j = json_pack("{s:s, s:s, s:s, s:s}", "channel", channel, "to", to,
	    "body", body, "at", when);
	line = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (line == NULL)
		return -1;
	len = strlen(line);
	line[len] = '\n';	/* replaces the NUL; written by length */
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		free(line);
		return -1;
	}
	w = write(fd, line, len + 1);
	close(fd);
	free(line);
	return w == (ssize_t)(len + 1) ? 0 : -1;
}

int
outbox_flush(struct app *app, struct store_conn *c, int64_t now)
{
	struct store_rows *rows;
	struct {
		int64_t id, at;
		char *channel, *to, *body;
	} *msgs = NULL;
	size_t n = 0, i;
	int rc, sent = 0;

	if (store_query(c, &q_outbox_unsent, NULL, 0, &rows) < 0)
		return -1;
	while ((rc = store_next(rows)) == 1) {
		void *nm = realloc(msgs, (n + 1) * sizeof(*msgs));

		if (nm == NULL)
			break;
		msgs = nm;
		msgs[n].id = store_int(rows, 0);
		msgs[n].channel = strdup(store_text(rows, 1));
		msgs[n].to = strdup(store_text(rows, 2));
		msgs[n].body = strdup(store_text(rows, 3));
		msgs[n].at = store_int(rows, 4);
		n++;
	}
	store_rows_free(rows);
	for (i = 0; i < n; i++) {
		struct store_val p[] = { SV_INT(msgs[i].id), SV_INT(now) };

		if (msgs[i].channel && msgs[i].to && msgs[i].body &&
		    store_exec(c, &q_outbox_claim, p, 2) == 1) {
			if (file_gateway_send(app->sms_file, msgs[i].channel,
			    msgs[i].to, msgs[i].body, msgs[i].at) < 0)
				log_error("msg=\"outbox send failed\" id=%lld "
				    "error=\"%s\"", (long long)msgs[i].id,
				    strerror(errno));
			else
				sent++;
		}
		free(msgs[i].channel);
		free(msgs[i].to);
		free(msgs[i].body);
	}
	free(msgs);
	return sent;
}
