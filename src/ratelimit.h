/*
 * ratelimit.h - a limit on requests per client address and minute, for
 * each class of request (sign-in and account recovery; other writes).
 * Set by `tongban serve --rate-signin N --rate-write N`; 0 is no limit.
 */
#ifndef TONGBAN_RATELIMIT_H
#define TONGBAN_RATELIMIT_H

#include <stdint.h>

enum { RL_SIGNIN, RL_WRITE, RL_CLASSES };

struct ratelimit;

/* NULL when out of memory.  per_minute[c]: requests a minute, 0: none. */
struct ratelimit *ratelimit_new(const int per_minute[RL_CLASSES]);
void ratelimit_free(struct ratelimit *rl);

/*
 * Takes one request of class cls for addr (16 bytes: IPv6, or IPv4
 * mapped) at now (seconds): 0 when allowed, else the seconds to wait
 * before one more is.
 */
double ratelimit_take(struct ratelimit *rl, const unsigned char addr[16],
    int cls, double now);

#endif
