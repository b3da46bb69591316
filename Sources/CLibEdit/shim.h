// libedit's readline-compatible API (BSD licensed). <editline/readline.h>, not <readline/readline.h>,
// which is GNU readline's header.
#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>
