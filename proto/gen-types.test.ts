import { describe, expect, it } from 'vitest';
import { checkGenerated } from '../scripts/gen-proto-types.js';

describe('generated proto types', () => {
  it('are up to date with proto/vigil/v1 (run npm run proto:gen when this fails)', () => {
    expect(checkGenerated()).toEqual([]);
  }, 60_000);
});
