/**
 * Where the shared data (`shared/data/...`) lives: `$VIGIL_SHARED_DATA` when set, else `../shared/data`
 * beside the repository root (the layout both the workstation and CI use).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** @returns the absolute path of `shared/data/<parts...>`; honours the VIGIL_SHARED_DATA override. */
export function sharedDataPath(...parts: string[]): string {
  const base = process.env.VIGIL_SHARED_DATA ?? path.resolve(REPO_ROOT, '..', 'shared', 'data');
  return path.join(base, ...parts);
}

/** @returns the path of a file in the UVA/Padova folder (`vpatient_params.csv`, `Quest.csv`, ...). */
export function uvaPadovaPath(file: string): string {
  return sharedDataPath('uva-padova', file);
}
