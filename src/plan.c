/*
 * plan.c - window planning: Erlang C, a discrete-event simulation of a
 * center's day, the recommendation that combines them, its JSON forms
 * and the `tongban plan` command (see plan.h and docs/planning.md).
 *
 * The simulation is FCFS with one queue and windows that open and close
 * by the hour, so it cannot use the usual heap of free servers: a
 * window that is free may be closed.  Each visitor, in arrival order,
 * takes the window at which service can start soonest, where "soonest"
 * is the later of the visitor's arrival and the window's free time,
 * moved on to the next hour in which that window is open.  next_open[][]
 * answers that in O(1), so a visitor costs O(windows).  Because arrivals
 * are in order and free times only grow, start times are in order too:
 * the discipline is first come, first served.
 *
 * Every visitor draws one arrival gap and one service time from the
 * generator, in the same order whatever the windows are, so two plans
 * simulated with the same seed see the same visitors (common random
 * numbers) and their difference is the plans', not the dice's.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "plan.h"

#define TWO_PI 6.283185307179586

/* Defaults of the optional input fields (plan.h). */
#define DEFAULT_OPEN_HOUR	8.5
#define DEFAULT_QUANTILE	0.9
#define DEFAULT_REPLICATIONS	200
#define DEFAULT_SEED		1

/* ---- Erlang C -------------------------------------------------------- */

double
plan_erlang_c(int servers, double a)
{
	double b = 1.0, c;
	int k;

	if (!(a > 0))
		return 0.0;
	if (servers <= a)
		return 1.0;
	for (k = 1; k <= servers; k++)
		b = a * b / (k + a * b);
	c = servers * b / (servers - a * (1.0 - b));
	return c > 1.0 ? 1.0 : c;
}

double
plan_wait_quantile(int servers, double lambda, double mean_service, double q)
{
	double a, c;

	if (!(q > 0 && q < 1) || !(lambda >= 0) || !(mean_service > 0))
		return NAN;
	if (lambda == 0)
		return 0.0;
	a = lambda * mean_service;
	if (servers <= a)
		return INFINITY;
	c = plan_erlang_c(servers, a);
	if (c <= 1.0 - q)
		return 0.0;
	return log(c / (1.0 - q)) / (servers / mean_service - lambda);
}

int
plan_min_servers(double lambda, double mean_service, double q,
    double target_wait, int max_servers)
{
	double a = lambda * mean_service;
	int c;

	if (!(lambda >= 0) || !isfinite(lambda) || !(mean_service > 0) ||
	    !isfinite(mean_service) || !(q > 0 && q < 1) ||
	    !(target_wait >= 0) || max_servers < 1)
		return PLAN_EINVAL;
	if (a >= max_servers)
		return PLAN_ENONE;
	/* Fewer than a + 1 servers is unstable; start there. */
	for (c = a < 1 ? 1 : (int)floor(a) + 1; c <= max_servers; c++)
		if (plan_wait_quantile(c, lambda, mean_service, q) <=
		    target_wait)
			return c;
	return PLAN_ENONE;
}

/* ---- random numbers: splitmix64 seeds xoshiro256** -------------------- */

