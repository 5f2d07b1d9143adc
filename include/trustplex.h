/*
 * trustplex.h: the z/OS entry points of libtrustplex, for a C program that a trustplex job
 * starts (docs/native.md). Each is called as on z/OS: every parameter is the address of its
 * area, and the results are written back there. Binary fields are big-endian, as on z/OS:
 * build them with htonl/htons and read them with ntohl/ntohs on a little-endian machine
 * (docs/copybooks.md). SOC-FUNCTION may be EBCDIC, as on z/OS, or ASCII.
 *
 * For LE C's socket functions (socket, ioctl, w_ioctl, ...) see trustplex_lec.h.
 *
 * Link with -ltrustplex (libtrustplex.so, built by `cargo build -p libtrustplex`).
 */
#ifndef TRUSTPLEX_H
#define TRUSTPLEX_H

#ifdef __cplusplus
extern "C" {
#endif

/* CALL 'EZASOKET' USING SOC-FUNCTION parm... ERRNO RETCODE: SOC-FUNCTION is 16 characters,
   ERRNO and RETCODE fullwords; the parameters between them are the function's. The macro
   passes the parameter list with its count, as z/OS's VL bit marks its end, so a count that
   does not fit the function gets ERRNO EINVAL rather than a wrong read; (EZASOKET)(...) calls
   the uncounted entry a COBOL program calls. At most 16 parameters. */
int (EZASOKET)(void *soc_function, ...);
int tpx_ezasoket(int count, void *const *list);
#define TPX_NARGS_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, n, \
                   ...)                                                                    \
    n
#define TPX_NARGS(...) \
    TPX_NARGS_(__VA_ARGS__, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define EZASOKET(...) tpx_ezasoket(TPX_NARGS(__VA_ARGS__), (void *const[]){__VA_ARGS__})

/* CALL 'EZACIC04' USING OUT-BUFFER LENGTH (EBCDIC to ASCII) and EZACIC05 (ASCII to EBCDIC),
   in place, with TCP/IP's tables; LENGTH is a big-endian fullword. The return is register 15:
   0 translated, 12 a zero length, 16 a null buffer. */
int EZACIC04(void *buffer, void *length);
int EZACIC05(void *buffer, void *length);

/* The BPX callable services: BPX1xxx as AMODE 31, BPX4xxx as AMODE 64. Each ends with
   Return_value, Return_code and Reason_code. BPX4RED's and BPX4WRT's Buffer_address is the
   address of a pointer to the buffer; there is no BPX1RED or BPX1WRT, whose fullword
   Buffer_address cannot hold a 64-bit host's address. */
void BPX1IOC(void *fd, void *command, void *arglen, void *arg, void *rv, void *rc, void *rsn);
void BPX4IOC(void *fd, void *command, void *arglen, void *arg, void *rv, void *rc, void *rsn);
void BPX1SOC(void *domain, void *type, void *protocol, void *dimension, void *vector, void *rv,
             void *rc, void *rsn);
void BPX4SOC(void *domain, void *type, void *protocol, void *dimension, void *vector, void *rv,
             void *rc, void *rsn);
void BPX1BND(void *fd, void *addrlen, void *addr, void *rv, void *rc, void *rsn);
void BPX4BND(void *fd, void *addrlen, void *addr, void *rv, void *rc, void *rsn);
void BPX1CON(void *fd, void *addrlen, void *addr, void *rv, void *rc, void *rsn);
void BPX4CON(void *fd, void *addrlen, void *addr, void *rv, void *rc, void *rsn);
void BPX1LSN(void *fd, void *backlog, void *rv, void *rc, void *rsn);
void BPX4LSN(void *fd, void *backlog, void *rv, void *rc, void *rsn);
void BPX1ACP(void *fd, void *addrlen, void *addr, void *rv, void *rc, void *rsn);
void BPX4ACP(void *fd, void *addrlen, void *addr, void *rv, void *rc, void *rsn);
void BPX4RED(void *fd, void *buffer_address, void *alet, void *count, void *rv, void *rc,
             void *rsn);
void BPX4WRT(void *fd, void *buffer_address, void *alet, void *count, void *rv, void *rc,
             void *rsn);
void BPX1CLO(void *fd, void *rv, void *rc, void *rsn);
void BPX4CLO(void *fd, void *rv, void *rc, void *rsn);
void BPX1OPT(void *fd, void *operation, void *level, void *name, void *optlen, void *optval,
             void *rv, void *rc, void *rsn);
void BPX4OPT(void *fd, void *operation, void *level, void *name, void *optlen, void *optval,
             void *rv, void *rc, void *rsn);
void BPX1BAS(void *fd, void *addrlen, void *addr, void *rv, void *rc, void *rsn);
void BPX4BAS(void *fd, void *addrlen, void *addr, void *rv, void *rc, void *rsn);

#ifdef __cplusplus
}
#endif

#endif /* TRUSTPLEX_H */
