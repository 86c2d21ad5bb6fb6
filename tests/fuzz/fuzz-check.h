/*
 * fuzz-check.h: what every fuzz target uses to check a promise of the
 * code under test: CHECK(cond) traps when cond is false, so libFuzzer
 * keeps the input as a crash.
 */
#ifndef XABI_FUZZ_CHECK_H
#define XABI_FUZZ_CHECK_H

#define CHECK(cond)                                                            \
    do                                                                         \
    {                                                                          \
        if ( !(cond) )                                                         \
            __builtin_trap();                                                  \
    } while ( 0 )

#endif
