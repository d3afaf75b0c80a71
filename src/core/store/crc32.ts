// CRC-32 (IEEE), as zlib computes it: native `zlib.crc32` where Node has it (20.15+), a table otherwise.
import * as zlib from 'node:zlib';

let table: Int32Array | undefined;

function crc32Js(data: Buffer): number {
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

const native = (zlib as { crc32?: (data: Buffer) => number }).crc32;

/** CRC-32 of bytes as an unsigned 32-bit number. */
export const crc32: (data: Buffer) => number = typeof native === 'function' ? (d) => native(d) : crc32Js;

/** The table implementation, exported so a test can check it against zlib. */
export const crc32Portable = crc32Js;
