/* A trusted server written for z/OS LE C, run as a trustplex job through libtrustplex: the
   seed's steps in C. It asks its stack to collect each partner's credentials
   (ioctl SIOCSPARTNERINFO) before listen, accepts its clients, asks who each one is with
   w_ioctl SIOCGPARTNERINFO for SECCRED (user IDs and UTOKENs), prints them, and echoes one
   message from each. Arguments: the port (default 4000) and how many clients (default 1).

   The source is z/OS's: LE C's names and errno. Build it unchanged with trustplex_lec.h
   included first, which maps those names onto libtrustplex (docs/native.md section 4):
     gcc -include trustplex_lec.h -I include -I copybooks/c trusted_server.c -ltrustplex
   The PartnerInfo area is z/OS's, big-endian (copybooks/c/tpxpinfo.h); its user IDs and
   UTOKEN fields are EBCDIC. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "ichrutkn.h"
#include "tpxioctl.h"
#include "tpxpinfo.h"

static void fail(const char *what) {
    printf("%s failed: errno %d errno2 %08X\n", what, errno, (unsigned)__errno2());
    exit(8);
}

/* An EBCDIC field, blank-padded, as ASCII without the blanks: capital letters and digits
   (the characters of a user ID, group or node); the rest as '.'. */
static const char *text(const char *field, int len) {
    static char out[9];
    static const char *upper = "ABCDEFGHI", *mid = "JKLMNOPQR", *low = "STUVWXYZ";
    int n = 0;
    for (int i = 0; i < len && i < 8; i++) {
        uint8_t e = (uint8_t)field[i];
        if (e == 0x40) break;
        out[n++] = e >= 0xC1 && e <= 0xC9   ? upper[e - 0xC1]
                   : e >= 0xD1 && e <= 0xD9 ? mid[e - 0xD1]
                   : e >= 0xE2 && e <= 0xE9 ? low[e - 0xE2]
                   : e >= 0xF0 && e <= 0xF9 ? (char)('0' + (e - 0xF0))
                                            : '.';
    }
    out[n] = 0;
    return out;
}

/* The partner's credentials: SECCRED through w_ioctl, since ioctl takes its length from
   the command word and SIOCGPARTNERINFO's is 0. */
static void partner(int c) {
    struct PartnerInfo pi;
    memset(&pi, 0, sizeof pi);
    pi.PI_Version = htonl(PI_VERSION1);
    pi.PI_Buflen = htonl(sizeof pi);
    pi.PI_ReqType = htonl(PI_REQTYPE_PARTNER_SECCRED);
    pi.PI_Timeout = htonl(10);
    if (w_ioctl(c, SIOCGPARTNERINFO, sizeof pi, (char *)&pi) < 0) {
        printf("no partner credentials: errno %d errno2 %08X\n", errno, (unsigned)__errno2());
        return;
    }
    printf("partner user %s routing %02X flags %02X\n", text(pi.PI_ASUserID, 8),
           pi.PI_ConnType, pi.PI_CredFlags);
    const struct TOKEN *tok = (const struct TOKEN *)pi.PI_ASUtoken;
    printf("UTOKEN TOKLEN %02X TOKVERS %02X", tok->TOKLEN, tok->TOKVERS);
    printf(" TOKUSER %s", text(tok->TOKUSER, 8));
    printf(" TOKGROUP %s", text(tok->TOKGROUP, 8));
    printf(" TOKPOE %s\n", text(tok->TOKPOE, 8));
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 4000;
    int clients = argc > 2 ? atoi(argv[2]) : 1;

    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) fail("socket");
    /* Before listen: the stack collects each partner's credentials as it connects. */
    uint32_t req = htonl(PI_REQTYPE_PARTNER_SECCRED);
    if (ioctl(s, SIOCSPARTNERINFO, &req) < 0) fail("ioctl SIOCSPARTNERINFO");
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(s, (struct sockaddr *)&sa, sizeof sa) < 0) fail("bind");
    if (listen(s, 5) < 0) fail("listen");
    printf("listening on port %d\n", port);

    for (int i = 0; i < clients; i++) {
        struct sockaddr_in peer;
        socklen_t len = sizeof peer;
        int c = accept(s, (struct sockaddr *)&peer, &len);
        if (c < 0) fail("accept");
        char addr[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &peer.sin_addr, addr, sizeof addr);
        printf("accepted a connection from %s port %u\n", addr, ntohs(peer.sin_port));
        partner(c);
        char buf[256];
        ssize_t n = read(c, buf, sizeof buf);
        if (n < 0) fail("read");
        printf("received %zd bytes: %.*s\n", n, (int)n, buf);
        if (write(c, buf, (size_t)n) < 0) fail("write");
        close(c);
    }
    /* A call z/OS refuses, and LE's words for it: w_ioctl's arglen is 0 to 50,000. */
    char big[4];
    if (w_ioctl(s, SIOCGPARTNERINFO, 50001, big) < 0 && errno == EINVAL) perror("w_ioctl");
    close(s);
    return 0;
}
