import { describe, expect, it } from 'vitest';
import { COMMAND_GROUPS } from './commands.js';

describe('COMMAND_GROUPS', () => {
  it('lists each component once, and each loads to the group of the same name and summary', async () => {
    expect(new Set(COMMAND_GROUPS.map((g) => g.name)).size).toBe(COMMAND_GROUPS.length);
    for (const entry of COMMAND_GROUPS) {
      const group = await entry.load();
      expect({ name: group.name, summary: group.summary }).toEqual({ name: entry.name, summary: entry.summary });
      expect(group.commands.length).toBeGreaterThan(0);
    }
  }, 60_000);
});
