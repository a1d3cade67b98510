import { describe, expect, it } from 'vitest';
import { createKeyedLock } from '../../src/app/keyed-lock';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('keyed lock', () => {
  it('runs work for one key one at a time, in arrival order', async () => {
    const lock = createKeyedLock();
    const order: string[] = [];
    const gate = deferred();
    const first = lock.run('r1', async () => {
      order.push('first start');
      await gate.promise;
      order.push('first end');
    });
    const second = lock.run('r1', () => {
      order.push('second');
      return Promise.resolve();
    });
    await Promise.resolve();
    expect(order).toEqual(['first start']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(order).toEqual(['first start', 'first end', 'second']);
  });

  it('lets other keys run meanwhile, and a failure releases the key', async () => {
    const lock = createKeyedLock();
    const gate = deferred();
    const held = lock.run('a', () => gate.promise);
    expect(await lock.run('b', () => Promise.resolve('b ran'))).toBe('b ran');
    gate.resolve();
    await held;
    await expect(lock.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await lock.run('a', () => Promise.resolve('after failure'))).toBe('after failure');
  });
});