struct rng {
	uint64_t s[4];
};

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
rng_seed(struct rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in (0, 1]: never 0, so its logarithm is finite. */
static double
rng_open01(struct rng *r)
{
	return ((rng_next(r) >> 11) + 1) * 0x1.0p-53;
}

static double
rng_exp(struct rng *r, double mean)
{
	return -mean * log(rng_open01(r));
}

/* A service time; always two draws, so the stream stays aligned. */
static double
service_time(struct rng *r, const struct plan_service *sv)
{
	double u1 = rng_open01(r), u2 = rng_open01(r), s2, z;

	if (sv->dist == PLAN_EXPONENTIAL)
		return -sv->mean * log(u1);
	/* Lognormal with mean m and cv: sigma^2 = ln(1 + cv^2),
	 * mu = ln m - sigma^2 / 2; Z standard normal by Box-Muller. */
	s2 = log1p(sv->cv * sv->cv);
	z = sqrt(-2.0 * log(u1)) * cos(TWO_PI * u2);
	return exp(log(sv->mean) - s2 / 2 + sqrt(s2) * z);
}

/* ---- the simulation -------------------------------------------------- */

/* A growable array of waits, in minutes. */
struct samples {
	double *v;
	size_t n, cap;
};

static int
samples_push(struct samples *s, double x)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		double *v;

		if (cap > SIZE_MAX / sizeof(*v))
			return PLAN_ENOMEM;
		v = realloc(s->v, cap * sizeof(*v));
		if (v == NULL)
			return PLAN_ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = x;
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The q-quantile of n sorted values: the smallest x with F(x) >= q. */
static double
sorted_quantile(const double *v, size_t n, double q)
{
	size_t k;

	if (n == 0)
		return 0.0;
	k = (size_t)ceil(q * (double)n);
	return v[k == 0 ? 0 : k - 1];
}

/*
 * Scratch of one plan_simulate() call.  next_open[h][k] is the first
 * hour >= h in which window k is open, nhours standing for "after
 * closing" (when the final windows serve the queue out), or -1 when
 * window k never opens again.
 */
struct sim_state {
	int nhours;
	int nwin;				/* windows ever open */
	int next_open[PLAN_MAX_HOURS + 1][PLAN_MAX_WINDOWS];
	double free_at[PLAN_MAX_WINDOWS];	/* minute window k is free */
	double busy[PLAN_MAX_HOURS];		/* busy window-minutes */
	double arrived[PLAN_MAX_HOURS];		/* visitors, all days */
	struct samples wait[PLAN_MAX_HOURS];	/* by hour of arrival */
};

static int
sim_check(const struct plan_sim *in)
{
	const struct plan_service *sv = &in->service;
	double total = 0;
	int h;

	if (in->nhours < 1 || in->nhours > PLAN_MAX_HOURS ||
	    in->replications < 1 || in->replications > PLAN_MAX_REPLICATIONS ||
	    !(in->quantile > 0 && in->quantile < 1) ||
	    !(sv->mean > 0 && sv->mean <= 1e6) ||
	    (sv->dist != PLAN_EXPONENTIAL && sv->dist != PLAN_LOGNORMAL) ||
	    (sv->dist == PLAN_LOGNORMAL && !(sv->cv > 0 && sv->cv <= 100)))
		return PLAN_EINVAL;
	for (h = 0; h < in->nhours; h++) {
		if (!(in->arrivals[h] >= 0 &&
		    in->arrivals[h] <= PLAN_MAX_HOURLY) ||
		    in->windows[h] < 0 || in->windows[h] > PLAN_MAX_WINDOWS)
			return PLAN_EINVAL;
		total += in->arrivals[h];
	}
	if (total * in->replications > PLAN_MAX_CUSTOMERS)
		return PLAN_ETOOBIG;
	return 0;
}

static void
sim_prepare(struct sim_state *st, const struct plan_sim *in)
{
	int h, k, n = in->nhours;
	int final = in->windows[n - 1] > 0 ? in->windows[n - 1] : 1;

	st->nhours = n;
	st->nwin = final;
	for (h = 0; h < n; h++)
		if (in->windows[h] > st->nwin)
			st->nwin = in->windows[h];
	for (k = 0; k < st->nwin; k++) {
		st->next_open[n][k] = k < final ? n : -1;
		for (h = n - 1; h >= 0; h--)
			st->next_open[h][k] = k < in->windows[h] ? h :
			    st->next_open[h + 1][k];
	}
}

static int
hour_of(const struct sim_state *st, double t)
{
	return t >= 60.0 * st->nhours ? st->nhours : (int)(t / 60.0);
}

/* Serves a visitor arriving at minute t; returns the wait. */
static double
sim_serve(struct sim_state *st, double t, double service)
{
	double best = INFINITY, end;
	int k, bk = 0, h;

	for (k = 0; k < st->nwin; k++) {
		double s = st->free_at[k] > t ? st->free_at[k] : t;
		int hs = hour_of(st, s), ho = st->next_open[hs][k];

		if (ho < 0)
			continue;
		if (ho != hs)
			s = 60.0 * ho;
		if (s < best) {
			best = s;
			bk = k;
		}
	}
	/* Window 0 is open after closing, so best is finite. */
	end = best + service;
	st->free_at[bk] = end;
	/* Busy time counts in the hours the window is open; what a
	 * closing window finishes afterwards is nobody's utilisation. */
	for (h = hour_of(st, best); h < st->nhours && 60.0 * h < end; h++) {
		double from = best > 60.0 * h ? best : 60.0 * h;
		double to = end < 60.0 * (h + 1) ? end : 60.0 * (h + 1);

		if (st->next_open[h][bk] == h)
			st->busy[h] += to - from;
	}
	return best - t;
}

/* One day: adds its waits to st and its overtime to *overtime. */
static int
sim_day(struct sim_state *st, const struct plan_sim *in, struct rng *r,
    double *overtime, double *max_wait)
{
	double close = 60.0 * in->nhours, last = 0;
	int h, k;

	for (k = 0; k < st->nwin; k++)
		st->free_at[k] = 0;
	for (h = 0; h < in->nhours; h++) {
		double t = 60.0 * h, mean_gap;

		if (in->arrivals[h] <= 0)
			continue;
		mean_gap = 60.0 / in->arrivals[h];
		for (;;) {
			double w;

			t += rng_exp(r, mean_gap);
			if (t >= 60.0 * (h + 1))
				break;
			w = sim_serve(st, t, service_time(r, &in->service));
			if (samples_push(&st->wait[h], w) < 0)
				return PLAN_ENOMEM;
			st->arrived[h] += 1;
			if (w > *max_wait)
				*max_wait = w;
		}
	}
	for (k = 0; k < st->nwin; k++)
		if (st->free_at[k] > last)
			last = st->free_at[k];
	*overtime += last > close ? last - close : 0;
	return 0;
}

/* Fills out from the waits gathered in st. */
static int
sim_summarise(struct sim_state *st, const struct plan_sim *in,
    struct plan_sim_result *out)
{
	double sum_all = 0, *all;
	size_t n_all = 0, i;
	int h;

	for (h = 0; h < in->nhours; h++)
		n_all += st->wait[h].n;
	all = malloc((n_all ? n_all : 1) * sizeof(*all));
	if (all == NULL)
		return PLAN_ENOMEM;
	n_all = 0;
	for (h = 0; h < in->nhours; h++) {
		struct samples *s = &st->wait[h];
		struct plan_sim_hour *o = &out->hour[h];
		double sum = 0;

		for (i = 0; i < s->n; i++) {
			sum += s->v[i];
			all[n_all++] = s->v[i];
		}
		sum_all += sum;
		if (s->n > 1)
			qsort(s->v, s->n, sizeof(*s->v), cmp_double);
		o->arrivals = st->arrived[h] / in->replications;
		o->mean_wait = s->n ? sum / (double)s->n : 0;
		o->q_wait = sorted_quantile(s->v, s->n, in->quantile);
		o->utilisation = in->windows[h] > 0 ? st->busy[h] /
		    (60.0 * in->windows[h] * in->replications) : 0;
	}
	qsort(all, n_all, sizeof(*all), cmp_double);
	out->served = (double)n_all / in->replications;
	out->mean_wait = n_all ? sum_all / (double)n_all : 0;
	out->q_wait = sorted_quantile(all, n_all, in->quantile);
	free(all);
	return 0;
}

int
plan_simulate(const struct plan_sim *in, struct plan_sim_result *out)
{
	struct sim_state *st = NULL;
	struct rng r;
	double overtime = 0, max_wait = 0;
	int rc, rep, h;

	memset(out, 0, sizeof(*out));
	if ((rc = sim_check(in)) < 0)
		return rc;
	if ((st = calloc(1, sizeof(*st))) == NULL)
		return PLAN_ENOMEM;
	sim_prepare(st, in);
	rng_seed(&r, in->seed);
	for (rep = 0; rep < in->replications; rep++)
		if ((rc = sim_day(st, in, &r, &overtime, &max_wait)) < 0)
			goto done;
	if ((rc = sim_summarise(st, in, out)) < 0)
		goto done;
	out->nhours = in->nhours;
	out->max_wait = max_wait;
	out->overtime = overtime / in->replications;
done:
	for (h = 0; h < PLAN_MAX_HOURS; h++)
		free(st->wait[h].v);
	free(st);
	if (rc < 0)
		memset(out, 0, sizeof(*out));
	return rc;
}

/* ---- the recommendation ---------------------------------------------- */

/* Marks the hours with visitors whose simulated quantile misses. */
static int
failing_hours(const struct plan_input *in, const struct plan_sim_result *r,
    int fail[PLAN_MAX_HOURS])
{
	int h, n = 0;

	for (h = 0; h < in->nhours; h++) {
		fail[h] = in->arrivals[h] > 0 &&
		    r->hour[h].q_wait > in->target_wait;
		n += fail[h];
	}
	return n;
}

/*
 * An hour whose windows were at least this busy was working through a
 * queue all along, so the queue it hands on shrinks if it has another
 * window; a quieter hour hands on nothing, and a window more there is
 * wasted.
 */
#define PLAN_BUSY 0.9

/*
 * One round of the check, for each run of consecutive failing hours:
 * a window more for the first hour of the run with room (the later
 * hours may only be suffering the queue the first hands on), and, when
 * the hour before the run was busy - it handed a queue into the run -
 * a window more for it too (or, if it is full, for the nearest earlier
 * busy hour with room).  Returns how many windows were added; 0 means
 * nothing more can help.
 */
static int
add_windows(const struct plan_input *in, const struct plan_sim_result *r,
    const int fail[PLAN_MAX_HOURS], int windows[PLAN_MAX_HOURS])
{
	int h = 0, end, g, added = 0;

	while (h < in->nhours) {
		if (!fail[h]) {
			h++;
			continue;
		}
		for (end = h; end < in->nhours && fail[end]; end++)
			;
		for (g = h; g < end && windows[g] >= in->max_windows; g++)
			;
		if (g < end) {
			windows[g]++;
			added++;
		}
		for (g = h - 1; g >= 0 && r->hour[g].utilisation >= PLAN_BUSY;
		    g--)
			if (windows[g] < in->max_windows) {
				windows[g]++;
				added++;
				break;
			}
		h = end;
	}
	return added;
}

int
plan_recommend(const struct plan_input *in, struct plan_output *out)
{
	struct plan_sim sim;
	int fail[PLAN_MAX_HOURS];
	int h, rc;

	memset(out, 0, sizeof(*out));
	if (in->nhours < 1 || in->nhours > PLAN_MAX_HOURS ||
	    in->max_windows < 1 || in->max_windows > PLAN_MAX_WINDOWS ||
	    !(in->target_wait >= 0) || !(in->quantile > 0 && in->quantile < 1))
		return PLAN_EINVAL;
	memset(&sim, 0, sizeof(sim));
	sim.nhours = in->nhours;
	sim.service = in->service;
	sim.quantile = in->quantile;
	sim.replications = in->replications;
	sim.seed = in->seed;
	for (h = 0; h < in->nhours; h++) {
		double lambda = in->arrivals[h] / 60.0;
		int c = plan_min_servers(lambda, in->service.mean, in->quantile,
		    in->target_wait, in->max_windows);

		if (c == PLAN_EINVAL) {
			rc = PLAN_EINVAL;
			goto fail;
		}
		out->erlang[h] = c > 0 ? c : in->max_windows;
		out->erlang_wait[h] = plan_wait_quantile(out->erlang[h], lambda,
		    in->service.mean, in->quantile);
		sim.arrivals[h] = in->arrivals[h];
		sim.windows[h] = out->erlang[h];
	}
	if ((rc = plan_simulate(&sim, &out->erlang_sim)) < 0)
		goto fail;
	out->in = *in;
	out->checked_sim = out->erlang_sim;
	while (failing_hours(in, &out->checked_sim, fail) > 0 &&
	    out->rounds < PLAN_MAX_ROUNDS &&
	    add_windows(in, &out->checked_sim, fail, sim.windows)) {
		out->rounds++;
		if ((rc = plan_simulate(&sim, &out->checked_sim)) < 0)
			goto fail;
	}
	memcpy(out->checked, sim.windows, sizeof(out->checked));
	out->met = failing_hours(in, &out->checked_sim, fail) == 0;
	return 0;
fail:
	memset(out, 0, sizeof(*out));
	return rc;
}

/* ---- JSON ------------------------------------------------------------ */

static int
fail(char **err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(err, fmt, ap) < 0)
		*err = NULL;
	va_end(ap);
	return PLAN_EINVAL;
}

