/*
 * log.h - structured log lines on stderr.
 *
 * One line an event: "ts=... level=... msg=..." followed by key=value
 * pairs.  Values are written through log_quote(), which encodes control
 * characters and quotes, so a value taken from a request can never forge
 * a line.  Personal data (ID numbers, phones, names, addresses) is never
 * passed here: callers log record ids, not contents.
 */
#ifndef TONGBAN_LOG_H
#define TONGBAN_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

extern enum log_level log_min_level;

int log_parse_level(const char *s, enum log_level *out);
void log_msg(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
