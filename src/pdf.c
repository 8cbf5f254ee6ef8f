/*
 * pdf.c - the guide as a printable PDF (libharu).
 *
 * The PDF is drawn from the same JSON guide the API answers with, so
 * the page and the paper never disagree.  Chinese needs a TrueType CJK
 * font: Debian's fonts-wqy-microhei loads in libharu 2.3.0 (as font 0
 * of its .ttc); libharu embeds only the glyphs the document uses, and
 * text is written through its UTF-8 encoder so pdftotext reads it back.
 *
 * libharu reports errors through a handler and then returns error codes;
 * the handler only records the first, and the document is thrown away
 * when one was recorded.  Each call builds its own HPDF_Doc, so
 * requests on several threads never share one.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "buf.h"
#include "guide.h"

#define PDF_MARGIN 56.0f	/* points: about 2 cm */
#define PDF_FOOTER 36.0f

struct pdf {
	HPDF_Doc doc;
	HPDF_Page page;
	HPDF_Font font;
	float y, width, height;
	int pages;
	HPDF_STATUS error, detail;
};

static void
on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
	struct pdf *p = user_data;

	if (p->error == 0) {
		p->error = error_no;
		p->detail = detail_no;
	}
}

static void
new_page(struct pdf *p)
{
	char n[32];

	p->page = HPDF_AddPage(p->doc);
	HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	p->width = HPDF_Page_GetWidth(p->page);
	p->height = HPDF_Page_GetHeight(p->page);
	p->y = p->height - PDF_MARGIN;
	p->pages++;
	snprintf(n, sizeof(n), "— %d —", p->pages);
	HPDF_Page_BeginText(p->page);
	HPDF_Page_SetFontAndSize(p->page, p->font, 9);
	HPDF_Page_TextOut(p->page, p->width / 2 - 12, PDF_FOOTER - 12, n);
	HPDF_Page_EndText(p->page);
}

/* Bytes of the UTF-8 sequence starting with byte c. */
static size_t
utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/*
 * Writes text from the left margin plus indent, wrapped at the right
 * margin (Chinese breaks between any two characters; a Latin word is
 * kept whole where it fits), in size points, then leaves gap.
 */
static void
para(struct pdf *p, const char *text, float size, float indent, float gap)
{
	float lead = size * 1.45f, room = p->width - 2 * PDF_MARGIN - indent;
	const char *s = text ? text : "";
	char *line;

	if ((line = malloc(strlen(s) + 1)) == NULL) {
		p->error = HPDF_FAILD_TO_ALLOC_MEM;
		return;
	}
	HPDF_Page_SetFontAndSize(p->page, p->font, size);
	do {
		size_t n = 0, fit = 0, brk = 0;

		/* The longest prefix that fits, on a character boundary:
		 * widths add up character by character (1/1000 em). */
		float w = 0;

		while (s[n]) {
			size_t m = n + utf8_len((unsigned char)s[n]);
			HPDF_TextWidth tw = HPDF_Font_TextWidth(p->font,
			    (const HPDF_BYTE *)s + n, (HPDF_UINT)(m - n));

			w += (float)tw.width * size / 1000.0f;
			if (w > room && fit > 0)
				break;
			fit = m;
			if (s[n] == ' ')
				brk = m;
			n = m;
			if (s[n - 1] == '\n')
				break;
		}
		/* Keep a Latin word whole when a space came before it. */
		if (s[fit] && brk > 0 && (unsigned char)s[fit] < 0x80 &&
		    s[fit] != ' ' && (unsigned char)s[fit - 1] < 0x80)
			fit = brk;
		memcpy(line, s, fit);
		line[fit] = '\0';
		if (fit && line[fit - 1] == '\n')
			line[fit - 1] = '\0';
		if (p->y - lead < PDF_MARGIN)
			new_page(p);
		HPDF_Page_SetFontAndSize(p->page, p->font, size);
		HPDF_Page_BeginText(p->page);
		HPDF_Page_TextOut(p->page, PDF_MARGIN + indent, p->y - size,
		    line);
		HPDF_Page_EndText(p->page);
		p->y -= lead;
		s += fit;
		while (*s == ' ')
			s++;
	} while (*s && p->error == 0);
	p->y -= gap;
	free(line);
}