/* Sets *out from a number field in [min, max], or def when optional. */
static int
get_number(json_t *obj, const char *key, const char *name, int required,
    double def, double min, double max, double *out, char **err)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL) {
		if (required)
			return fail(err, "\"%s\" is required", name);
		*out = def;
		return 0;
	}
	*out = json_number_value(v);
	if (!json_is_number(v) || !(*out >= min && *out <= max))
		return fail(err, "\"%s\" must be a number from %g to %g", name,
		    min, max);
	return 0;
}

static int
get_int(json_t *obj, const char *key, int required, int def, int min,
    int max, int *out, char **err)
{
	json_t *v = json_object_get(obj, key);
	json_int_t i;

	if (v == NULL) {
		if (required)
			return fail(err, "\"%s\" is required", key);
		*out = def;
		return 0;
	}
	i = json_integer_value(v);
	if (!json_is_integer(v) || i < min || i > max)
		return fail(err, "\"%s\" must be an integer from %d to %d", key,
		    min, max);
	*out = (int)i;
	return 0;
}

/* Refuses any key of obj not in the NULL-terminated list known. */
static int
only_known(json_t *obj, const char *prefix, const char *const *known,
    char **err)
{
	const char *key;
	json_t *v;
	int i;

	json_object_foreach(obj, key, v) {
		for (i = 0; known[i] && strcmp(key, known[i]) != 0; i++)
			;
		if (known[i] == NULL)
			return fail(err, "unknown field \"%s%.64s\"", prefix,
			    key);
	}
	return 0;
}

