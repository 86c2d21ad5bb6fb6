/*
 * fixtures.h: what every cmocka unit test includes.  (Minimal version from
 * the abi branch; the lead reconciles it with the other branches'.)
 */
#ifndef XABI_TEST_FIXTURES_H
#define XABI_TEST_FIXTURES_H

/* cmocka needs these before its own header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
