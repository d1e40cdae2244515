/**
 * Stands in for iconv-lite in the rotation function's bundle (components/compute/function-bundle.ts,
 * BUNDLE_ALIASES): mysql2 asks it for a decoder or encoder only for a character set Node.js's
 * Buffer cannot handle itself. The rotation's connections are utf8mb4 (Node's utf8); the server's
 * messages and metadata come in utf8mb3, which mysql2 calls CESU-8 (UTF-8 with characters beyond
 * the Basic Multilingual Plane as two 3-byte surrogates), handled here. Any other character set
 * is an error that names it, instead of half a megabyte of code pages in every cold start.
 */

const CESU8 = new Set(["cesu8", "cesu-8"]);

function unsupported(encoding: string): never {
  throw new Error(
    `the secret rotation function decodes only utf8, CESU-8 and Node.js's encodings; the server sent ${JSON.stringify(encoding)}`,
  );
}

/** CESU-8 to a string: UTF-8, except that a surrogate (ED A0-BF xx) is decoded on its own and pairs up in the string. */
export function decodeCesu8(buffer: Uint8Array): string {
  const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let out = "";
  let start = 0;
  for (let i = 0; i + 2 < bytes.length;) {
    // 0xED is only ever a lead byte in UTF-8 (continuation bytes are 0x80-0xBF).
    if (bytes[i] === 0xed && bytes[i + 1]! >= 0xa0 && bytes[i + 1]! <= 0xbf) {
      out +=
        bytes.toString("utf8", start, i) +
        String.fromCharCode(((bytes[i]! & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f));
      i += 3;
      start = i;
    } else i++;
  }
  return out + bytes.toString("utf8", start);
}

/** A string to CESU-8: UTF-8 for the Basic Multilingual Plane, each surrogate of a pair as 3 bytes. */
export function encodeCesu8(text: string): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    parts.push(Buffer.from(text.slice(start, i), "utf8"));
    parts.push(Buffer.from([0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]));
    start = i + 1;
  }
  parts.push(Buffer.from(text.slice(start), "utf8"));
  return Buffer.concat(parts);
}

const isCesu8 = (encoding: string) => CESU8.has(String(encoding).toLowerCase());

export function getDecoder(encoding: string): { write(buffer: Uint8Array): string; end(): undefined } {
  if (!isCesu8(encoding)) unsupported(encoding);
  return { write: decodeCesu8, end: () => undefined };
}

export function getEncoder(encoding: string): { write(text: string): Buffer; end(): undefined } {
  if (!isCesu8(encoding)) unsupported(encoding);
  return { write: encodeCesu8, end: () => undefined };
}

export const encodingExists = (encoding: string): boolean => Buffer.isEncoding(encoding) || isCesu8(encoding);
export const decode = (buffer: Uint8Array, encoding: string): string => getDecoder(encoding).write(buffer);
export const encode = (text: string, encoding: string): Buffer => getEncoder(encoding).write(text);
export default { getDecoder, getEncoder, encodingExists, decode, encode };