static int
parse_arrivals(json_t *root, struct plan_input *in, char **err)
{
	json_t *a = json_object_get(root, "arrivals"), *v;
	size_t i;

	if (a == NULL)
		return fail(err, "\"arrivals\" is required");
	if (!json_is_array(a) || json_array_size(a) < 1 ||
	    json_array_size(a) > PLAN_MAX_HOURS)
		return fail(err, "\"arrivals\" must be an array of 1 to %d "
		    "numbers, one an hour", PLAN_MAX_HOURS);
	json_array_foreach(a, i, v) {
		double x = json_number_value(v);

		if (!json_is_number(v) || !(x >= 0 && x <= PLAN_MAX_HOURLY))
			return fail(err, "\"arrivals[%zu]\" must be a number "
			    "from 0 to %d", i, PLAN_MAX_HOURLY);
		in->arrivals[i] = x;
	}
	in->nhours = (int)json_array_size(a);
	return 0;
}

static int
parse_service(json_t *root, struct plan_service *sv, char **err)
{
	static const char *const known[] = { "distribution", "mean_minutes",
		"cv", NULL };
	json_t *s = json_object_get(root, "service"), *d;
	const char *dist;

	if (s == NULL)
		return fail(err, "\"service\" is required");
	if (!json_is_object(s))
		return fail(err, "\"service\" must be an object");
	if (only_known(s, "service.", known, err) < 0)
		return PLAN_EINVAL;
	d = json_object_get(s, "distribution");
	dist = d ? json_string_value(d) : "exponential";
	if (dist != NULL && strcmp(dist, "exponential") == 0)
		sv->dist = PLAN_EXPONENTIAL;
	else if (dist != NULL && strcmp(dist, "lognormal") == 0)
		sv->dist = PLAN_LOGNORMAL;
	else
		return fail(err, "\"service.distribution\" must be "
		    "\"exponential\" or \"lognormal\"");
	if (get_number(s, "mean_minutes", "service.mean_minutes", 1, 0, 0.5,
	    240, &sv->mean, err) < 0)
		return PLAN_EINVAL;
	if (sv->dist == PLAN_EXPONENTIAL) {
		if (json_object_get(s, "cv") != NULL)
			return fail(err, "\"service.cv\" applies only to the "
			    "lognormal distribution (exponential has cv 1)");
		sv->cv = 1.0;
		return 0;
	}
	return get_number(s, "cv", "service.cv", 1, 0, 0.05, 4, &sv->cv, err);
}

