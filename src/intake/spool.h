/*
 * spool.h - the durable, Maildir-like spool of the mail hook.
 *
 *   SPOOL/tmp/            files being written (never read by anyone)
 *   SPOOL/raw/SHA.eml     each message byte for byte, named by its SHA-256
 *   SPOOL/documents/SHA   each document, named by the SHA-256 of its bytes
 *   SPOOL/outbox/ID.eml   replies waiting for the MTA (sent/ once handed over)
 *   SPOOL/new/ID.json     the records, for the order system
 *   SPOOL/cur/            where the order system moves records it has taken
 *   SPOOL/.lock           flock(2)ed around the commit of a record
 *
 * Every file is written to tmp/, fsync'ed, hard-linked to its final name
 * and its directory fsync'ed (the link is the commit: an existing name is
 * never replaced, so two concurrent deliveries of one message leave one
 * record, and a reader never sees a partial file).  A crash leaves at most
 * debris in tmp/, removed after 36 hours as in Maildir.
 *
 * All functions return SPOOL_OK or SPOOL_TEMPFAIL (any I/O failure: full
 * disk, EIO, lock timeout; the MTA must keep the message and retry) and
 * leave a message in the spool's error buffer.
 */
#ifndef OKC_INTAKE_SPOOL_H
#define OKC_INTAKE_SPOOL_H

#include <stddef.h>
#include <stdint.h>

enum { SPOOL_OK = 0, SPOOL_TEMPFAIL = -1, SPOOL_EXISTS = 1 };

typedef struct spool spool;

/** Open (and with `create`, make) the spool directory tree. */
int spool_open(spool **out, const char *dir, int create, unsigned lock_timeout_s);
void spool_close(spool *sp);
/** Text of the last failure. */
const char *spool_error(const spool *sp);
const char *spool_dir(const spool *sp);

/**
 * Copy everything readable from `fd` into a file in tmp/ (fsync'ed),
 * hashing it; keep the first `keep_max` bytes (plus one, so the caller can
 * tell the message was larger) in *data.  *total is the full size.
 */
int spool_receive(spool *sp, int fd, uint64_t keep_max, unsigned char **data,
                  size_t *len, uint64_t *total, char sha256_hex[65]);

/** Commit the received message as raw/SHA.eml (idempotent). */
int spool_commit_raw(spool *sp);

/** Store a blob as documents/SHA (idempotent); fills sha256_hex. */
int spool_put_document(spool *sp, const void *data, size_t len,
                       char sha256_hex[65]);

/** Store outbox/NAME (kept if it already exists). */
int spool_put_outbox(spool *sp, const char *name, const void *data, size_t len);

/**
 * Commit the record as new/ID.json under the spool lock.  SPOOL_EXISTS when
 * a record with this id is already in new/ or cur/ (a redelivery).
 */
int spool_commit_record(spool *sp, const char *id, const void *json, size_t len);

/** 1 when new/ID.json or cur/ID.json exists. */
int spool_has_record(spool *sp, const char *id);

/** Move outbox/NAME to outbox/sent/NAME after a successful hand-over. */
int spool_outbox_sent(spool *sp, const char *name);

/** Path of outbox/NAME into buf (for handing it to sendmail). */
int spool_outbox_path(const spool *sp, const char *name, char *buf, size_t len);

/** Check the tree: every directory present, writable, same file system
 *  for tmp/ and the rest (link(2) needs it).  For --check-config. */
int spool_check(spool *sp);

/** SHA-256 of a buffer, lower-case hex. */
void spool_sha256_hex(const void *data, size_t len, char out[65]);

#endif /* OKC_INTAKE_SPOOL_H */
