import { expect } from 'vitest';

/**
 * What `p` was rejected with, asserted to be a `kind` (a promise that resolves fails the
 * test the same way: null is no `kind`).
 */
export async function rejection<E>(p: Promise<unknown>, kind: abstract new (...args: never[]) => E): Promise<E> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(kind);
  return e as E;
}
