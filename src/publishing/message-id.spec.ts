import { describe, expect, it } from '@jest/globals';
import { MESSAGE_ID, messageIdOf } from './message-id.js';

describe('messageIdOf', () => {
  it('is the lowercase hex SHA-256 of the UTF-8 body', () => {
    expect(messageIdOf('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(messageIdOf('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(messageIdOf('ñ')).toMatch(MESSAGE_ID);
    expect(messageIdOf('ñ')).not.toBe(messageIdOf('n'));
  });
});
