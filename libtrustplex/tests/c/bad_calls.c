/* Calls a z/OS program can get wrong, and the BPX socket services and translation utilities,
   through libtrustplex: an EZASOKET list that does not fit its function or names none, a null
   parameter, EZACIC04 and EZACIC05 and their register 15, and a client written with BPX4SOC,
   BPX4CON, BPX1OPT, BPX4WRT (Buffer_address holds a pointer to the buffer) and BPX4CLO. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "trustplex.h"

static char f[16];
static uint32_t errno_, retcode;

static char *fn(const char *name) {
    memset(f, ' ', sizeof f);
    memcpy(f, name, strlen(name));
    return f;
}

static void said(const char *what) {
    printf("%s RETCODE %d ERRNO %u\n", what, (int)ntohl(retcode), ntohl(errno_));
    errno_ = retcode = 0;
}

int main(void) {
    uint32_t af = htonl(2), type = htonl(1), proto = 0, extra = 0;
    EZASOKET(fn("SOCKET"), &af, &type, &proto, &errno_, &retcode);
    uint16_t s = htons((uint16_t)ntohl(retcode));
    said("SOCKET");
    EZASOKET(fn("CLOSE"), &s, &extra, &errno_, &retcode);
    said("CLOSE with one parameter too many:");
    EZASOKET(fn("FROBNICATE"), &s, &errno_, &retcode);
    said("FROBNICATE:");
    EZASOKET(fn("CONNECT"), &s, NULL, &errno_, &retcode);
    said("CONNECT with a null NAME:");

    /* "HELLO" in EBCDIC to ASCII and back; then what register 15 says. */
    uint8_t text[5] = {0xC8, 0xC5, 0xD3, 0xD3, 0xD6};
    uint32_t len = htonl(5), zero = 0;
    int rc = EZACIC04(text, &len);
    printf("EZACIC04 R15 %d: %.5s\n", rc, (char *)text);
    rc = EZACIC05(text, &len);
    printf("EZACIC05 R15 %d: %02X%02X%02X%02X%02X\n", rc, text[0], text[1], text[2], text[3],
           text[4]);
    printf("EZACIC04 zero length R15 %d, null buffer R15 %d\n", EZACIC04(text, &zero),
           EZACIC04(NULL, &len));

    /* The BPX services, AMODE 64 and 31 mixed. */
    uint32_t dim = htonl(1), vec = 0, rv, rcode, rsn;
    BPX4SOC(&af, &type, &proto, &dim, &vec, &rv, &rcode, &rsn);
    printf("BPX4SOC Return_value %d descriptor %u\n", (int)ntohl(rv), ntohl(vec));
    uint8_t sa[16] = {16, 2, 0x0F, 0xA0, 10, 1, 2, 1};
    uint32_t salen = htonl(16);
    BPX4CON(&vec, &salen, sa, &rv, &rcode, &rsn);
    printf("BPX4CON Return_value %d\n", (int)ntohl(rv));
    uint32_t get = htonl(1), level = htonl(0xFFFF), name = htonl(0x4001), optlen = htonl(4);
    uint32_t value = 0;
    BPX1OPT(&vec, &get, &level, &name, &optlen, &value, &rv, &rcode, &rsn);
    printf("BPX1OPT SO_CLUSTERCONNTYPE Return_value %d value %08X\n", (int)ntohl(rv),
           ntohl(value));
    char msg[] = "through BPX4WRT";
    char *buf = msg;
    uint32_t count = htonl((uint32_t)strlen(msg)), alet = 0;
    BPX4WRT(&vec, &buf, &alet, &count, &rv, &rcode, &rsn);
    printf("BPX4WRT Return_value %d\n", (int)ntohl(rv));
    char *nobuf = NULL;
    BPX4WRT(&vec, &nobuf, &alet, &count, &rv, &rcode, &rsn);
    printf("BPX4WRT null buffer: Return_value %d Return_code %u Reason_code %08X\n",
           (int)ntohl(rv), ntohl(rcode), ntohl(rsn));
    BPX4CLO(&vec, &rv, &rcode, &rsn);
    printf("BPX4CLO Return_value %d\n", (int)ntohl(rv));
    BPX4CLO(&vec, &rv, &rcode, &rsn);
    printf("BPX4CLO again: Return_value %d Return_code %u\n", (int)ntohl(rv), ntohl(rcode));
    /* SOC-FUNCTION in read-only storage: a string literal is read, never written. */
    EZASOKET("CLOSE           ", &s, &errno_, &retcode);
    said("CLOSE from a literal:");
    EZASOKET("CLOSE           ", &s, &errno_, &retcode);
    said("CLOSE from a literal again:");
    EZASOKET("TERMAPI         ");
    puts("TERMAPI from a literal");
    /* A list of twenty: longer than any function takes, ERRNO and RETCODE still last. */
    void *twenty[20];
    for (int i = 0; i < 20; i++) twenty[i] = &extra;
    twenty[0] = fn("CLOSE");
    twenty[18] = &errno_;
    twenty[19] = &retcode;
    tpx_ezasoket(20, twenty);
    said("CLOSE with twenty parameters:");
    return 0;
}
