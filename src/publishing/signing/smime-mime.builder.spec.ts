import { describe, expect, it } from '@jest/globals';
import { canonicalSignedPart, multipartSigned } from './smime-mime.builder.js';

const HEADER = 'Content-Type: text/plain\r\n\r\n';
const part = (body: string): string => canonicalSignedPart(body).toString('utf8');

describe('canonicalSignedPart', () => {
  it.each([
    ['LF line ends become CRLF', 'a\nb\n', 'a\r\nb\r\n'],
    ['CRLF stays CRLF', 'a\r\nb\r\n', 'a\r\nb\r\n'],
    ['several CRs before an LF collapse', 'a\r\r\n', 'a\r\n'],
    ['a CR inside a line stays', 'a\rb\n', 'a\rb\r\n'],
    ['a last line without LF gets none', 'a\nlast', 'a\r\nlast'],
    ['trailing CRs of the last line are dropped', 'last\r\r', 'last'],
    ['empty lines are kept', '\n\nx\n', '\r\n\r\nx\r\n'],
    ['an empty body is the header alone', '', ''],
  ])('%s', (_, body, expected) => {
    expect(part(body)).toBe(HEADER + expected);
  });

  it('keeps UTF-8 bytes as they are', () => {
    expect(canonicalSignedPart('Jürgen\n')).toEqual(Buffer.from(`${HEADER}Jürgen\r\n`, 'utf8'));
  });

  it('drops CRs that end a 1023-byte chunk of a long line, as OpenSSL does', () => {
    const body = `${'x'.repeat(1022)}\r${'y'.repeat(10)}\r\n`;
    expect(part(body)).toBe(`${HEADER}${'x'.repeat(1022)}${'y'.repeat(10)}\r\n`);
    // One byte earlier the CR is inside the chunk and stays.
    expect(part(`${'x'.repeat(1021)}\ry\n`)).toBe(`${HEADER}${'x'.repeat(1021)}\ry\r\n`);
  });
});

describe('multipartSigned', () => {
  it('lays out the document as openssl smime -sign writes it', () => {
    const doc = multipartSigned(Buffer.from(`${HEADER}hi\r\n`), Buffer.alloc(60, 1), 'B').toString();
    expect(doc).toBe(
      'MIME-Version: 1.0\n' +
        'Content-Type: multipart/signed; protocol="application/x-pkcs7-signature"; micalg="sha-256"; boundary="----B"\n\n' +
        'This is an S/MIME signed message\n\n' +
        '------B\n' +
        `${HEADER}hi\r\n` +
        '\n------B\n' +
        'Content-Type: application/x-pkcs7-signature; name="smime.p7s"\n' +
        'Content-Transfer-Encoding: base64\n' +
        'Content-Disposition: attachment; filename="smime.p7s"\n\n' +
        `${Buffer.alloc(48, 1).toString('base64')}\n${Buffer.alloc(12, 1).toString('base64')}\n` +
        '\n------B--\n\n',
    );
  });

  it('ends the base64 with one newline when it fills its last line', () => {
    const doc = multipartSigned(Buffer.from(HEADER), Buffer.alloc(48, 1), 'B').toString();
    expect(doc).toContain(`${Buffer.alloc(48, 1).toString('base64')}\n\n------B--\n\n`);
  });
});
