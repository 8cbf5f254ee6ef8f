/*
 * places.c - centers, sub-centers, neighborhood service points and
 * 24-hour self-service points: listing, one place, and the nearest ones
 * to a point with whether each is open at a given time.
 *
 * Distances are great-circle (haversine) in metres.  The city has a few
 * hundred places, so "nearest" reads the candidates of the wanted kinds
 * and sorts them in memory; that is cheaper than any spatial index at
 * this size and identical on both stores.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "app.h"
#include "jw.h"
#include "cal.h"
#include "hours.h"
#include "store.h"

#define PLACE_COLUMNS \
    " c.code, c.kind, c.parent, c.district, c.subdistrict_zh," \
    " c.subdistrict_en, c.name_zh, c.name_en, c.address_zh, c.address_en," \
    " c.phone, c.synthetic, c.lat, c.lng, c.always_open, c.weekday_open," \
    " c.weekday_close, c.weekend_open, c.weekend_close"

static const char *const place_kinds[] = { "center", "sub-center",
	"service-point", "self-service", NULL };

static int
valid_kind(const char *k)
{
	const char *const *p;

	for (p = place_kinds; *p; p++)
		if (strcmp(*p, k) == 0)
			return 1;
	return 0;
}

static void
row_hours(struct store_rows *rows, struct hours *h)
{
	h->always = (int)store_int(rows, 14);
	h->weekday_open = (int)store_int(rows, 15);
	h->weekday_close = (int)store_int(rows, 16);
	h->weekend_open = (int)store_int(rows, 17);
	h->weekend_close = (int)store_int(rows, 18);
}

static void
hhmm(struct jw *w, int minute)
{
	char t[8];

	snprintf(t, sizeof(t), "%02d:%02d", minute / 60 % 100, minute % 60);
	jw_str(w, t);
}

/* Writes one place's fields (the caller opens and closes the object). */
static void
place_fields(struct jw *w, struct store_rows *rows)
{
	const char *syn = store_text(rows, 11);
	struct hours h;

	row_hours(rows, &h);
	jw_kstr(w, "code", store_text(rows, 0));
	jw_kstr(w, "kind", store_text(rows, 1));
	jw_kstr(w, "parent", store_text(rows, 2));
	jw_kstr(w, "district", store_text(rows, 3));
	jw_kstr(w, "subdistrict_zh", store_text(rows, 4));
	jw_kstr(w, "subdistrict_en", store_text(rows, 5));
	jw_kstr(w, "name_zh", store_text(rows, 6));
	jw_kstr(w, "name_en", store_text(rows, 7));
	jw_kstr(w, "address_zh", store_text(rows, 8));
	jw_kstr(w, "address_en", store_text(rows, 9));
	jw_kstr(w, "phone", store_text(rows, 10));
	jw_key(w, "synthetic");
	jw_arr(w);
	while (syn && *syn) {
		size_t n = strcspn(syn, ",");

		jw_strn(w, syn, n);
		syn += n + (syn[n] == ',');
	}
	jw_end(w);
	jw_kreal(w, "lat", store_real(rows, 12));
	jw_kreal(w, "lng", store_real(rows, 13));
	jw_key(w, "hours");
	jw_obj(w);
	jw_kbool(w, "always", h.always);
	if (!h.always) {
		jw_key(w, "weekday");
		jw_arr(w);
		hhmm(w, h.weekday_open);
		hhmm(w, h.weekday_close);
		jw_end(w);
		jw_key(w, "weekend");
		jw_arr(w);
		hhmm(w, h.weekend_open);
		hhmm(w, h.weekend_close);
		jw_end(w);
	}
	jw_end(w);
}

STORE_SQL(q_places_list,
    "SELECT" PLACE_COLUMNS ", COUNT(*) OVER () FROM centers c"
    " WHERE (CAST($1 AS TEXT) IS NULL OR c.district = $1)"
    " AND (CAST($2 AS TEXT) IS NULL OR c.kind = $2)"
    " AND (CAST($3 AS TEXT) IS NULL OR c.parent = $3 OR c.code = $3)"
    " ORDER BY c.code LIMIT $4 OFFSET $5");
STORE_SQL(q_district_exists, "SELECT COUNT(*) FROM districts WHERE code = $1");

