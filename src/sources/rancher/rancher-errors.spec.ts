import { describe, expect, it } from '@jest/globals';
import { ErrorCode } from '../../common/errors/index.js';
import { malformedError, rancherMessage, redact, rejectedError, unreachableError } from './rancher-errors.js';

const token = 'token-4kq8z:kq4gbxcck62gjtzkp65cvmncd68rhmp4fvfj2s6n8ff89krxstq9d4';
const server = { name: 'rancher-main', token };
const url = new URL('https://user:pw@rancher.example.org/v3/clusters?limit=-1');

describe('Rancher errors', () => {
  it('masks the token, its secret and its Basic encodings', () => {
    const secret = token.split(':')[1]!;
    const text = `a ${token} b ${secret} c ${Buffer.from(token).toString('base64')} d`;
    expect(redact(text, token)).toBe('a *** b *** c *** d');
  });

  it('reads norman messages and HTML titles', () => {
    expect(rancherMessage('{"type":"error","status":401,"message":"must authenticate"}')).toBe(
      'must authenticate',
    );
    expect(
      rancherMessage('<html><head><title>503 Service Temporarily Unavailable</title></head></html>'),
    ).toBe('503 Service Temporarily Unavailable');
    expect(rancherMessage('{"message":""}')).toBeUndefined();
  });

  it('maps 401 to SOURCE_REJECTED naming server and endpoint, never the key or the user-info', () => {
    const echo = JSON.stringify({ type: 'error', status: 401, message: `invalid token ${token}` });
    const err = rejectedError(server, url, 401, echo);
    expect(err.code).toBe(ErrorCode.SOURCE_REJECTED);
    expect(err.message).toBe(
      'Rancher rancher-main at https://rancher.example.org/v3/clusters refused the request (HTTP 401): invalid token *** (is the API key in tokenFile valid and not expired?)',
    );
    expect(err.details).toEqual({
      server: 'rancher-main',
      endpoint: 'https://rancher.example.org/v3/clusters',
      status: 401,
    });
  });

  it('builds SOURCE_UNREACHABLE and SOURCE_MALFORMED with the cause kept', () => {
    const cause = new Error('ECONNREFUSED');
    const down = unreachableError(server, url, 'ECONNREFUSED', { attempts: 4 }, cause);
    expect([down.code, down.cause, down.details.attempts]).toEqual([ErrorCode.SOURCE_UNREACHABLE, cause, 4]);
    const bad = malformedError(server, url, 'not JSON');
    expect(bad.code).toBe(ErrorCode.SOURCE_MALFORMED);
    expect(JSON.stringify(bad)).not.toContain(token.split(':')[1]);
  });
});
