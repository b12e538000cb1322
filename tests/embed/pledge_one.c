/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The "one wrapper file" way in: the whole library as one translation
 * unit of the embedding kernel.
 */
#include "../../libpledge/src/promise.c"
#include "../../libpledge/src/check.c"
#include "../../libpledge/src/unveil.c"
