/* A trusted client written for z/OS, run against trustplex through libtrustplex: EZASOKET
   SOCKET and CONNECT with the function names in ASCII (as GnuCOBOL holds them), IOCTL
   SIOCGPARTNERINFO for the partner's user ID, then BPX4IOC SIOCGPARTNERINFO for its SECCRED,
   and a BPX1IOC whose Argument address is null. It prints what came back, in hex where the
   bytes are EBCDIC. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "trustplex.h"

static void fn(char f[16], const char *name) {
    memset(f, ' ', 16);
    memcpy(f, name, strlen(name));
}

static void hex(const char *what, const uint8_t *p, int n) {
    printf("%s ", what);
    for (int i = 0; i < n; i++) printf("%02X", p[i]);
    printf("\n");
}

int main(void) {
    char f[16];
    uint32_t errno_ = 0, retcode = 0, af = htonl(2), type = htonl(1), proto = 0;
    fn(f, "SOCKET");
    EZASOKET(f, &af, &type, &proto, &errno_, &retcode);
    printf("SOCKET RETCODE %d ERRNO %u\n", (int)ntohl(retcode), ntohl(errno_));
    uint16_t s = htons((uint16_t)ntohl(retcode));

    uint8_t name[16] = {0, 2, 0x0F, 0xA0, 10, 1, 2, 1};
    fn(f, "CONNECT");
    EZASOKET(f, &s, name, &errno_, &retcode);
    printf("CONNECT RETCODE %d ERRNO %u\n", (int)ntohl(retcode), ntohl(errno_));

    /* PartnerInfo: PI_Version 1, PI_Buflen 40, PI_ReqType 1 (PARTNER_USERID), 5 s. */
    uint32_t cmd = htonl(0xC000F612u);
    uint8_t req[40] = {0}, ret[40] = {0};
    uint32_t hdr[4] = {htonl(1), htonl(40), htonl(1), htonl(5)};
    memcpy(req, hdr, sizeof hdr);
    fn(f, "IOCTL");
    EZASOKET(f, &s, &cmd, req, ret, &errno_, &retcode);
    printf("IOCTL RETCODE %d ERRNO %u\n", (int)ntohl(retcode), ntohl(errno_));
    hex("PI_ASUSERID", ret + 20, 8);
    /* REQARG and RETARG the same area, as z/OS allows. */
    EZASOKET(f, &s, &cmd, req, req, &errno_, &retcode);
    printf("IOCTL in place RETCODE %d\n", (int)ntohl(retcode));
    hex("PI_ASUSERID", req + 20, 8);

    /* BPX4IOC SIOCGPARTNERINFO for SECCRED (PI_ReqType 3, 200 bytes). */
    uint32_t fd = htonl(ntohs(s)), arglen = htonl(200), rv = 0, rc = 0, rsn = 0;
    uint8_t area[200] = {0};
    uint32_t hdr3[4] = {htonl(1), htonl(200), htonl(3), htonl(5)};
    memcpy(area, hdr3, sizeof hdr3);
    BPX4IOC(&fd, &cmd, &arglen, area, &rv, &rc, &rsn);
    printf("BPX4IOC Return_value %d Return_code %u\n", (int)ntohl(rv), ntohl(rc));
    hex("PI_CREDFLAGS", area + 17, 1);

    /* SIOCSPARTNERINFO with a null Argument: EFAULT and JRBadAddress. */
    uint32_t scmd = htonl(0x8004F613u), four = htonl(4);
    BPX1IOC(&fd, &scmd, &four, NULL, &rv, &rc, &rsn);
    printf("BPX1IOC null Argument: Return_value %d Return_code %u Reason_code %08X\n",
           (int)ntohl(rv), ntohl(rc), ntohl(rsn));
    return 0;
}
