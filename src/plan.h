/*
 * plan.h - how many service windows a community affairs service center
 * should open each hour (`tongban plan`, and the API that reuses it).
 *
 * The input is a day of expected arrivals by hour and a service-time
 * distribution; the output is a number of open windows per hour that
 * keeps the q-quantile of the wait (q = 0.9 by default) under a target.
 * Two methods are combined (docs/planning.md works an example):
 *
 *   1. Erlang C: each hour on its own as a stationary M/M/c queue, the
 *      smallest c whose analytic q-quantile wait meets the target;
 *   2. a discrete-event simulation of the whole day, which sees what
 *      Erlang C cannot - the queue left at the end of a busy hour
 *      carries over into the next, and service times are not
 *      exponential - and adds windows where the simulated quantile
 *      misses the target.
 *
 * Time unit: minutes everywhere, except where a name says "hour".
 * The analytic functions (plan_erlang_c ... plan_min_servers) take any
 * unit as long as the rate and the service time use the same one.
 *
 * Errors are negative return values (enum below).  This module only
 * computes: it neither reads the store nor knows about HTTP, and all
 * its memory is freed before a function returns, except the strings
 * plan_parse_json() and plan_to_json() hand to the caller.
 *
 * Sizes are bounded by the PLAN_MAX_* limits below so that untrusted
 * input (the API) cannot ask for unbounded memory or time: the
 * simulation refuses a run of more than PLAN_MAX_CUSTOMERS simulated
 * visitors in all replications together.
 */
#ifndef TONGBAN_PLAN_H
#define TONGBAN_PLAN_H

#include <stdint.h>

enum {
	PLAN_OK = 0,
	PLAN_ENONE = -1,	/* no number of windows meets the target */
	PLAN_EINVAL = -2,	/* an argument outside its documented range */
	PLAN_ETOOBIG = -3,	/* the run would exceed PLAN_MAX_CUSTOMERS */
	PLAN_ENOMEM = -12	/* out of memory */
};

#define PLAN_MAX_HOURS		24	/* hours in a day's plan */
#define PLAN_MAX_WINDOWS	200	/* windows of one center */
#define PLAN_MAX_REPLICATIONS	1000	/* simulated days per run */
#define PLAN_MAX_HOURLY		10000	/* expected arrivals in one hour */
#define PLAN_MAX_CUSTOMERS	2000000	/* expected visitors, all days */
#define PLAN_MAX_ROUNDS		60	/* re-simulations in plan_recommend */
#define PLAN_MAX_INPUT		(1 << 20)	/* bytes of input JSON */
#define PLAN_MAX_NAME		200	/* bytes of a plan's title */

/* ---- Erlang C (M/M/c) ---------------------------------------------- */

/*
 * Probability that an arrival has to wait in an M/M/c queue with
 * `servers` servers and offered load a = lambda * mean_service Erlangs.
 * Computed by the Erlang B recursion B(k) = a B(k-1) / (k + a B(k-1)),
 * which never overflows, then C = c B / (c - a (1 - B)).  Returns 1.0
 * when servers <= a (the queue grows without bound) and 0.0 when a <= 0.
 */
double plan_erlang_c(int servers, double offered_load);

/*
 * The q-quantile of the wait in M/M/c, from
 *   P(W > t) = C exp(-(c mu - lambda) t),  mu = 1 / mean_service:
 * 0 when C <= 1 - q (at least a fraction q never waits), INFINITY when
 * the queue is unstable (servers <= lambda * mean_service), NAN when q
 * is not in (0, 1) or a rate is negative.  lambda and mean_service in
 * the same time unit; the result is in that unit.
 */
double plan_wait_quantile(int servers, double lambda, double mean_service,
    double q);

/*
 * The smallest c >= 1 with plan_wait_quantile(c, ...) <= target_wait,
 * or PLAN_ENONE when none up to max_servers does (PLAN_EINVAL for
 * arguments out of range).  Monotone: more load never needs fewer.
 */
int plan_min_servers(double lambda, double mean_service, double q,
    double target_wait, int max_servers);

/* ---- the simulation ------------------------------------------------ */

enum plan_dist {
	PLAN_EXPONENTIAL,	/* mean only; cv is 1 by definition */
	PLAN_LOGNORMAL		/* mean and coefficient of variation */
};

struct plan_service {
	enum plan_dist dist;
	double mean;		/* mean service time, minutes, > 0 */
	double cv;		/* lognormal: std dev / mean, > 0;
				 * unused for exponential */
};

/*
 * One simulated day, repeated `replications` times.  Hour h covers
 * minutes [60 h, 60 h + 60) after opening.
 *
 * Arrivals in hour h are a Poisson process of rate arrivals[h] / 60
 * per minute (exponential gaps, restarted at each hour boundary).  All
 * visitors join one first-come-first-served queue.  Window k (0-based)
 * is open in hour h when k < windows[h]; a window that closes at an
 * hour boundary finishes the visitor it is serving.  Nobody arrives
 * after the last hour, but the windows of the last hour (at least one)
 * keep serving until the queue is empty.  An hour with 0 windows is
 * allowed: its visitors wait for the next hour with windows.
 *
 * The random numbers are xoshiro256** seeded by splitmix64 from seed,
 * so one input gives one result on every machine with IEEE doubles.
 */
struct plan_sim {
	int nhours;			/* 1..PLAN_MAX_HOURS */
	double arrivals[PLAN_MAX_HOURS];/* expected arrivals in each hour,
					 * 0..PLAN_MAX_HOURLY */
	int windows[PLAN_MAX_HOURS];	/* open windows, 0..PLAN_MAX_WINDOWS */
	struct plan_service service;	/* service-time distribution */
	double quantile;		/* the wait quantile reported, (0, 1) */
	int replications;		/* 1..PLAN_MAX_REPLICATIONS */
	uint64_t seed;			/* any value */
};

