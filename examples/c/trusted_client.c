/* A trusted client written for z/OS's CALL interface, run as a trustplex job through
   libtrustplex: EZASOKET SOCKET, CONNECT to the trusted server (the address and port are its
   arguments), IOCTL SIOCGPARTNERINFO for the server's user ID, WRITE a message, READ the echo,
   CLOSE. Binary fields are big-endian, as on z/OS; the user ID comes back in EBCDIC.
   Build: gcc -I include trusted_client.c -L target/debug -ltrustplex */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trustplex.h"

static char f[16];
static uint32_t errno_, retcode;

/* SOC-FUNCTION, blank-padded, in ASCII: trustplex reads it as z/OS reads EBCDIC. */
static void fn(const char *name) {
    memset(f, ' ', sizeof f);
    memcpy(f, name, strlen(name));
}

static int check(const char *name) {
    int rc = (int)ntohl(retcode);
    if (rc < 0) {
        printf("%s failed: ERRNO %u\n", name, ntohl(errno_));
        exit(8);
    }
    return rc;
}

/* EBCDIC capital letters, digits and the blank to ASCII (the rest as '.'). */
static char ascii(uint8_t e) {
    static const char *upper = "ABCDEFGHI", *mid = "JKLMNOPQR", *low = "STUVWXYZ";
    if (e == 0x40) return ' ';
    if (e >= 0xC1 && e <= 0xC9) return upper[e - 0xC1];
    if (e >= 0xD1 && e <= 0xD9) return mid[e - 0xD1];
    if (e >= 0xE2 && e <= 0xE9) return low[e - 0xE2];
    if (e >= 0xF0 && e <= 0xF9) return (char)('0' + (e - 0xF0));
    return '.';
}

int main(int argc, char **argv) {
    const char *host = argc > 1 ? argv[1] : "10.1.2.1";
    uint16_t port = (uint16_t)(argc > 2 ? atoi(argv[2]) : 4000);

    uint32_t af = htonl(2), type = htonl(1), proto = 0;
    fn("SOCKET");
    EZASOKET(f, &af, &type, &proto, &errno_, &retcode);
    uint16_t s = htons((uint16_t)check("SOCKET"));

    uint8_t name[16] = {0, 2};
    uint16_t nport = htons(port);
    memcpy(name + 2, &nport, 2);
    inet_pton(AF_INET, host, name + 4);
    fn("CONNECT");
    EZASOKET(f, &s, name, &errno_, &retcode);
    check("CONNECT");
    printf("connected to %s port %u\n", host, port);

    /* PartnerInfo: PI_Version 1, PI_Buflen 40, PI_REQTYPE_PARTNER_USERID (1), 10 s. */
    uint32_t cmd = htonl(0xC000F612u), hdr[4] = {htonl(1), htonl(40), htonl(1), htonl(10)};
    uint8_t req[40] = {0}, ret[40] = {0};
    memcpy(req, hdr, sizeof hdr);
    fn("IOCTL");
    EZASOKET(f, &s, &cmd, req, ret, &errno_, &retcode);
    check("IOCTL");
    char user[9] = {0};
    for (int i = 0; i < 8; i++) user[i] = ascii(ret[20 + i]);
    printf("server user %s routing %02X\n", user, ret[16]);

    char msg[] = "Hello from C";
    uint32_t n = htonl((uint32_t)strlen(msg));
    fn("WRITE");
    EZASOKET(f, &s, &n, msg, &errno_, &retcode);
    check("WRITE");
    char buf[64] = {0};
    n = htonl(sizeof buf - 1);
    fn("READ");
    EZASOKET(f, &s, &n, buf, &errno_, &retcode);
    printf("echoed: %.*s\n", check("READ"), buf);
    fn("CLOSE");
    EZASOKET(f, &s, &errno_, &retcode);
    check("CLOSE");
    return 0;
}
