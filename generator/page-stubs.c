#include "generator/generator-int.h"
int xabi_page_traps(struct xabi_gen *g) { (void)g; return 0; }
int xabi_page_abi(struct xabi_gen *g) { (void)g; return 0; }
int xabi_page_audit(struct xabi_gen *g) { (void)g; return 0; }
int xabi_page_start_of_day(struct xabi_gen *g) { (void)g; return 0; }
int xabi_page_pvh(struct xabi_gen *g) { (void)g; return 0; }
