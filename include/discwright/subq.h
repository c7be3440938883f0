/* subq.h: the CD subchannel.  Q frame decode/encode (ADR 1 position,
 * ADR 2 MCN, ADR 3 ISRC) with its CRC-16, and conversion between the
 * raw interleaved P-W layout READ CD returns (96 bytes, one symbol per
 * byte: bit 7 = P, bit 6 = Q, bits 5..0 = R..W) and CloneCD's .sub
 * layout (P[12] Q[12] R[12] ... W[12], MSB first).  Pure functions.
 */
#ifndef DISCWRIGHT_SUBQ_H
#define DISCWRIGHT_SUBQ_H

#include <stdbool.h>
#include <stdint.h>
#include "msf.h"

typedef struct {
    uint8_t control;                 /* 4 bits: 0x1 PRE, 0x2 DCP, 0x4 DATA, 0x8 4CH */
    uint8_t adr;                     /* 1, 2 or 3 (others kept raw) */
    /* ADR 1 */
    uint8_t track;                   /* binary; 0 = lead-in, 0xAA = lead-out */
    uint8_t index;                   /* binary (lead-in: the point byte) */
    dw_msf rel;                      /* relative time (binary) */
    dw_msf abs;                      /* absolute time (binary) */
    uint8_t zero;                    /* byte 6 */
    /* ADR 2: 13 digits + NUL; ADR 2/3 carry abs frame in byte 9 */
    char mcn[14];
    /* ADR 3: 12 characters + NUL (CC OOO YY SSSSS) */
    char isrc[13];
    uint8_t aframe;                  /* ADR 2/3: absolute frame */
} dw_subq;

/* CRC-16/CCITT over len bytes (poly 0x1021, init 0), not inverted. */
uint16_t dw_crc16_ccitt(const uint8_t *data, size_t len);

/* True when the stored CRC (bytes 10-11, inverted, big-endian) matches. */
bool dw_subq_crc_ok(const uint8_t q[12]);
/* Decode a 12-byte Q frame.  Returns false when the CRC is wrong or a
 * BCD field is invalid; *out is filled as far as possible either way. */
bool dw_subq_decode(const uint8_t q[12], dw_subq *out);
/* Encode a Q frame including its CRC.  Returns false on fields that do
 * not fit (bad MCN/ISRC characters, MSF out of range). */
bool dw_subq_encode(const dw_subq *in, uint8_t q[12]);

/* Raw interleaved P-W (96 bytes) <-> CloneCD .sub layout (96 bytes). */
void dw_sub_raw_to_packed(const uint8_t raw[96], uint8_t packed[96]);
void dw_sub_packed_to_raw(const uint8_t packed[96], uint8_t raw[96]);
/* Extract just Q (12 bytes) from raw interleaved P-W. */
void dw_sub_raw_get_q(const uint8_t raw[96], uint8_t q[12]);

#endif
