/*
 * test_jw.c - the streaming JSON writer: nesting and commas, escaping,
 * null strings, numbers; every output is parsed back by jansson.
 */
#include <jansson.h>
#include <math.h>

#include "jw.h"
#include "unit.h"

UNIT_TEST(jw_nested_document)
{
	struct buf b = BUF_INIT;
	struct jw w;

	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "code", "C-CA-001");
	jw_kint(&w, "n", -42);
	jw_kbool(&w, "ok", 1);
	jw_kstr(&w, "none", NULL);
	jw_key(&w, "items");
	jw_arr(&w);
	jw_obj(&w);
	jw_kreal(&w, "lat", 31.305);
	jw_end(&w);
	jw_int(&w, 2);
	jw_arr(&w);
	jw_end(&w);
	jw_end(&w);
	jw_key(&w, "empty");
	jw_obj(&w);
	jw_end(&w);
	jw_end(&w);
	CHECK_STR(b.data, "{\"code\":\"C-CA-001\",\"n\":-42,\"ok\":true,"
	    "\"none\":null,\"items\":[{\"lat\":31.305},2,[]],\"empty\":{}}");
	buf_release(&b);
}

UNIT_TEST(jw_escapes_round_trip)
{
	const char *s = "引号\"反斜杠\\换行\n\t\x01<script>&";
	struct buf b = BUF_INIT;
	struct jw w;
	json_t *j;

	jw_init(&w, &b);
	jw_arr(&w);
	jw_str(&w, s);
	jw_real(&w, NAN);
	jw_end(&w);
	CHECK(strstr(b.data, "<") == NULL);
	CHECK(strstr(b.data, "\\u0001") != NULL);
	j = json_loads(b.data, 0, NULL);
	CHECK(j != NULL);
	if (j) {
		CHECK_STR(json_string_value(json_array_get(j, 0)), s);
		CHECK(json_is_null(json_array_get(j, 1)));
	}
	json_decref(j);
	buf_release(&b);
}
