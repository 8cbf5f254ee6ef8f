/*
 * ratelimit.c - requests per client address and minute, by class.
 *
 * A token bucket per (address, class): it holds up to `per_minute`
 * tokens and refills at per_minute / 60 a second; a request takes one
 * or is refused (429 with Retry-After).  The buckets live in a fixed
 * table of RL_SLOTS entries probed in runs of RL_PROBE: an address not
 * seen takes a free slot or the run's least recently used one, so memory
 * is bounded whatever the number of addresses (an evicted address just
 * starts again with a full bucket).  One mutex: only sign-ins and writes
 * pass through here, and each holds it for a few instructions.
 *
 * The limits are per process: behind several processes an address gets
 * the limit at each.  Addresses are the TCP peer's (no X-Forwarded-For:
 * a proxy in front would need a trusted-proxy flag first).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ratelimit.h"

#define RL_SLOTS 8192
#define RL_PROBE 8

struct slot {
	unsigned char addr[16];	/* IPv4 mapped into IPv6 */
	int used;
	int cls;
	double tokens;
	double last;		/* seconds */
};

struct ratelimit {
	pthread_mutex_t lock;
	int per_minute[RL_CLASSES];	/* 0: no limit */
	struct slot slots[RL_SLOTS];
};

struct ratelimit *
ratelimit_new(const int per_minute[RL_CLASSES])
{
	struct ratelimit *rl = calloc(1, sizeof(*rl));
	int i;

	if (rl == NULL)
		return NULL;
	pthread_mutex_init(&rl->lock, NULL);
	for (i = 0; i < RL_CLASSES; i++)
		rl->per_minute[i] = per_minute[i];
	return rl;
}

void
ratelimit_free(struct ratelimit *rl)
{
	if (rl == NULL)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl);
}

/* FNV-1a over the address and the class. */
static size_t
slot_of(const unsigned char addr[16], int cls)
{
	uint32_t h = 2166136261u;
	int i;

	for (i = 0; i < 16; i++)
		h = (h ^ addr[i]) * 16777619u;
	h = (h ^ (uint32_t)cls) * 16777619u;
	return h % RL_SLOTS;
}

double
ratelimit_take(struct ratelimit *rl, const unsigned char addr[16], int cls,
    double now)
{
	double rate, wait = 0;
	struct slot *s = NULL, *victim = NULL;
	size_t start, i;
	int cap;

	if (rl == NULL || cls < 0 || cls >= RL_CLASSES ||
	    (cap = rl->per_minute[cls]) <= 0)
		return 0;
	rate = cap / 60.0;
	start = slot_of(addr, cls);
	pthread_mutex_lock(&rl->lock);
	for (i = 0; i < RL_PROBE; i++) {
		struct slot *t = &rl->slots[(start + i) % RL_SLOTS];

		if (t->used && t->cls == cls && memcmp(t->addr, addr, 16) == 0) {
			s = t;
			break;
		}
		/* Else the first free slot, or the least recently used. */
		if (!t->used) {
			if (victim == NULL || victim->used)
				victim = t;
		} else if (victim == NULL ||
		    (victim->used && t->last < victim->last))
			victim = t;
	}
	if (s == NULL) {
		s = victim;
		memcpy(s->addr, addr, 16);
		s->used = 1;
		s->cls = cls;
		s->tokens = cap;
		s->last = now;
	}
	s->tokens += (now - s->last) * rate;
	if (s->tokens > cap)
		s->tokens = cap;
	s->last = now;
	if (s->tokens >= 1)
		s->tokens -= 1;
	else
		wait = (1 - s->tokens) / rate;
	pthread_mutex_unlock(&rl->lock);
	return wait;
}
