      * Calls a COBOL program can get wrong, through libtrustplex: an
      * EZASOKET list one parameter too long, which GnuCOBOL's
      * parameter count shows as z/OS's VL bit would; EZACIC05 and
      * EZACIC04 in place; and EZACIC04 with a third parameter.
       IDENTIFICATION DIVISION.
       PROGRAM-ID. BADCALL.
       DATA DIVISION.
       WORKING-STORAGE SECTION.
       01 SOC-FUNCTION PIC X(16).
       01 S            PIC 9(4) BINARY VALUE 0.
       01 EXTRA        PIC 9(8) BINARY VALUE 0.
       01 ERRNO        PIC 9(8) BINARY VALUE 0.
       01 RETCODE      PIC S9(8) BINARY VALUE 0.
       01 BUF          PIC X(5) VALUE 'HELLO'.
       01 LEN          PIC 9(8) BINARY VALUE 5.
       01 TOKEN        PIC X(4) VALUE 'TOKN'.
       PROCEDURE DIVISION.
           MOVE 'CLOSE' TO SOC-FUNCTION
           CALL 'EZASOKET' USING SOC-FUNCTION S EXTRA ERRNO RETCODE
           DISPLAY 'CLOSE RETCODE ' RETCODE ' ERRNO ' ERRNO
           CALL 'EZACIC05' USING BUF LEN
           IF BUF = X'C8C5D3D3D6'
              DISPLAY 'EZACIC05 RC ' RETURN-CODE ' EBCDIC HELLO'
           ELSE
              DISPLAY 'EZACIC05 RC ' RETURN-CODE ' WRONG'
           END-IF
           CALL 'EZACIC04' USING BUF LEN
           DISPLAY 'EZACIC04 RC ' RETURN-CODE ' ' BUF
           CALL 'EZACIC04' USING TOKEN BUF LEN
           DISPLAY 'EZACIC04 THREE PARAMETERS RC ' RETURN-CODE ' ' BUF
           MOVE 0 TO RETURN-CODE
           STOP RUN.