/*
 * "name", a title for the table (printable, at most PLAN_MAX_NAME
 * bytes), and "notes", free text for whoever keeps the file.
 */
static int
parse_labels(json_t *root, struct plan_input *in, char **err)
{
	json_t *v = json_object_get(root, "name");
	const char *s;
	size_t i, n;

	if (json_object_get(root, "notes") != NULL &&
	    !json_is_string(json_object_get(root, "notes")))
		return fail(err, "\"notes\" must be a string");
	if (v == NULL)
		return 0;
	s = json_string_value(v);
	n = json_string_length(v);
	if (s == NULL || n > PLAN_MAX_NAME)
		return fail(err, "\"name\" must be a string of at most %d "
		    "bytes", PLAN_MAX_NAME);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return fail(err, "\"name\" must not contain control "
			    "characters");
	memcpy(in->name, s, n);
	in->name[n] = '\0';
	return 0;
}

int
plan_parse_json(const char *json, struct plan_input *in, char **err)
{
	static const char *const known[] = { "name", "notes", "open_hour",
		"arrivals", "service", "target_wait_minutes", "quantile",
		"max_windows", "replications", "seed", NULL };
	json_error_t jerr;
	json_t *root, *v;
	double total = 0;
	int h, rc = PLAN_EINVAL;

	memset(in, 0, sizeof(*in));
	*err = NULL;
	if (json == NULL)
		return fail(err, "no input");
	root = json_loads(json, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		/* jerr.text quotes the input; say where, not what. */
		if (json_error_code(&jerr) == json_error_duplicate_key)
			return fail(err, "a field appears twice (line %d)",
			    jerr.line);
		return fail(err, "not valid JSON (line %d, column %d)",
		    jerr.line, jerr.column);
	}
	if (!json_is_object(root)) {
		fail(err, "the input must be a JSON object");
		goto done;
	}
	if (only_known(root, "", known, err) < 0 ||
	    parse_labels(root, in, err) < 0 ||
	    get_number(root, "open_hour", "open_hour", 0, DEFAULT_OPEN_HOUR, 0,
	    23.75, &in->open_hour, err) < 0 ||
	    parse_arrivals(root, in, err) < 0 ||
	    parse_service(root, &in->service, err) < 0 ||
	    get_number(root, "target_wait_minutes", "target_wait_minutes", 1,
	    0, 0, 480, &in->target_wait, err) < 0 ||
	    get_number(root, "quantile", "quantile", 0, DEFAULT_QUANTILE, 0.5,
	    0.999, &in->quantile, err) < 0 ||
	    get_int(root, "max_windows", 1, 0, 1, PLAN_MAX_WINDOWS,
	    &in->max_windows, err) < 0 ||
	    get_int(root, "replications", 0, DEFAULT_REPLICATIONS, 1,
	    PLAN_MAX_REPLICATIONS, &in->replications, err) < 0)
		goto done;
	in->seed = DEFAULT_SEED;
	if ((v = json_object_get(root, "seed")) != NULL) {
		if (!json_is_integer(v) || json_integer_value(v) < 0) {
			fail(err, "\"seed\" must be a non-negative integer");
			goto done;
		}
		in->seed = (uint64_t)json_integer_value(v);
	}
	for (h = 0; h < in->nhours; h++)
		total += in->arrivals[h];
	if (total * in->replications > PLAN_MAX_CUSTOMERS) {
		fail(err, "\"replications\" must be at most %d for %g visitors "
		    "a day (%d simulated visitors in all)",
		    (int)(PLAN_MAX_CUSTOMERS / total), total,
		    PLAN_MAX_CUSTOMERS);
		goto done;
	}
	rc = 0;
done:
	json_decref(root);
	if (rc < 0)
		memset(in, 0, sizeof(*in));
	return rc;
}

