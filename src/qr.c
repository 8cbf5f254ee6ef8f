/*
 * qr.c - see qr.h.  One path element of unit squares keeps the SVG small
 * and crisp at any size; a 4-module quiet zone surrounds the code.
 */
#include <qrencode.h>

#include "buf.h"
#include "qr.h"

int
qr_svg(struct buf *out, const char *text)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int x, y;

	if (qr == NULL)
		return -1;
	buf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
	    "<title>QR</title><rect width=\"100%%\" height=\"100%%\" "
	    "fill=\"#fff\"/><path fill=\"#000\" d=\"", qr->width + 8,
	    qr->width + 8);
	for (y = 0; y < qr->width; y++)
		for (x = 0; x < qr->width; x++)
			if (qr->data[y * qr->width + x] & 1)
				buf_addf(out, "M%d %dh1v1h-1z", x + 4, y + 4);
	buf_adds(out, "\"/></svg>\n");
	QRcode_free(qr);
	return buf_failed(out) ? -1 : 0;
}