int
api_centers_list(struct http_req *r)
{
	static const char *const allowed[] = { "district", "kind", "parent",
		"limit", "offset", NULL };
	const char *district = http_query(r, "district");
	const char *kind = http_query(r, "kind");
	const char *parent = http_query(r, "parent");
	struct store_conn *c;
	struct store_rows *rows;
	int64_t limit, offset, total = 0, n;
	struct jw w;
	int rc;

	if (api_query_allowed(r, allowed) < 0 ||
	    api_query_page(r, &limit, &offset) < 0)
		return 0;
	if (kind && !valid_kind(kind))
		return http_error(r, 400, "invalid_parameter", "kind",
		    "\"kind\" must be center, sub-center, service-point or "
		    "self-service");
	if (parent && strlen(parent) > 16)
		return http_error(r, 400, "invalid_parameter", "parent",
		    "\"parent\" is not a center code");
	if ((c = api_store(r)) == NULL)
		return 0;
	if (district) {
		struct store_val dp[] = { SV_TEXT(district) };

		if (strlen(district) != 6 || store_query_int(c,
		    &q_district_exists, dp, 1, &n) < 0 || n == 0)
			return http_error(r, 400, "invalid_parameter",
			    "district", "\"district\" must be the six-digit "
			    "code of a Shanghai district, e.g. 310106");
	}
	{
		struct store_val p[] = { SV_TEXT(district), SV_TEXT(kind),
			SV_TEXT(parent), SV_INT(limit), SV_INT(offset) };

		if (store_query(c, &q_places_list, p, 5, &rows) < 0)
			return api_store_error(r, "centers list");
	}
	api_jw_list_begin(r, &w);
	while ((rc = store_next(rows)) == 1) {
		total = store_int(rows, 19);
		jw_obj(&w);
		place_fields(&w, rows);
		jw_end(&w);
	}
	store_rows_free(rows);
	if (rc < 0)
		return api_store_error(r, "centers list");
	return api_jw_list_end(r, &w, total, limit, offset);
}

STORE_SQL(q_place_get, "SELECT" PLACE_COLUMNS " FROM centers c"
    " WHERE c.code = $1");

int
api_center_get(struct http_req *r)
{
	struct store_val p[] = { SV_TEXT(r->params[0]) };
	struct store_conn *c;
	struct store_rows *rows;
	struct jw w;
	int rc;

	if (api_query_allowed(r, (const char *const[]){ NULL }) < 0)
		return 0;
	if (strlen(r->params[0]) > 16)
		return http_error(r, 400, "invalid_parameter", "code",
		    "not a center code");
	if ((c = api_store(r)) == NULL)
		return 0;
	if (store_query(c, &q_place_get, p, 1, &rows) < 0)
		return api_store_error(r, "center get");
	rc = store_next(rows);
	if (rc != 1) {
		store_rows_free(rows);
		if (rc < 0)
			return api_store_error(r, "center get");
		return http_error(r, 404, "not_found", "code",
		    "no center has that code");
	}
	http_jw_begin(r, &w);
	jw_obj(&w);
	place_fields(&w, rows);
	jw_end(&w);
	store_rows_free(rows);
	return http_jw_end(r, 200);
}

/* Metres between two points on a sphere of the Earth's mean radius. */
static double
haversine(double lat1, double lng1, double lat2, double lng2)
{
	const double rad = M_PI / 180.0, earth = 6371008.8;
	double dlat = (lat2 - lat1) * rad, dlng = (lng2 - lng1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * rad) *
	    cos(lat2 * rad) * sin(dlng / 2) * sin(dlng / 2);

	return 2 * earth * asin(sqrt(a));
}

struct near {
	double distance;
	char code[24];
	struct hours h;
	int open;
};

static int
by_distance(const void *a, const void *b)
{
	double x = ((const struct near *)a)->distance;
	double y = ((const struct near *)b)->distance;

	return (x > y) - (x < y);
}

static int
parse_coord(struct http_req *r, const char *name, double min, double max,
    double *out)
{
	const char *s = http_query(r, name);
	char *end;

	if (s == NULL)
		return http_error(r, 400, "missing_parameter", name,
		    "\"%s\" is required", name), -1;
	*out = strtod(s, &end);
	if (s[0] == '\0' || *end || !isfinite(*out) || *out < min || *out > max)
		return http_error(r, 400, "invalid_parameter", name,
		    "\"%s\" must be a number from %g to %g", name, min, max), -1;
	return 0;
}

