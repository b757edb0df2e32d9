/**
 * Redis connections of queue sweeps (ioredis, loaded only in queue mode). Every connection is a client of
 * the address the user gave; nothing listens. Connections retry forever (every ≤ 2 s) with commands held
 * while Redis is away (`maxRetriesPerRequest: null`, as BullMQ requires for workers), so a Redis restart
 * is ridden out; `probe` checks once, at start, that the address answers, accepts the password and has the database.
 */
import { LindbladError } from '../errors.ts';
import { scrub, type QueueUrl } from './queue-url.ts';

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

/** Connects once (5 s timeout), pings and disconnects; failures are LindbladErrors naming `field`, without the password. */
export async function probe(url: QueueUrl, field: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis({ ...redisOptions(url), lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 5000 });
  let first: unknown = null; // the cause (e.g. WRONGPASS) comes as an 'error' event; the rejection then only says the connection closed
  client.on('error', (e) => { first ??= e; });
  try {
    await client.connect();
    await client.ping();
    // ioredis selects the database when it connects, and when the server lacks it (a number at or above its
    // `databases`) it only emits an error and goes on in database 0: the queue would silently land there
    await client.select(url.db);
  } catch (e) {
    throw new LindbladError('invalid-input', `cannot use Redis at ${url.shown}: ${describe(first ?? e, url)}`, field);
  } finally {
    client.disconnect();
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
