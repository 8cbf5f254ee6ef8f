/*
 * qr.h - a QR code as SVG (libqrencode), for licences and tickets.
 */
#ifndef TONGBAN_QR_H
#define TONGBAN_QR_H

struct buf;

/* Appends the SVG of a QR code of text (error correction M); 0 or -1. */
int qr_svg(struct buf *out, const char *text);

#endif
