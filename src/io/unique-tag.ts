/**
 * Names that must not collide — temporary files, lock nonces, sweep request keys — without loading
 * node:crypto (≈ 10 ms of a CLI call's start-up): the process id, a per-process counter, the time and 48
 * random bits from Math.random (V8 seeds it from the operating system's entropy). Unique among live
 * processes on a host by pid and counter; the time and random bits separate a dead process's leftovers from
 * a later process with the same pid. Not a secret: nothing relies on it being unguessable.
 */
let counter = 0;

/** A tag like "12345-1-lq2k3j9a-5f3a9c1b2d4e" (letters, digits and dashes only, safe in file names). */
export function uniqueTag(): string {
  const random = Math.floor(Math.random() * 2 ** 48).toString(16).padStart(12, '0');
  return `${process.pid}-${(++counter).toString(36)}-${Date.now().toString(36)}-${random}`;
}