/* A finite number rounded to 0.01, or null; NULL when out of memory. */
static json_t *
jnum(double x)
{
	return isfinite(x) ? json_real(round(x * 100) / 100) : json_null();
}

/* "HH:MM" of hour h of the day, into buf of PLAN_HHMM_SIZE bytes. */
#define PLAN_HHMM_SIZE 16
static void
hhmm(const struct plan_input *in, int h, char buf[PLAN_HHMM_SIZE])
{
	long m = lround((in->open_hour + h) * 60) % 1440;

	snprintf(buf, PLAN_HHMM_SIZE, "%02ld:%02ld", m / 60, m % 60);
}

static json_t *
sim_hour_json(int windows, const struct plan_sim_hour *s)
{
	return json_pack("{s:i, s:o, s:o, s:o}", "windows", windows,
	    "mean_wait_minutes", jnum(s->mean_wait),
	    "quantile_wait_minutes", jnum(s->q_wait),
	    "utilisation", jnum(s->utilisation));
}

static json_t *
day_json(const int *windows, int nhours, const struct plan_sim_result *r)
{
	int h, sum = 0;

	for (h = 0; h < nhours; h++)
		sum += windows[h];
	return json_pack("{s:i, s:o, s:o, s:o, s:o, s:o}", "window_hours", sum,
	    "served", jnum(r->served), "mean_wait_minutes", jnum(r->mean_wait),
	    "quantile_wait_minutes", jnum(r->q_wait),
	    "max_wait_minutes", jnum(r->max_wait),
	    "overtime_minutes", jnum(r->overtime));
}

