/**
 * The Redis address of a queue sweep: redis://[[USER]:PASSWORD@]HOST[:PORT][/DB] (PORT default 6379, DB
 * default 0; an IPv6 host in brackets; user and password percent-encoded). Errors name the option and
 * never repeat a password; `shown` is the address to print (password replaced by "***").
 */
import { LindbladError } from '../errors.ts';

export interface QueueUrl {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  /** redis://[:***@]HOST:PORT/DB — safe for messages and logs. */
  shown: string;
}

/** Parses and validates a queue address (see the module comment); errors are LindbladErrors naming `field`. */
export function parseQueueUrl(text: string, field: string): QueueUrl {
  const bad = (what: string): never => {
    throw new LindbladError('invalid-input', `expected redis://[:PASSWORD@]HOST:PORT[/DB] (${what})`, field);
  };
  if (!/^redis:\/\//i.test(text)) bad('the address must start with redis://');
  const rest = text.slice('redis://'.length);
  const at = rest.lastIndexOf('@');
  const auth = at >= 0 ? rest.slice(0, at) : null, where = at >= 0 ? rest.slice(at + 1) : rest;
  let username: string | undefined, password: string | undefined;
  if (auth !== null) {
    const colon = auth.indexOf(':');
    if (colon < 0) bad('the part before @ must be :PASSWORD or USER:PASSWORD');
    try {
      username = decodeURIComponent(auth.slice(0, colon)) || undefined;
      password = decodeURIComponent(auth.slice(colon + 1));
    } catch {
      bad('the password is not valid percent-encoding');
    }
    if (password === '') bad('an empty password after ":"');
  }
  const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?(?:\/(\d{1,5})?)?$/.exec(where);
  if (!m) bad('HOST:PORT/DB must be a host name or address, an optional port and an optional database number, nothing else'); // not echoed: it may hold a mistyped password
  const host = m![1].startsWith('[') ? m![1].slice(1, -1) : m![1];
  const port = m![2] === undefined ? 6379 : Number(m![2]), db = m![3] === undefined ? 0 : Number(m![3]);
  if (!(port >= 1 && port <= 65535)) bad(`port ${port} outside 1…65535`);
  // databases beyond 0…15 exist where the server sets `databases`; a number it lacks fails the connection probe
  const hostText = host.includes(':') ? `[${host}]` : host;
  const shown = `redis://${auth !== null ? `${username !== undefined ? encodeURIComponent(username) : ''}:***@` : ''}${hostText}:${port}/${db}`;
  return { host, port, db, username, password, shown };
}

/** `message` with every occurrence of the address's password replaced by "***" (for errors from the client). */
export function scrub(message: string, url: QueueUrl): string {
  return url.password ? message.split(url.password).join('***') : message;
}
