/*
 * mail_mode.h - the mail-gateway hook mode of okc-intake (issue #8): one
 * RFC 5322 message on standard input, a record in the spool.
 */
#ifndef OKC_INTAKE_MAIL_MODE_H
#define OKC_INTAKE_MAIL_MODE_H

/* sysexits.h values, spelled out for systems without the header. */
#define OKC_EX_OK 0
#define OKC_EX_USAGE 64
#define OKC_EX_SOFTWARE 70
#define OKC_EX_TEMPFAIL 75
#define OKC_EX_CONFIG 78

/**
 * Run the hook mode with the program's arguments (argv[0] is the program
 * name).  Returns the exit status: 0 a record was written (or already
 * existed), 75 a transient failure (the MTA keeps the message and
 * retries), 64 a usage error, 78 --check-config found a problem.
 */
int okc_intake_mail_main(int argc, char **argv);

/** 1 when argv selects the hook mode (no --files among the arguments). */
int okc_intake_is_mail_mode(int argc, char **argv);

#endif /* OKC_INTAKE_MAIL_MODE_H */