char *
plan_to_json(const struct plan_output *out)
{
	const struct plan_input *in = &out->in;
	json_t *root, *hours, *e, *hr;
	char *text = NULL, start[PLAN_HHMM_SIZE];
	double total = 0;
	int h;

	for (h = 0; h < in->nhours; h++)
		total += in->arrivals[h];
	root = json_pack("{s:s, s:o, s:o, s:{s:s, s:o, s:o?}, s:o, s:o, s:i, "
	    "s:i, s:I, s:b, s:i, s:[]}",
	    "name", in->name, "open_hour", jnum(in->open_hour),
	    "quantile", json_real(in->quantile), "service",
	    "distribution", in->service.dist == PLAN_LOGNORMAL ? "lognormal" :
	    "exponential", "mean_minutes", jnum(in->service.mean), "cv",
	    in->service.dist == PLAN_LOGNORMAL ? jnum(in->service.cv) : NULL,
	    "target_wait_minutes", jnum(in->target_wait),
	    "total_arrivals", jnum(total),
	    "max_windows", in->max_windows, "replications", in->replications,
	    "seed", (json_int_t)in->seed, "met", out->met,
	    "rounds", out->rounds, "hours");
	if (root == NULL)
		return NULL;
	hours = json_object_get(root, "hours");
	for (h = 0; h < in->nhours; h++) {
		hhmm(in, h, start);
		hr = json_pack("{s:s, s:o, s:o, s:o}", "start", start,
		    "arrivals", jnum(in->arrivals[h]),
		    "erlang", sim_hour_json(out->erlang[h],
		    &out->erlang_sim.hour[h]),
		    "checked", sim_hour_json(out->checked[h],
		    &out->checked_sim.hour[h]));
		e = hr ? json_object_get(hr, "erlang") : NULL;
		if (e == NULL || json_object_set_new(e,
		    "analytic_quantile_wait_minutes",
		    jnum(out->erlang_wait[h])) < 0 ||
		    json_array_append_new(hours, hr) < 0)
			goto done;
	}
	if (json_object_set_new(root, "erlang", day_json(out->erlang,
	    in->nhours, &out->erlang_sim)) < 0 ||
	    json_object_set_new(root, "checked", day_json(out->checked,
	    in->nhours, &out->checked_sim)) < 0)
		goto done;
	text = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
done:
	json_decref(root);
	return text;
}

/* ---- tongban plan ---------------------------------------------------- */

static const char plan_usage[] =
    "usage: tongban plan [--json] [FILE|-]\n"
    "\n"
    "Recommends how many windows a service center should open each hour\n"
    "to keep a quantile of the wait under a target: Erlang C per hour,\n"
    "checked and corrected by simulating the day.  Reads the input JSON\n"
    "from FILE, or standard input when FILE is - or absent; the format\n"
    "and a worked example are in docs/planning.md.\n"
    "\n"
    "  --json   print the result as JSON instead of a table\n"
    "  --help   print this help\n";

/* Reads all of f into a malloc'd NUL-terminated string, at most max. */
static int
read_all(FILE *f, size_t max, char **out)
{
	char *buf = NULL, *nb;
	size_t len = 0, cap = 0, n;

	*out = NULL;
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			if ((nb = realloc(buf, cap + 1)) == NULL) {
				free(buf);
				return PLAN_ENOMEM;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (len > max) {
			free(buf);
			return PLAN_ETOOBIG;
		}
		if (n == 0)
			break;
	}
	if (ferror(f) || memchr(buf, '\0', len) != NULL) {
		free(buf);
		return PLAN_EINVAL;
	}
	buf[len] = '\0';
	*out = buf;
	return 0;
}

static const char *
plan_strerror(int rc)
{
	switch (rc) {
	case PLAN_EINVAL: return "invalid input";
	case PLAN_ETOOBIG: return "the run is too large";
	case PLAN_ENOMEM: return "out of memory";
	default: return "failed";
	}
}

