/*
 * catalog.h - the catalog of matters (search and guides) and its cache.
 *
 * A matter's guide and a page of catalog search results are functions of
 * the catalog alone, which changes only when it is loaded or edited; every
 * such change bumps the catalog generation (table meta, in the same
 * transaction).  Each process keeps the rendered JSON of the guides and
 * search pages it has served; it reads the generation at most once a
 * second and drops its cache when the generation moved, so a change
 * reaches every process within a second.
 */
#ifndef TONGBAN_CATALOG_H
#define TONGBAN_CATALOG_H

struct store_conn;

/* Marks the catalog changed; call inside the changing transaction. */
int catalog_bump_generation(struct store_conn *c);

/* Frees the cache (at shutdown). */
void catalog_cache_free(void);

/* 0 turns the cache off (benchmarks of the uncached path). */
extern int catalog_cache_enabled;

#endif
