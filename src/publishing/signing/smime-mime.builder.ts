/**
 * The text of `openssl smime -sign -text` around a signature (apel.md §10), byte for byte as
 * OpenSSL 3 writes it: outer headers with LF, the signed part canonicalised to CRLF, base64 in
 * 64-character lines.
 */

/** What `-text` puts in front of the body; part of the signed bytes. */
const TEXT_HEADER = Buffer.from('Content-Type: text/plain\r\n\r\n');
/** OpenSSL reads the content with BIO_gets into a 1024-byte buffer: 1023 bytes at a time. */
const LINE_CHUNK = 1023;
const CR = 0x0d;
const LF = 0x0a;

/**
 * The signed part as OpenSSL's SMIME_crlf_copy makes it: the `-text` header, then the body read in
 * BIO_gets chunks (up to and including an LF, at most 1023 bytes), each chunk's trailing CRs
 * dropped and its LF written as CRLF; a last line without LF gets none. Reproduced exactly, chunk
 * edges included, because the signature covers these bytes and the receiver recomputes them.
 */
export function canonicalSignedPart(body: string): Buffer {
  const input = Buffer.from(body, 'utf8');
  // Worst case every byte is an LF that becomes CRLF. One pass, no per-line allocation: the relay
  // signs 70 kB bodies by the thousand.
  const out = Buffer.allocUnsafe(TEXT_HEADER.length + 2 * input.length);
  let length = TEXT_HEADER.copy(out, 0);
  let chunk = 0;
  let pendingCrs = 0;
  for (let i = 0; i < input.length; i++) {
    const byte = input[i];
    chunk++;
    if (byte === LF) {
      out[length++] = CR;
      out[length++] = LF;
      chunk = pendingCrs = 0;
      continue;
    }
    if (byte === CR) pendingCrs++;
    else {
      for (; pendingCrs > 0; pendingCrs--) out[length++] = CR;
      out[length++] = byte;
    }
    // A full chunk without LF: its trailing CRs are stripped like those before an LF.
    if (chunk === LINE_CHUNK) chunk = pendingCrs = 0;
  }
  return out.subarray(0, length);
}

function base64Lines(der: Buffer): string {
  return der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n');
}

/** `boundary` is OpenSSL's 32 upper-case hex digits; the delimiter lines add six dashes in all. */
export function multipartSigned(signedPart: Buffer, signature: Buffer, boundary: string): Buffer {
  const head =
    'MIME-Version: 1.0\n' +
    `Content-Type: multipart/signed; protocol="application/x-pkcs7-signature"; micalg="sha-256"; boundary="----${boundary}"\n\n` +
    'This is an S/MIME signed message\n\n' +
    `------${boundary}\n`;
  const tail =
    `\n------${boundary}\n` +
    'Content-Type: application/x-pkcs7-signature; name="smime.p7s"\n' +
    'Content-Transfer-Encoding: base64\n' +
    'Content-Disposition: attachment; filename="smime.p7s"\n\n' +
    base64Lines(signature) +
    `\n------${boundary}--\n\n`;
  return Buffer.concat([Buffer.from(head), signedPart, Buffer.from(tail)]);
}
