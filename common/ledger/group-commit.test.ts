import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

describe('GroupCommit', () => {
  it('commits everything submitted in one turn as one batch, in order', async () => {
    const batches: number[][] = [];
    const group = new GroupCommit<number, string>((items) => {
      batches.push(items);
      return items.map((i) => `r${i}`);
    });
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => group.submit(i)));
    expect(batches).toEqual([Array.from({ length: 100 }, (_, i) => i)]);
    expect(results[42]).toBe('r42');
  });

  it('splits at maxBatch (1 = one commit per item)', async () => {
    const sizes: number[] = [];
    const group = new GroupCommit<number, number>((items) => (sizes.push(items.length), items), 1);
    await Promise.all([1, 2, 3].map((i) => group.submit(i)));
    expect(sizes).toEqual([1, 1, 1]);
  });

  it('rejects every caller of a failed batch and keeps serving later ones', async () => {
    let fail = true;
    const group = new GroupCommit<number, number>((items) => {
      if (fail) throw new Error('disk full');
      return items;
    });
    const failed = await Promise.allSettled([group.submit(1), group.submit(2)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(group.submit(3)).resolves.toBe(3);
  });

  it('drain resolves once everything submitted is committed', async () => {
    const committed: number[] = [];
    const group = new GroupCommit<number, number>((items) => (committed.push(...items), items), 2);
    void group.submit(1);
    void group.submit(2);
    void group.submit(3);
    await group.drain();
    expect(committed).toEqual([1, 2, 3]);
  });
});
