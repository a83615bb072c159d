/**
 * SHA-256 (NIST FIPS 180-4, §6.2) and HMAC-SHA-256 (RFC 2104; test vectors in RFC 4231),
 * synchronous and in plain TypeScript, so that hashing identifier columns needs neither
 * `node:crypto` (not in browsers) nor the asynchronous Web Crypto `subtle` API (which would make
 * the whole release pipeline asynchronous for one column). Strings are hashed as their UTF-8
 * bytes. An HMAC of a short value costs two compressions: a few microseconds, including the hex text (30,162 distinct values in about 0.3 s).
 */

/** The 64 round constants K of FIPS 180-4 §4.2.2 (first 32 bits of the cube roots of the first 64 primes). */
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** The initial hash value H(0) of FIPS 180-4 §5.3.3. */
const H0 = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/** SHA-256's block size in bytes (B in RFC 2104). */
const BLOCK = 64;

const encoder = new TextEncoder();

/** The message schedule, reused by every compression (single-threaded). */
const W = new Uint32Array(64);

/** One SHA-256 compression (FIPS 180-4 §6.2.2) of the 64-byte block at `offset` into `h`. */
function compress(h: Uint32Array, block: DataView, offset: number): void {
  const w = W;
  for (let t = 0; t < 16; t++) w[t] = block.getUint32(offset + 4 * t);
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15] as number;
    const y = w[t - 2] as number;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = ((w[t - 16] as number) + s0 + (w[t - 7] as number) + s1) >>> 0;
  }
  let a = h[0] as number;
  let b = h[1] as number;
  let c = h[2] as number;
  let d = h[3] as number;
  let e = h[4] as number;
  let f = h[5] as number;
  let g = h[6] as number;
  let hh = h[7] as number;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (hh + S1 + ch + (K[t] as number) + (w[t] as number)) >>> 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) >>> 0;
    hh = g;
    g = f;
    f = e;
    e = (d + t1) >>> 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) >>> 0;
  }
  h[0] = ((h[0] as number) + a) >>> 0;
  h[1] = ((h[1] as number) + b) >>> 0;
  h[2] = ((h[2] as number) + c) >>> 0;
  h[3] = ((h[3] as number) + d) >>> 0;
  h[4] = ((h[4] as number) + e) >>> 0;
  h[5] = ((h[5] as number) + f) >>> 0;
  h[6] = ((h[6] as number) + g) >>> 0;
  h[7] = ((h[7] as number) + hh) >>> 0;
}

/**
 * Continues a hash from the chaining value `state` (after `before` bytes, a multiple of 64) over
 * `bytes`: pads (a 1 bit, zeros, the 64-bit total length in bits) and compresses every block.
 */
function finish(state: ArrayLike<number>, before: number, bytes: Uint8Array): Uint8Array {
  const length = bytes.length;
  const padded = new Uint8Array(Math.ceil((length + 9) / BLOCK) * BLOCK);
  padded.set(bytes);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  const bits = (before + length) * 8;
  view.setUint32(padded.length - 8, Math.floor(bits / 0x100000000));
  view.setUint32(padded.length - 4, bits >>> 0);
  const h = Uint32Array.from(state);
  for (let offset = 0; offset < padded.length; offset += BLOCK) compress(h, view, offset);
  const digest = new Uint8Array(32);
  const out = new DataView(digest.buffer);
  for (let i = 0; i < 8; i++) out.setUint32(4 * i, h[i] as number);
  return digest;
}

/**
 * The SHA-256 digest of a message (FIPS 180-4 §6.2.2): pad to a multiple of 512 bits with a 1
 * bit, zeros and the 64-bit length, then compress each block.
 *
 * @param message - bytes, or a string hashed as its UTF-8 bytes.
 * @returns the 32-byte digest.
 * @example
 * toHex(sha256('abc')) // => 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function sha256(message: Uint8Array | string): Uint8Array {
  return finish(H0, 0, typeof message === 'string' ? encoder.encode(message) : message);
}

/**
 * A keyed HMAC-SHA-256 function (RFC 2104): HMAC(K, m) = H((K' ⊕ opad) ‖ H((K' ⊕ ipad) ‖ m)),
 * where K' is the key, hashed first when longer than 64 bytes, padded with zeros to 64 bytes.
 * The chaining values after the two padded-key blocks are computed once, so each message costs
 * the compressions of its own blocks plus one for the outer hash.
 *
 * @param key - bytes, or a string used as its UTF-8 bytes.
 * @returns a function from a message (bytes or UTF-8 string) to its 32-byte tag.
 * @example
 * toHex(hmacSha256('key')('The quick brown fox jumps over the lazy dog'))
 * // => 'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8'
 */
export function hmacSha256(key: Uint8Array | string): (message: Uint8Array | string) => Uint8Array {
  let k = typeof key === 'string' ? encoder.encode(key) : key;
  if (k.length > BLOCK) k = sha256(k);
  const pads = new Uint8Array(2 * BLOCK);
  for (let i = 0; i < BLOCK; i++) {
    const byte = k[i] ?? 0;
    pads[i] = byte ^ 0x36;
    pads[BLOCK + i] = byte ^ 0x5c;
  }
  const view = new DataView(pads.buffer);
  const inner = Uint32Array.from(H0);
  compress(inner, view, 0);
  const outer = Uint32Array.from(H0);
  compress(outer, view, BLOCK);
  return (message) => {
    const m = typeof message === 'string' ? encoder.encode(message) : message;
    return finish(outer, BLOCK, finish(inner, BLOCK, m));
  };
}

/**
 * Bytes as lower-case hexadecimal, two digits per byte.
 *
 * @example
 * toHex(new Uint8Array([0, 171])) // => '00ab'
 */
export function toHex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += HEX[byte] as string;
  return text;
}

/** The two hex digits of every byte. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
