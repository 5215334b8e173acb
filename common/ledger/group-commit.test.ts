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

  it('runs one asynchronous commit at a time; everything submitted meanwhile goes in the next batch', async () => {
    const batches: number[][] = [];
    let finishFirst!: () => void;
    const group = new GroupCommit<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((r) => (finishFirst = r));
      return items;
    });
    const first = group.submit(1);
    await new Promise((r) => setImmediate(r)); // the first commit is now in flight
    const later = [2, 3, 4].map((i) => group.submit(i));
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1]]);
    expect(group.pending).toBe(4);
    finishFirst();
    await expect(Promise.all([first, ...later])).resolves.toEqual([1, 2, 3, 4]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    expect(group.stats).toEqual({ commits: 2, items: 4 });
  });

  it('rejects every caller of a batch whose asynchronous commit rejects', async () => {
    const group = new GroupCommit<number, number>(async () => Promise.reject(new Error('fsync failed')));
    const settled = await Promise.allSettled([group.submit(1), group.submit(2)]);
    expect(settled.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await group.drain();
    expect(group.pending).toBe(0);
  });
});
