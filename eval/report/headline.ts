/**
 * Keeps the README's "Measured results" current: a suite run on its default configuration replaces the
 * block between `<!-- vigil:headline:<suite>:start -->` and `<!-- vigil:headline:<suite>:end -->` with
 * its headline table. Nothing outside the markers changes; a README without the markers is left alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { InvalidArgumentError } from '../../common/errors/index.js';
import { headlineTable, type HeadlineItem } from './suite-report.js';

/** @returns the start and end marker comments of a suite. */
export function headlineMarkers(suite: string): { start: string; end: string } {
  return { start: `<!-- vigil:headline:${suite}:start -->`, end: `<!-- vigil:headline:${suite}:end -->` };
}

/** @returns the Markdown a suite puts between its markers. */
export function renderHeadlineBlock(suite: string, items: readonly HeadlineItem[], meta: { seed: number; finishedAt: string }): string {
  return `\`vigil eval ${suite} --seed ${meta.seed}\` (${meta.finishedAt.slice(0, 10)}):\n\n${headlineTable(items)}`;
}

/**
 * Replaces the text between a suite's markers in `markdown`.
 * @returns the new text, or null when the markers are absent.
 * @throws InvalidArgumentError when only one marker is present, they are out of order, or repeated.
 */
export function replaceHeadline(markdown: string, suite: string, block: string): string | null {
  const { start, end } = headlineMarkers(suite);
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end);
  if (from === -1 && to === -1) return null;
  const bad = (description: string) => new InvalidArgumentError([{ field: `headline markers of ${suite}`, description }]);
  if (from === -1 || to === -1) throw bad('only one of the start and end markers is present');
  if (to < from) throw bad('the end marker comes before the start marker');
  if (markdown.indexOf(start, from + 1) !== -1 || markdown.indexOf(end, to + 1) !== -1) throw bad('a marker appears twice');
  return `${markdown.slice(0, from + start.length)}\n${block.trimEnd()}\n${markdown.slice(to)}`;
}

/**
 * Updates a file in place.
 * @returns true when the markers were found and the file written (also when unchanged), false when absent.
 * @throws InvalidArgumentError on malformed markers; filesystem errors from node:fs.
 */
export function updateHeadline(path: string, suite: string, block: string): boolean {
  const before = readFileSync(path, 'utf8');
  const after = replaceHeadline(before, suite, block);
  if (after === null) return false;
  if (after !== before) writeFileSync(path, after);
  return true;
}
