#include "gen.h"
void gen_eyp(pki *k, const char *out, manifest *m) { (void)k; (void)out; (void)m; }
