// No 'server-only': the offline verifier computes the same bytes the server signed.

/**
 * DSSE's pre-authentication encoding, the exact bytes a DSSE signature covers:
 * "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths as ASCII decimal
 * byte counts. Signing this rather than the payload binds the payload type too.
 */
export function preAuthEncoding(options: { payloadType: string; payload: Uint8Array }): Buffer {
  const type = Buffer.from(options.payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
    type,
    Buffer.from(` ${options.payload.length} `, 'utf8'),
    options.payload,
  ]);
}