/*
 * Results of one hour, pooled over the replications: the waits are
 * those of the visitors who *arrived* in the hour, whenever served.
 */
struct plan_sim_hour {
	double arrivals;	/* mean number of arrivals per day */
	double mean_wait;	/* mean wait, minutes (0 if nobody came) */
	double q_wait;		/* the quantile-th quantile of the wait */
	double utilisation;	/* busy minutes of the hour's open windows
				 * divided by 60 x windows, 0..1 (0 when no
				 * window is open); the visitor a closing
				 * window finishes after the boundary is
				 * not counted in the next hour */
};

struct plan_sim_result {
	int nhours;				/* as in the input */
	struct plan_sim_hour hour[PLAN_MAX_HOURS];
	double served;		/* mean visitors per day */
	double mean_wait;	/* over every visitor of every day */
	double q_wait;		/* likewise, the quantile-th quantile */
	double max_wait;	/* the longest wait seen on any day */
	double overtime;	/* mean minutes from the end of the last
				 * hour until the last visitor is done (0
				 * when the windows are free by then) */
};

/*
 * Run the simulation.  Returns 0 and fills *out; PLAN_EINVAL for a
 * field out of its range, PLAN_ETOOBIG when replications x the sum of
 * arrivals exceeds PLAN_MAX_CUSTOMERS, PLAN_ENOMEM.  *out is zeroed
 * first, so it never holds half a result.
 */
int plan_simulate(const struct plan_sim *in, struct plan_sim_result *out);

/* ---- the recommendation -------------------------------------------- */

/* What `tongban plan` reads (the JSON form is in docs/planning.md). */
struct plan_input {
	char name[PLAN_MAX_NAME + 1];	/* title for the table, printable
					 * UTF-8, "" when none was given */
	double open_hour;		/* opening time, hours after midnight
					 * (8.5 = 08:30), 0..23.75; labels */
	int nhours;			/* hours open, 1..PLAN_MAX_HOURS */
	double arrivals[PLAN_MAX_HOURS];/* expected visitors arriving in each
					 * hour, 0..PLAN_MAX_HOURLY */
	struct plan_service service;	/* mean 0.5..240 min, cv 0.05..4 */
	double target_wait;		/* minutes, 0..480 */
	double quantile;		/* 0.5..0.999; 0.9 = p90 */
	int max_windows;		/* windows the center has, 1..200 */
	int replications;		/* simulated days, 1..1000 */
	uint64_t seed;			/* simulation seed */
};

/*
 * The two plans.  erlang[h] is the Erlang-C minimum for hour h alone
 * (at least 1, at most max_windows); checked[h] >= erlang[h] is that
 * plan after the simulation check.  Both are simulated with the same
 * seed (common random numbers), so their columns compare like with
 * like.
 */
struct plan_output {
	struct plan_input in;			/* a copy of the input */
	int erlang[PLAN_MAX_HOURS];		/* Erlang-C windows */
	double erlang_wait[PLAN_MAX_HOURS];	/* its analytic q-quantile
						 * wait, minutes; INFINITY
						 * when overloaded */
	int checked[PLAN_MAX_HOURS];		/* windows after the check */
	struct plan_sim_result erlang_sim;	/* Erlang-C plan, simulated */
	struct plan_sim_result checked_sim;	/* the checked plan simulated */
	int rounds;		/* re-simulations the check took */
	int met;		/* 1 when every hour with arrivals of the
				 * checked plan meets the target */
};

/*
 * Per hour the Erlang-C minimum (capped at max_windows), then simulate
 * and, while an hour's simulated q-quantile exceeds the target, add a
 * window to the first hour with room in each run of failing hours and,
 * when the hour before the run was busy (at least 90% utilised, so it
 * handed a queue on), one to that hour too (or to the nearest earlier
 * busy hour with room), then simulate again; at most PLAN_MAX_ROUNDS
 * times.  Returns 0 (out->met says whether the target was reached) or
 * a code of plan_simulate().
 */
int plan_recommend(const struct plan_input *in, struct plan_output *out);

/*
 * Parse and validate the input JSON into *in.  Returns 0, or
 * PLAN_EINVAL and sets *err to a malloc'd message the caller frees,
 * naming the field first ("\"quantile\" must be a number from 0.5 to
 * 0.999"); *err is NULL on success or when even the message could not
 * be allocated.  Unknown fields are refused.  Optional fields and
 * their defaults: name "", open_hour 8.5, service.distribution
 * "exponential", quantile 0.9, replications 200, seed 1; service.cv is
 * required for "lognormal" and refused for "exponential".  "notes", a
 * string, is for the people who keep the file and is ignored.  The
 * replications times the day's arrivals may not exceed
 * PLAN_MAX_CUSTOMERS.
 */
int plan_parse_json(const char *json, struct plan_input *in, char **err);

/*
 * The output as a JSON text (shape in docs/planning.md), malloc'd,
 * for the caller to free; NULL when out of memory.  Infinite waits are
 * written as null.
 */
char *plan_to_json(const struct plan_output *out);

/*
 * `tongban plan [--json] [FILE|-]`: argv[0] is "plan".  Reads the input
 * JSON from FILE or standard input, prints a table (or, with --json,
 * the JSON output) on standard output.  Returns the exit status:
 * 0 done, 1 failed, 2 bad usage or bad input.
 */
int plan_main(int argc, char **argv);

#endif
