import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { generateNoteKey, parseSignerKey, type NoteSigner } from './note-keys.js';

/**
 * Loads a log's signed-note private key from `path`, creating it (mode 0600) on first start.
 * @returns the signer. @throws KeyFormatError when the file holds no valid private key.
 */
export function loadOrCreateSigner(path: string, name: string): NoteSigner {
  if (existsSync(path)) return parseSignerKey(readFileSync(path, 'utf8').trim());
  const { signerText, signer } = generateNoteKey(name);
  writeFileSync(path, `${signerText}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return signer;
}
