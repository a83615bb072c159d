/**
 * SHA-256 against the examples of FIPS 180-2 (appendix B) and HMAC-SHA-256 against the test
 * vectors of RFC 4231 (§4.2–4.8); then both against Node's crypto (test only) over random inputs,
 * including the padding boundaries (55, 56, 63, 64 bytes) and keys longer than a block.
 */
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha256, sha256, toHex } from '../../../methods/pseudonymisation/hmac-sha256.js';

const bytes = (n: number, b: number): Uint8Array => new Uint8Array(n).fill(b);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('sha256 (FIPS 180-2 appendix B)', () => {
  it('hashes the one-block, two-block and million-a examples', () => {
    expect(toHex(sha256('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(toHex(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(toHex(sha256('a'.repeat(1_000_000)))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
    expect(toHex(sha256(''))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('agrees with node:crypto at the padding boundaries and on random bytes', () => {
    for (const n of [55, 56, 63, 64, 65, 119, 120, 128]) {
      const m = bytes(n, 0x61 + (n % 7));
      expect(toHex(sha256(m))).toBe(createHash('sha256').update(m).digest('hex'));
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (m) => {
        expect(toHex(sha256(m))).toBe(createHash('sha256').update(m).digest('hex'));
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});

describe('hmacSha256 (RFC 4231)', () => {
  const cases: [string, Uint8Array, Uint8Array, string][] = [
    [
      '4.2',
      bytes(20, 0x0b),
      text('Hi There'),
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    ],
    [
      '4.3',
      text('Jefe'),
      text('what do ya want for nothing?'),
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    ],
    [
      '4.4',
      bytes(20, 0xaa),
      bytes(50, 0xdd),
      '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
    ],
    [
      '4.5',
      Uint8Array.from({ length: 25 }, (_, i) => i + 1),
      bytes(50, 0xcd),
      '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
    ],
    [
      '4.7 (key longer than a block)',
      bytes(131, 0xaa),
      text('Test Using Larger Than Block-Size Key - Hash Key First'),
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    ],
    [
      '4.8 (key and data longer than a block)',
      bytes(131, 0xaa),
      text(
        'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
      ),
      '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    ],
  ];
  for (const [name, key, data, expected] of cases) {
    it(`test case ${name}`, () => {
      expect(toHex(hmacSha256(key)(data))).toBe(expected);
    });
  }

  it('test case 4.6: the first 128 bits under truncation', () => {
    expect(toHex(hmacSha256(bytes(20, 0x0c))(text('Test With Truncation'))).slice(0, 32)).toBe(
      'a3b6167473100ee06e0c796c2955552b',
    );
  });

  it('agrees with node:crypto on random UTF-8 keys and messages', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 150 }), fc.string({ maxLength: 150 }), (k, m) => {
        expect(toHex(hmacSha256(k)(m))).toBe(createHmac('sha256', k).update(m).digest('hex'));
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
