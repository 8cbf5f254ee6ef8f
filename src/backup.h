/*
 * backup.h - `tongban backup` and `tongban restore`: a consistent copy
 * of a running store in a file, and that file back into a new store.
 * The engine's part is behind store_backup()/store_restore() (store.h).
 */
#ifndef TONGBAN_BACKUP_H
#define TONGBAN_BACKUP_H

/* The subcommands: argv[0] is the command's name.  Exit status: 0
 * done, 1 failed, 2 bad usage. */
int backup_main(int argc, char **argv);
int restore_main(int argc, char **argv);

#endif
