import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelVault } from './round-participant.js';

/** What {@link FileVault} tells the node when it promotes a model. */
export type PromotionListener = (version: string, weights: Float32Array, roundId: string) => Promise<void>;

/**
 * Global model versions of one model kind on disk (`<dir>/<version>.f32`) plus which one the node serves
 * (`<dir>/serving.json`), written atomically so a crash never leaves a half-written model in service.
 */
export class FileVault implements ModelVault {
  readonly #cache = new Map<string, Float32Array>();

  constructor(private readonly dir: string, private readonly onPromote: PromotionListener = async () => undefined) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  get(version: string): Float32Array | undefined {
    const cached = this.#cache.get(version);
    if (cached) return cached;
    const path = join(this.dir, `${version}.f32`);
    if (!/^[0-9a-f]{64}$/.test(version) || !existsSync(path)) return undefined;
    const bytes = readFileSync(path);
    const weights = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    this.#cache.set(version, weights);
    return weights;
  }

  put(version: string, weights: Float32Array): void {
    const path = join(this.dir, `${version}.f32`);
    writeFileSync(`${path}.tmp`, new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
    renameSync(`${path}.tmp`, path);
    this.#cache.set(version, weights);
  }

  serving(): { version: string; weights: Float32Array } | undefined {
    const path = join(this.dir, 'serving.json');
    if (!existsSync(path)) return undefined;
    const { version } = JSON.parse(readFileSync(path, 'utf8')) as { version: string };
    const weights = this.get(version);
    return weights ? { version, weights } : undefined;
  }

  async promote(version: string, weights: Float32Array, roundId: string): Promise<void> {
    this.put(version, weights);
    await this.onPromote(version, weights, roundId);
    const path = join(this.dir, 'serving.json');
    writeFileSync(`${path}.tmp`, JSON.stringify({ version, roundId, promotedAtMs: Date.now() }));
    renameSync(`${path}.tmp`, path);
  }
}
