/**
 * Redis connections of queue sweeps (ioredis, loaded only in queue mode). Every connection is a client of
 * the address the user gave; nothing listens. Connections retry forever (every ≤ 2 s) with commands held
 * while Redis is away (`maxRetriesPerRequest: null`, as BullMQ requires for workers), so a Redis restart
 * is ridden out; `probe` checks once, at start, that the address answers, accepts the password and has the database.
 */
import { LindbladError } from '../errors.ts';
import { scrub, type QueueUrl } from './queue-url.ts';
import { REGISTRY_KEY } from './queue-protocol.ts';

/** Connection settings for `url` (retrying forever), as ioredis and BullMQ take them. */
export interface ConnectionSettings {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  maxRetriesPerRequest: null;
  retryStrategy: (times: number) => number;
}

/** ioredis / BullMQ connection options for `url` (retrying forever). */
export function redisOptions(url: QueueUrl): ConnectionSettings {
  return {
    host: url.host, port: url.port, db: url.db, username: url.username, password: url.password,
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  };
}

/** How long the probe waits for the connection and the replies together (ms). */
const PROBE_MS = 5000;

/**
 * Connects once, pings, selects the database, checks that the registry of open sweeps (queue-protocol.ts)
 * is a set or absent, and disconnects, all within PROBE_MS; failures are
 * LindbladErrors naming `field`, without the password. A server that accepts the connection but never
 * answers (or answers something else) is refused when the time is up, rather than waited for forever; one
 * whose replies are not Redis's (PING must answer PONG) is said to be so — also when its replies make
 * ioredis throw outside any promise (an unsolicited null reply: a TypeError in its reply handler), which
 * would otherwise end the process with a stack trace.
 */
export async function probe(url: QueueUrl, field: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis({ ...redisOptions(url), lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: PROBE_MS });
  let first: unknown = null; // the cause (e.g. WRONGPASS) comes as an 'error' event; the rejection then only says the connection closed
  client.on('error', (e) => { first ??= e; });
  /** The probe's own verdicts, which say more than ioredis's errors (e.g. "Connection is closed"). */
  class Verdict extends Error {}
  let fail: (e: Verdict) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => { fail = reject; });
  const timer = setTimeout(() => fail(new Verdict(`no reply within ${PROBE_MS / 1000} s (is a Redis server listening there?)`)), PROBE_MS);
  // ioredis rethrows what its reply handler throws on the next tick (DataHandler.dispatch); while probing,
  // only ioredis runs, so such an exception is the server's doing
  const onCrash = (e: unknown) => fail(new Verdict(`the server there does not answer in the Redis protocol (its replies made the Redis client fail: ${e instanceof Error ? e.message : String(e)})`));
  process.on('uncaughtException', onCrash);
  const steps = (async () => {
    await client.connect();
    const pong = await client.ping();
    if (pong !== 'PONG') throw new Verdict(`the server there does not answer in the Redis protocol (PING answered ${JSON.stringify(String(pong).slice(0, 40))})`);
    // ioredis selects the database when it connects, and when the server lacks it (a number at or above its
    // `databases`) it only emits an error and goes on in database 0: the queue would silently land there
    await client.select(url.db);
    // the registry of open sweeps is a set: a key of that name of another type (another program's data in
    // this database) made the coordinator fail with an internal error and the workers retry forever
    const kind = await client.type(REGISTRY_KEY);
    if (kind !== 'none' && kind !== 'set') {
      throw new Verdict(`its key "${REGISTRY_KEY}" is a ${kind}, not lindblad's set of open sweeps (another program's data in database ${url.db}? choose another: redis://…/DB)`);
    }
  })();
  steps.catch(() => undefined); // after a verdict, the steps end rejected (the connection is closed below)
  try {
    await Promise.race([failed, steps]);
  } catch (e) {
    throw new LindbladError('invalid-input', `cannot use Redis at ${url.shown}: ${describe(e instanceof Verdict ? e : first ?? e, url)}`, field);
  } finally {
    clearTimeout(timer);
    client.disconnect();
    // replies already received may still be decoded, and make ioredis throw, on a later tick: the guard
    // stays until the connection has ended (at most 1 s), and one turn of the event loop more
    await new Promise<void>((resolve) => {
      if (client.status === 'end') { resolve(); return; }
      client.once('end', () => resolve());
      setTimeout(resolve, 1000).unref();
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    process.removeListener('uncaughtException', onCrash);
  }
}

/**
 * A one-line description of a connection error (no password), for warnings. A server that does not speak
 * Redis's protocol (an HTTP server or proxy at that address) makes ioredis's parser fail with "Unknown RESP
 * type 72 "H". Please report this." — said as what it is.
 */
export function describe(e: unknown, url: QueueUrl): string {
  const message = scrub(e instanceof Error ? e.message : String(e), url).split('\n')[0];
  const foreign = /Unknown RESP type \d+ "(.*?)"|Protocol error, got "(.*?)"/.exec(message);
  if (foreign) {
    const first = foreign[1] ?? foreign[2] ?? '';
    return `the server there does not answer in the Redis protocol (its reply began with ${JSON.stringify(first)}${first === 'H' ? ': an HTTP server or proxy?' : ''})`;
  }
  return message;
}
