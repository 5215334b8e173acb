import { open, rename, chmod } from 'node:fs/promises';
import { InsecureKeyFileError } from './errors.js';

/** Permission bits a secret keyset file may have: owner read/write only. */
export const SECRET_FILE_MODE = 0o600;

/**
 * Writes `bytes` to `path` with mode 0600, atomically (temporary file in the same directory, then rename),
 * so the secret is never readable by others even for an instant and a crash leaves no partial key file.
 * @throws Node fs errors (e.g. EACCES, ENOENT for a missing directory).
 */
export async function writeSecretFile(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, 'wx', SECRET_FILE_MODE);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(temporary, SECRET_FILE_MODE); // in case the umask or platform ignored the open mode
  await rename(temporary, path);
}

/**
 * Reads a secret keyset file, refusing one that group or others may read. The mode is checked on the open
 * descriptor, so the file that is checked is the file that is read.
 * @returns the file's bytes.
 * @throws InsecureKeyFileError when the mode allows group/other access; Node fs errors (ENOENT...).
 */
export async function readSecretFile(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const { mode } = await handle.stat();
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) throw new InsecureKeyFileError(path, mode);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
