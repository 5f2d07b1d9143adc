/*
 * trustplex.h: the z/OS entry points of libtrustplex, for a C program that a trustplex job
 * starts (docs/native.md). Each is called as on z/OS: every parameter is the address of its
 * area, and the results are written back there. Binary fields are big-endian, as on z/OS:
 * build them with htonl/htons and read them with ntohl/ntohs on a little-endian machine
 * (docs/copybooks.md). SOC-FUNCTION may be EBCDIC, as on z/OS, or ASCII.
 *
 * Link with -ltrustplex (libtrustplex.so, built by `cargo build -p libtrustplex`).
 */
#ifndef TRUSTPLEX_H
#define TRUSTPLEX_H

#ifdef __cplusplus
extern "C" {
#endif

/* CALL 'EZASOKET' USING SOC-FUNCTION parm... ERRNO RETCODE: SOC-FUNCTION is 16 characters,
   ERRNO and RETCODE fullwords; the parameters between them are the function's. */
int EZASOKET(void *soc_function, ...);

/* w_ioctl: File_descriptor, Command, Argument_length, Argument, Return_value, Return_code,
   Reason_code; BPX1IOC as AMODE 31, BPX4IOC as AMODE 64. */
void BPX1IOC(void *fd, void *command, void *arglen, void *arg, void *rv, void *rc, void *rsn);
void BPX4IOC(void *fd, void *command, void *arglen, void *arg, void *rv, void *rc, void *rsn);

#ifdef __cplusplus
}
#endif

#endif /* TRUSTPLEX_H */
