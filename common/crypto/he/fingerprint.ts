import { createHash } from 'node:crypto';

const DOMAIN = 'vigil-he-keyset/1\0';

/**
 * The keyset fingerprint recorded in audit logs and model cards:
 * `sha256:` + hex SHA-256 over `"vigil-he-keyset/1\0" ‖ u32 scaleBits ‖ u32 len ‖ parameters ‖ u32 len ‖ publicKey`
 * (SEAL serializations without compression; lengths big-endian). The scale is included because every
 * ciphertext is checked against it.
 * @returns the fingerprint string. Never throws.
 */
export function keysetFingerprint(parametersBytes: Uint8Array, publicKeyBytes: Uint8Array, scaleBits: number): string {
  const u32 = (value: number) => {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(value);
    return bytes;
  };
  const hash = createHash('sha256').update(DOMAIN).update(u32(scaleBits));
  hash.update(u32(parametersBytes.length)).update(parametersBytes);
  hash.update(u32(publicKeyBytes.length)).update(publicKeyBytes);
  return `sha256:${hash.digest('hex')}`;
}
