/*
 * alloc.h - allocations watched, and failed on purpose in tests (alloc.c).
 */
#ifndef TONGBAN_ALLOC_H
#define TONGBAN_ALLOC_H

/* Routes jansson's and SQLite's allocations through ours: call before
 * anything else uses either.  0 or -1. */
int alloc_init(void);

/* This thread's nth allocation from now fails (fault tests). */
void alloc_arm(long nth);
/* No more failures on purpose; alloc_failed() still tells. */
void alloc_disarm(void);
/* Forget the count and the failure (at the start of a request). */
void alloc_reset(void);
/* 1 when an allocation of this thread failed since the last reset. */
int alloc_failed(void);

#endif
