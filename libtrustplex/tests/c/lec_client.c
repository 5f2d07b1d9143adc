/* A trusted client in z/OS LE C, built unchanged with trustplex_lec.h: socket, connect with
   the host's struct sockaddr_in, getsockopt SO_CLUSTERCONNTYPE (an int), w_ioctl
   SIOCGPARTNERINFO (z/OS's big-endian area), ioctl FIONBIO and FIONREAD (ints), write, and the
   calls z/OS refuses, with errno, __errno2(), strerror() and perror() as LE gives them. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "tpxioctl.h"
#include "tpxpinfo.h"
#include "tpxsocko.h"

static void said(const char *what, int rc) {
    if (rc < 0)
        printf("%s -1 errno %d errno2 %08X\n", what, errno, (unsigned)__errno2());
    else
        printf("%s %d\n", what, rc);
}

int main(void) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    said("socket", s);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(4000);
    inet_pton(AF_INET, "10.1.2.1", &sa.sin_addr);
    said("connect", connect(s, (struct sockaddr *)&sa, sizeof sa));

    int conntype = 0;
    socklen_t len = sizeof conntype;
    said("getsockopt", getsockopt(s, SOL_SOCKET, SO_CLUSTERCONNTYPE, &conntype, &len));
    printf("SO_CLUSTERCONNTYPE %d (SAME_CLUSTER %d) length %u\n", conntype,
           (conntype & SO_CLUSTERCONNTYPE_SAME_CLUSTER) != 0, (unsigned)len);

    struct PartnerInfo pi;
    memset(&pi, 0, sizeof pi);
    pi.PI_Version = htonl(PI_VERSION1);
    pi.PI_Buflen = htonl(PI_LEN_USERID);
    pi.PI_ReqType = htonl(PI_REQTYPE_PARTNER_USERID);
    pi.PI_Timeout = htonl(5);
    said("w_ioctl SIOCGPARTNERINFO", w_ioctl(s, SIOCGPARTNERINFO, PI_LEN_USERID, (char *)&pi));
    printf("PI_Buflen %u PI_ConnType %02X PI_ASUserID %02X%02X\n", ntohl(pi.PI_Buflen),
           pi.PI_ConnType, (uint8_t)pi.PI_ASUserID[0], (uint8_t)pi.PI_ASUserID[1]);
    said("ioctl SIOCGPARTNERINFO", ioctl(s, SIOCGPARTNERINFO, &pi));

    int on = 1, ready = -1;
    said("ioctl FIONBIO", ioctl(s, FIONBIO, &on));
    said("ioctl FIONREAD", ioctl(s, FIONREAD, &ready));
    printf("FIONREAD %d\n", ready);
    char buf[8];
    said("read, nothing there", (int)read(s, buf, sizeof buf));
    said("write", (int)write(s, "hello", 5));

    said("w_ioctl arglen 50001", w_ioctl(s, SIOCGPARTNERINFO, 50001, (char *)&pi));
    printf("EINVAL is %d: %s\n", EINVAL, strerror(EINVAL));
    perror("w_ioctl");
    said("bind, null address", bind(s, NULL, 16));
    said("getsockopt, unknown level", getsockopt(s, 12345, 1, &on, &len));
    said("close", close(s));
    said("close again", close(s));
    return 0;
}
