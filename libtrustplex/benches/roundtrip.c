/* The bench's C caller: N cached SIOCGPARTNERINFO calls (PARTNER_USERID) through BPX4IOC on
   descriptor 0, then prints how long they took in nanoseconds. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "trustplex.h"

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 10000;
    uint32_t fd = 0, cmd = htonl(0xC000F612u), arglen = htonl(40), rv, rc, rsn;
    uint8_t area[40];
    uint32_t hdr[4] = {htonl(1), htonl(40), htonl(1), 0};
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++) {
        memset(area, 0, sizeof area);
        memcpy(area, hdr, sizeof hdr);
        BPX4IOC(&fd, &cmd, &arglen, area, &rv, &rc, &rsn);
        if (rv != 0) {
            printf("failed: Return_code %u\n", ntohl(rc));
            return 8;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("%ld\n", (b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec));
    return 0;
}
