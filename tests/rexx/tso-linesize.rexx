/* TSO/E: an exec runs as a background TSO/E session, where LINESIZE is 131, and TSO/E has no terminal input buffer, so EXTERNALS is 0 (TSOREF LINESIZE, EXTERNALS) */
say linesize()
say externals()
