/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Private declarations shared by the libpledge sources.
 */
#ifndef TPLEDGE_PLEDGE_INT_H
#define TPLEDGE_PLEDGE_INT_H

#include <tessera/pledge.h>

/* struct tpledge_state flags. */
#define TPLEDGE_F_PLEDGED     1u
#define TPLEDGE_F_EXECPLEDGED 2u

/* struct tpledge_unveil flags. */
#define TPLEDGE_UVF_LOCKED   1u /* unveil(NULL, NULL) was called */
#define TPLEDGE_UVF_ACTIVE   2u /* a rule was added: the veil is on */
#define TPLEDGE_UVF_DISABLED 4u /* every path promise was dropped */

/* Drop every rule; with disable, also refuse all path access. */
void tpledge_unveil_reset_(struct tpledge_unveil *uv, bool disable);

#endif /* TPLEDGE_PLEDGE_INT_H */
