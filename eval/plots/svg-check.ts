/**
 * A strict little XML well-formedness check for the SVG this module writes (tests and suites use it):
 * balanced tags, quoted attributes, escaped text, one root `<svg>`. Not a general XML parser.
 */

/** What {@link checkSvg} found. */
export interface SvgSummary {
  /** Element counts by name. */
  elements: Record<string, number>;
  /** Every attribute value by attribute name, in document order. */
  attributes: Record<string, string[]>;
  /** Text content of `<text>` elements. */
  texts: string[];
}

const TAG = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
const ATTRIBUTE = /\s+([\w:-]+)="([^"<]*)"/g;

/**
 * Parses `svg` strictly.
 * @returns element counts, attribute values and texts. @throws Error describing the first defect.
 */
export function checkSvg(svg: string): SvgSummary {
  const summary: SvgSummary = { elements: {}, attributes: {}, texts: [] };
  const stack: string[] = [];
  let i = 0;
  let roots = 0;
  let textOpen = false;
  while (i < svg.length) {
    const lt = svg.indexOf('<', i);
    const chunk = svg.slice(i, lt === -1 ? svg.length : lt);
    if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(chunk) || chunk.includes('>')) throw new Error(`unescaped text near offset ${i}: ${chunk.slice(0, 40)}`);
    if (chunk.trim() !== '' && stack.length === 0) throw new Error(`text outside the root at offset ${i}`);
    if (textOpen && chunk !== '') summary.texts.push(chunk);
    if (lt === -1) break;
    TAG.lastIndex = lt;
    const match = TAG.exec(svg);
    if (!match) throw new Error(`malformed tag at offset ${lt}: ${svg.slice(lt, lt + 60)}`);
    const [whole, closing, name, attributes, selfClosing] = match as unknown as [string, string, string, string, string];
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open ?? 'nothing'}> at offset ${lt}`);
      if (name === 'text') textOpen = false;
    } else {
      if (stack.length === 0 && ++roots > 1) throw new Error('more than one root element');
      if (stack.length === 0 && name !== 'svg') throw new Error(`root is <${name}>, not <svg>`);
      summary.elements[name] = (summary.elements[name] ?? 0) + 1;
      const seen = new Set<string>();
      for (const [, attribute, value] of attributes.matchAll(ATTRIBUTE)) {
        if (seen.has(attribute!)) throw new Error(`duplicate attribute ${attribute} on <${name}>`);
        seen.add(attribute!);
        if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(value!)) throw new Error(`unescaped & in ${attribute}`);
        (summary.attributes[attribute!] ??= []).push(value!);
      }
      if (!selfClosing) {
        stack.push(name);
        if (name === 'text') textOpen = true;
      }
    }
    i = lt + whole.length;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('> <')}>`);
  if (roots !== 1) throw new Error('no root element');
  return summary;
}