static void
print_table(FILE *f, const struct plan_output *o)
{
	const struct plan_input *in = &o->in;
	double total = 0, q = in->quantile * 100;
	int h, we = 0, wc = 0;
	char start[PLAN_HHMM_SIZE], end[PLAN_HHMM_SIZE];

	for (h = 0; h < in->nhours; h++) {
		total += in->arrivals[h];
		we += o->erlang[h];
		wc += o->checked[h];
	}
	hhmm(in, 0, start);
	hhmm(in, in->nhours, end);
	if (in->name[0])
		fprintf(f, "%s\n", in->name);
	fprintf(f, "%g visitors, %s-%s; service %s, mean %g min", total, start,
	    end, in->service.dist == PLAN_LOGNORMAL ? "lognormal" :
	    "exponential", in->service.mean);
	if (in->service.dist == PLAN_LOGNORMAL)
		fprintf(f, ", cv %g", in->service.cv);
	fprintf(f, "\ntarget: p%g wait <= %g min with at most %d windows; "
	    "%d simulated days, seed %llu\n\n", q, in->target_wait,
	    in->max_windows, in->replications, (unsigned long long)in->seed);
	fprintf(f, "        arrivals  load |   Erlang-C plan (p%g)   |"
	    "     checked plan (simulated)\n", q);
	fprintf(f, "hour      /hour   (E) | windows formula    sim |"
	    " windows mean wait p%g wait  util\n", q);
	for (h = 0; h < in->nhours; h++) {
		const struct plan_sim_hour *e = &o->erlang_sim.hour[h];
		const struct plan_sim_hour *c = &o->checked_sim.hour[h];

		hhmm(in, h, start);
		fprintf(f, "%-5s  %8.0f %5.1f | %7d %7.1f %6.1f | %7d %9.1f "
		    "%8.1f  %4.2f%s\n", start, in->arrivals[h],
		    in->arrivals[h] * in->service.mean / 60, o->erlang[h],
		    o->erlang_wait[h], e->q_wait, o->checked[h], c->mean_wait,
		    c->q_wait, c->utilisation,
		    in->arrivals[h] > 0 && c->q_wait > in->target_wait ?
		    "  over" : "");
	}
	fprintf(f, "total  %8.0f       | %7d                | %7d "
	    "window-hours\n\n", total, we, wc);
	fprintf(f, "Erlang-C plan, simulated: mean wait %.1f min, "
	    "p%g %.1f min, max %.1f min;\n"
	    "  last visitor done %.0f min after %s\n",
	    o->erlang_sim.mean_wait, q, o->erlang_sim.q_wait,
	    o->erlang_sim.max_wait, o->erlang_sim.overtime, end);
	fprintf(f, "checked plan, simulated:  mean wait %.1f min, "
	    "p%g %.1f min, max %.1f min;\n"
	    "  last visitor done %.0f min after %s\n",
	    o->checked_sim.mean_wait, q, o->checked_sim.q_wait,
	    o->checked_sim.max_wait, o->checked_sim.overtime, end);
	if (o->met)
		fprintf(f, "every hour meets the target (%d re-simulations)\n",
		    o->rounds);
	else
		fprintf(f, "the target cannot be met with %d windows: "
		    "the hours marked \"over\" miss it\n", in->max_windows);
}

int
plan_main(int argc, char **argv)
{
	struct plan_input in;
	struct plan_output *out = NULL;
	const char *path = NULL;
	char *text = NULL, *err = NULL, *js;
	FILE *f;
	int i, json = 0, options = 1, rc, status = 1;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (options && (strcmp(a, "--help") == 0 ||
		    strcmp(a, "-h") == 0)) {
			fputs(plan_usage, stdout);
			return 0;
		} else if (options && strcmp(a, "--json") == 0) {
			json = 1;
		} else if (options && strcmp(a, "--") == 0) {
			options = 0;
		} else if (options && a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "tongban plan: unknown option \"%s\"\n"
			    "try 'tongban plan --help'\n", a);
			return 2;
		} else if (path != NULL) {
			fprintf(stderr, "tongban plan: one input file only\n"
			    "try 'tongban plan --help'\n");
			return 2;
		} else {
			path = a;
		}
	}
	if (path == NULL)
		path = "-";
	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (f == NULL) {
		fprintf(stderr, "tongban plan: \"%s\": %s\n", path,
		    strerror(errno));
		return 2;
	}
	rc = read_all(f, PLAN_MAX_INPUT, &text);
	if (f != stdin)
		fclose(f);
	if (rc < 0) {
		fprintf(stderr, "tongban plan: \"%s\": %s\n", path,
		    rc == PLAN_ETOOBIG ? "larger than 1 MiB" :
		    rc == PLAN_ENOMEM ? "out of memory" :
		    "unreadable or not text");
		return rc == PLAN_ENOMEM ? 1 : 2;
	}
	if (plan_parse_json(text, &in, &err) < 0) {
		fprintf(stderr, "tongban plan: \"%s\": %s\n", path,
		    err ? err : "out of memory");
		status = err ? 2 : 1;
		goto done;
	}
	if ((out = malloc(sizeof(*out))) == NULL ||
	    (rc = plan_recommend(&in, out)) < 0) {
		fprintf(stderr, "tongban plan: %s\n",
		    plan_strerror(out ? rc : PLAN_ENOMEM));
		goto done;
	}
	if (json) {
		if ((js = plan_to_json(out)) == NULL) {
			fprintf(stderr, "tongban plan: out of memory\n");
			goto done;
		}
		printf("%s\n", js);
		free(js);
	} else {
		print_table(stdout, out);
	}
	status = fflush(stdout) == 0 ? 0 : 1;
done:
	free(out);
	free(err);
	free(text);
	return status;
}