static void
rule(struct pdf *p)
{
	if (p->y - 8 < PDF_MARGIN)
		new_page(p);
	HPDF_Page_SetLineWidth(p->page, 0.5f);
	HPDF_Page_MoveTo(p->page, PDF_MARGIN, p->y - 2);
	HPDF_Page_LineTo(p->page, p->width - PDF_MARGIN, p->y - 2);
	HPDF_Page_Stroke(p->page);
	p->y -= 8;
}

static const char *
str(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? v : "";
}

static void
heading(struct pdf *p, const char *text)
{
	if (p->y - 60 < PDF_MARGIN)	/* no heading alone at a page's foot */
		new_page(p);
	p->y -= 6;
	para(p, text, 13, 0, 0);
	rule(p);
}

/* Formats into a malloc'd string and writes it as a paragraph. */
static void __attribute__((format(printf, 5, 6)))
paraf(struct pdf *p, float size, float indent, float gap, const char *fmt,
    ...)
{
	char *t = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&t, fmt, ap);
	va_end(ap);
	if (n < 0) {
		p->error = HPDF_FAILD_TO_ALLOC_MEM;
		return;
	}
	para(p, t, size, indent, gap);
	free(t);
}

static const char *
way_zh(const char *way, const char *status)
{
	if (strcmp(status, "satisfied") == 0)
		return strcmp(way, "licence") == 0 ? "已有电子证照，免交" :
		    strcmp(way, "shared") == 0 ? "部门已共享，免交" : "已满足";
	if (strcmp(status, "pending") == 0)
		return "本指南中办理取得，免交";
	return strcmp(way, "commitment") == 0 ? "可签署告知承诺书" :
	    "需提交";
}

static void
draw_guide(struct pdf *p, const struct scenario *s, json_t *guide,
    json_t *summary)
{
	json_t *v, *list;
	size_t i, k;

	paraf(p, 18, 0, 2, "%s", s->title_zh);
	paraf(p, 11, 0, 4, "%s — one-page guide", s->title_en);
	paraf(p, 9, 0, 6, "办事指南编号 Guide No. %.16s · 一网通办 tongban",
	    str(guide, "digest"));
	para(p, s->summary_zh, 10, 0, 2);
	para(p, s->summary_en, 9, 0, 4);

	heading(p, "您的情况 Your answers");
	json_array_foreach(summary, i, v)
		paraf(p, 10, 0, 2, "%s：%s", str(v, "text_zh"),
		    str(v, "answer_zh"));

	list = json_object_get(guide, "matters");
	{
		char h[64];

		snprintf(h, sizeof(h), "需办理的事项 Matters (%zu)",
		    json_array_size(list));
		heading(p, h);
	}
	json_array_foreach(list, i, v) {
		json_t *d = json_object_get(v, "department");
		json_int_t days = json_integer_value(json_object_get(v,
		    "promised_days"));
		json_int_t fee = json_integer_value(json_object_get(v,
		    "fee_fen"));

		paraf(p, 11, 0, 1, "%zu. %s（%s）", i + 1, str(v, "name_zh"),
		    str(v, "code"));
		paraf(p, 9, 14, 1, "%s · %s %s", str(v, "name_en"),
		    str(d, "name_zh"), str(d, "name_en"));
		if (days > 0)
			paraf(p, 9, 14, 1, "承诺时限 %lld 个工作日 · %s",
			    (long long)days, fee > 0 ? "收费" : "不收费");
		else
			paraf(p, 9, 14, 1, "即办 On the spot · %s",
			    fee > 0 ? "收费" : "不收费");
		paraf(p, 9, 14, 4, "为何需要：%s", str(v, "why_zh"));
	}

	list = json_object_get(guide, "materials");
	{
		char h[64];

		snprintf(h, sizeof(h), "申请材料 Materials (%zu)",
		    json_array_size(list));
		heading(p, h);
	}
	json_array_foreach(list, i, v) {
		json_t *ms = json_object_get(v, "matters");
		struct buf used = BUF_INIT;

		for (k = 0; k < json_array_size(ms); k++) {
			if (k)
				buf_adds(&used, "、");
			buf_adds(&used, json_string_value(json_array_get(ms,
			    k)));
		}
		paraf(p, 10, 0, 1, "%s %s%s — %s",
		    strcmp(str(v, "status"), "satisfied") == 0 ? "☑" : "☐",
		    str(v, "name_zh"), json_is_true(json_object_get(v, "key")) ?
		    "（关键材料）" : "", way_zh(str(v, "way"), str(v, "status")));
		paraf(p, 8.5f, 14, 1, "%s · %s", str(v, "name_en"),
		    str(v, "reason_zh"));
		if (json_string_value(json_object_get(v, "note_zh")))
			paraf(p, 8.5f, 14, 1, "说明：%s", str(v, "note_zh"));
		if (used.len)
			paraf(p, 8.5f, 14, 4, "用于 For：%s", used.data);
		else
			p->y -= 3;
		buf_release(&used);
	}

	list = json_object_get(guide, "precautions");
	if (json_array_size(list)) {
		heading(p, "注意事项 Precautions");
		json_array_foreach(list, i, v) {
			paraf(p, 10, 0, 1, "• %s", str(v, "text_zh"));
			paraf(p, 8.5f, 10, 3, "%s", str(v, "text_en"));
		}
	}

	list = json_object_get(guide, "forms");
	if (json_array_size(list)) {
		heading(p, "申请表（已预填）Application forms, pre-filled");
		json_array_foreach(list, i, v) {
			json_t *f;

			paraf(p, 10, 0, 2, "%s", str(v, "matter"));
			json_array_foreach(json_object_get(v, "fields"), k, f) {
				json_t *val = json_object_get(f, "value");

				paraf(p, 9.5f, 14, 1, "%s %s：%s",
				    str(f, "label_zh"), str(f, "label_en"),
				    json_is_string(val) ? json_string_value(val) :
				    "＿＿＿＿＿＿＿＿");
			}
			p->y -= 4;
		}
	}
}

