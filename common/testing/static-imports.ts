/**
 * The static import graph of a TypeScript module (tests only): which packages a module loads when it is
 * imported, following relative `import … from` / `export … from` statements and skipping type-only ones
 * and dynamic `import()`, which load nothing until called.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const STATEMENT = /^(?:import|export)\s+(?!type\b)[^'";]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm;

/**
 * @param entry path of the entry module (.ts).
 * @param isForbidden tells whether a bare package specifier must not be reached.
 * @returns for each forbidden specifier reached, the chain of files from the entry that imports it
 *   (paths relative to the working directory); empty when none is.
 */
export function forbiddenImportChains(entry: string, isForbidden: (specifier: string) => boolean): string[][] {
  const start = resolve(entry);
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  const chains: string[][] = [];
  const chainTo = (file: string): string[] => {
    const out: string[] = [];
    for (let f: string | null | undefined = file; f; f = parent.get(f)) out.unshift(relative(process.cwd(), f));
    return out;
  };
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const match of readFileSync(file, 'utf8').matchAll(STATEMENT)) {
      const specifier = (match[1] ?? match[2])!;
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
        if (existsSync(target) && !parent.has(target)) {
          parent.set(target, file);
          queue.push(target);
        }
      } else if (isForbidden(specifier)) {
        chains.push([...chainTo(file), specifier]);
      }
    }
  }
  return chains;
}
