/**
 * Waits for a panel's latest work: resolves once the promises `current()` returns have all resolved and
 * none of them was replaced by newer work in the meantime.
 */
export async function settled(current: () => ReadonlyArray<Promise<unknown>>): Promise<void> {
  for (;;) {
    const waited = current();
    await Promise.all(waited);
    if (current().every((p, k) => p === waited[k])) return;
  }
}