int
pdf_guide(const struct scenario *s, json_t *guide, json_t *summary,
    const char *font, struct buf *out, char **err)
{
	struct pdf p;
	const char *name;
	HPDF_UINT32 size;

	memset(&p, 0, sizeof(p));
	*err = NULL;
	if ((p.doc = HPDF_New(on_error, &p)) == NULL) {
		*err = strdup("cannot create a PDF document");
		return -1;
	}
	HPDF_SetCompressionMode(p.doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p.doc);
	HPDF_SetCurrentEncoder(p.doc, "UTF-8");
	name = HPDF_LoadTTFontFromFile2(p.doc, font, 0, HPDF_TRUE);
	if (name == NULL || p.error ||
	    (p.font = HPDF_GetFont(p.doc, name, "UTF-8")) == NULL) {
		if (asprintf(err, "cannot load the font %s (libharu error "
		    "0x%04x)", font, (unsigned)p.error) < 0)
			*err = NULL;
		HPDF_Free(p.doc);
		return -1;
	}
	HPDF_SetInfoAttr(p.doc, HPDF_INFO_TITLE, s->title_zh);
	HPDF_SetInfoAttr(p.doc, HPDF_INFO_CREATOR, "tongban");
	new_page(&p);
	draw_guide(&p, s, guide, summary);
	if (p.error == 0 && HPDF_SaveToStream(p.doc) == HPDF_OK &&
	    (size = HPDF_GetStreamSize(p.doc)) > 0 &&
	    buf_grow(out, size) == 0) {
		HPDF_UINT32 len = size;

		HPDF_ResetStream(p.doc);
		if (HPDF_ReadFromStream(p.doc, (HPDF_BYTE *)out->data +
		    out->len, &len) <= HPDF_STREAM_EOF && len == size)
			out->len += len;
		else
			p.error = p.error ? p.error : 1;
	} else if (p.error == 0)
		p.error = 1;
	if (p.error && asprintf(err, "libharu error 0x%04x detail %u",
	    (unsigned)p.error, (unsigned)p.detail) < 0)
		*err = NULL;
	HPDF_Free(p.doc);
	return p.error ? -1 : 0;
}
