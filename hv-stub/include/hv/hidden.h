/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Included first in every C file (the Makefile's -include): hv-stub is
 * compiled position-independent (-fpie) so that calls and data accesses
 * are RIP-relative, which its high link address (outside the top 2 GiB)
 * otherwise rules out; with every symbol hidden, declarations included,
 * nothing goes through a GOT.
 */
#pragma GCC visibility push(hidden)