/* Only what ranking needs: the full rows are read for the winners. */
STORE_SQL(q_places_of_kind,
    "SELECT c.code, c.lat, c.lng, c.always_open, c.weekday_open,"
    " c.weekday_close, c.weekend_open, c.weekend_close FROM centers c"
    " WHERE (CAST($1 AS TEXT) IS NULL AND c.kind IN ('center', 'sub-center'))"
    " OR c.kind = $1");

int
api_centers_nearest(struct http_req *r)
{
	static const char *const allowed[] = { "lat", "lng", "at", "kind",
		"limit", "open", NULL };
	const char *kind = http_query(r, "kind"), *at_s = http_query(r, "at");
	struct near *v = NULL;
	size_t n = 0, cap = 0, i;
	struct store_conn *c;
	struct store_rows *rows;
	double lat, lng;
	int64_t at = r->now, limit = 5;
	int rc, open_only;
	char when[CAL_RFC3339_LEN + 1];
	struct jw w;

	if (api_query_allowed(r, allowed) < 0 ||
	    parse_coord(r, "lat", -90, 90, &lat) < 0 ||
	    parse_coord(r, "lng", -180, 180, &lng) < 0 ||
	    api_query_int(r, "limit", 1, 50, &limit) < 0 ||
	    api_query_bool(r, "open", &open_only) < 0)
		return 0;
	if (kind && !valid_kind(kind))
		return http_error(r, 400, "invalid_parameter", "kind",
		    "\"kind\" must be center, sub-center, service-point or "
		    "self-service");
	if (at_s && cal_parse_rfc3339(at_s, &at) < 0)
		return http_error(r, 400, "invalid_parameter", "at",
		    "\"at\" must be an RFC 3339 time, e.g. "
		    "2026-11-23T09:00:00+08:00");
	if ((c = api_store(r)) == NULL)
		return 0;
	{
		struct store_val p[] = { SV_TEXT(kind) };

		if (store_query(c, &q_places_of_kind, p, 1, &rows) < 0)
			return api_store_error(r, "nearest");
	}
	while ((rc = store_next(rows)) == 1) {
		struct near *x;

		if (n == cap) {
			struct near *nv;

			cap = cap ? cap * 2 : 256;
			nv = realloc(v, cap * sizeof(*v));
			if (nv == NULL) {
				rc = -1;
				break;
			}
			v = nv;
		}
		x = &v[n];
		x->h.always = (int)store_int(rows, 3);
		x->h.weekday_open = (int)store_int(rows, 4);
		x->h.weekday_close = (int)store_int(rows, 5);
		x->h.weekend_open = (int)store_int(rows, 6);
		x->h.weekend_close = (int)store_int(rows, 7);
		x->open = hours_is_open(r->app->cal, &x->h, at);
		if (open_only == 1 && !x->open)
			continue;
		snprintf(x->code, sizeof(x->code), "%s", store_text(rows, 0));
		x->distance = haversine(lat, lng, store_real(rows, 1),
		    store_real(rows, 2));
		n++;
	}
	store_rows_free(rows);
	if (rc < 0) {
		free(v);
		return api_store_error(r, "nearest");
	}
	qsort(v, n, sizeof(*v), by_distance);
	if ((int64_t)n > limit)
		n = (size_t)limit;

	http_jw_begin(r, &w);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	for (i = 0; i < n; i++) {
		struct store_val p[] = { SV_TEXT(v[i].code) };
		int64_t closes;

		if (store_query(c, &q_place_get, p, 1, &rows) < 0 ||
		    store_next(rows) != 1) {
			store_rows_free(rows);
			free(v);
			return api_store_error(r, "nearest");
		}
		jw_obj(&w);
		place_fields(&w, rows);
		store_rows_free(rows);
		jw_kint(&w, "distance_m", llround(v[i].distance));
		jw_kbool(&w, "open_now", v[i].open);
		closes = hours_closes_at(r->app->cal, &v[i].h, at);
		if (v[i].open && !v[i].h.always && closes >= 0) {
			cal_format_rfc3339(closes, when);
			jw_kstr(&w, "closes_at", when);
		}
		if (!v[i].h.always) {
			cal_format_rfc3339(hours_next_opening(r->app->cal,
			    &v[i].h, v[i].open ? closes : at), when);
			jw_kstr(&w, "next_opening", when);
		}
		jw_end(&w);
	}
	jw_end(&w);
	free(v);
	jw_kint(&w, "total", (int64_t)n);
	cal_format_rfc3339(at, when);
	jw_kstr(&w, "at", when);
	jw_end(&w);
	return http_jw_end(r, 200);
}
