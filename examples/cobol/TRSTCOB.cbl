       IDENTIFICATION DIVISION.
       PROGRAM-ID. TRSTCOB.
      * A trusted client as written for z/OS: EZASOKET INITAPI, SOCKET,
      * CONNECT, IOCTL SIOCGPARTNERINFO with the TPXPINFO copybook,
      * WRITE, READ, CLOSE and TERMAPI. The function names are
      * literals, so GnuCOBOL holds them in ASCII. Build it with
      *   cobc -x -std=ibm-strict -fstatic-call -I copybooks/cobol
      *        TRSTCOB.cbl -L target/debug -ltrustplex
       DATA DIVISION.
       WORKING-STORAGE SECTION.
       01  SOC-FUNCTION        PIC X(16).
       01  MAXSOC              PIC 9(4) BINARY VALUE 50.
       01  IDENT.
           05  TCPNAME         PIC X(8) VALUE 'TCPIP   '.
           05  ADSNAME         PIC X(8) VALUE 'TRSTCOB '.
       01  SUBTASK             PIC X(8) VALUE SPACES.
       01  MAXSNO              PIC 9(9) BINARY.
       01  AF                  PIC 9(9) BINARY VALUE 2.
       01  SOCTYPE             PIC 9(9) BINARY VALUE 1.
       01  PROTO               PIC 9(9) BINARY VALUE 0.
       01  S                   PIC 9(4) BINARY.
       01  NAME.
           05  FAMILY          PIC 9(4) BINARY VALUE 2.
           05  PORT            PIC 9(4) BINARY VALUE 4000.
           05  IP-ADDRESS      PIC X(4) VALUE X'0A010201'.
           05  FILLER          PIC X(8) VALUE LOW-VALUES.
       01  COMMAND             PIC 9(9) BINARY VALUE 3221288466.
       01  ERRNO               PIC 9(9) BINARY.
       01  RETCODE             PIC S9(9) BINARY.
       COPY TPXPINFO.
       01  RETARG              PIC X(40).
       01  NBYTE               PIC 9(9) BINARY.
       01  BUF                 PIC X(32).
      * Capital letters and the blank, in EBCDIC and in ASCII.
       01  EBCDIC-LETTERS      PIC X(27) VALUE
           X'C1C2C3C4C5C6C7C8C9D1D2D3D4D5D6D7D8D9E2E3E4E5E6E7E8E940'.
       01  ASCII-LETTERS       PIC X(27) VALUE
           'ABCDEFGHIJKLMNOPQRSTUVWXYZ '.
       PROCEDURE DIVISION.
           MOVE 'INITAPI' TO SOC-FUNCTION
           CALL 'EZASOKET' USING SOC-FUNCTION MAXSOC IDENT SUBTASK
               MAXSNO ERRNO RETCODE
           DISPLAY 'INITAPI RETCODE ' RETCODE ' MAXSNO ' MAXSNO
           MOVE 'SOCKET' TO SOC-FUNCTION
           CALL 'EZASOKET' USING SOC-FUNCTION AF SOCTYPE PROTO
               ERRNO RETCODE
           DISPLAY 'SOCKET RETCODE ' RETCODE
           MOVE RETCODE TO S
           MOVE 'CONNECT' TO SOC-FUNCTION
           CALL 'EZASOKET' USING SOC-FUNCTION S NAME ERRNO RETCODE
           DISPLAY 'CONNECT RETCODE ' RETCODE ' ERRNO ' ERRNO
           MOVE LOW-VALUES TO PARTNERINFO
           MOVE 1 TO PI-VERSION
           MOVE 40 TO PI-BUFLEN
           MOVE 1 TO PI-REQTYPE
           MOVE 5 TO PI-TIMEOUT
           MOVE 'IOCTL' TO SOC-FUNCTION
           CALL 'EZASOKET' USING SOC-FUNCTION S COMMAND PARTNERINFO
               RETARG ERRNO RETCODE
           DISPLAY 'IOCTL RETCODE ' RETCODE ' ERRNO ' ERRNO
           MOVE RETARG TO PARTNERINFO
           DISPLAY 'PI-BUFLEN ' PI-BUFLEN
      * The user ID is EBCDIC, as z/OS returns it: to ASCII to show it.
           INSPECT PI-ASUSERID
               CONVERTING EBCDIC-LETTERS TO ASCII-LETTERS
           DISPLAY 'PI-ASUSERID ' PI-ASUSERID
           MOVE 'Hello from COBOL' TO BUF
           MOVE 16 TO NBYTE
           MOVE 'WRITE' TO SOC-FUNCTION
           CALL 'EZASOKET' USING SOC-FUNCTION S NBYTE BUF ERRNO RETCODE
           DISPLAY 'WRITE RETCODE ' RETCODE
           MOVE SPACES TO BUF
           MOVE 32 TO NBYTE
           MOVE 'READ' TO SOC-FUNCTION
           CALL 'EZASOKET' USING SOC-FUNCTION S NBYTE BUF ERRNO RETCODE
           DISPLAY 'READ RETCODE ' RETCODE ' ' BUF(1:16)
           MOVE 'CLOSE' TO SOC-FUNCTION
           CALL 'EZASOKET' USING SOC-FUNCTION S ERRNO RETCODE
           DISPLAY 'CLOSE RETCODE ' RETCODE
           MOVE 'TERMAPI' TO SOC-FUNCTION
           CALL 'EZASOKET' USING SOC-FUNCTION
           STOP RUN.
