// A tiny static file server (node:http) for the built explorer in web-dist/: GET/HEAD only, no
// directory listings, paths confined to the root, "/" → index.html. Used by `npm run explore` and
// by the end-to-end test.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8', '.map': 'application/json', '.woff2': 'font/woff2',
};

/** The file a URL path maps to inside root, or null when it escapes root or does not exist. */
function fileFor(root, urlPath) {
  let path;
  try { path = decodeURIComponent(urlPath.split('?')[0].split('#')[0]); } catch { return null; }
  const full = normalize(join(root, path.endsWith('/') ? path + 'index.html' : path));
  if (full !== root && !full.startsWith(root + sep)) return null;
  try { return statSync(full).isFile() ? full : null; } catch { return null; }
}

function listen(server, port, host) {
  return new Promise((ok, fail) => {
    const onError = (e) => { server.off('listening', onListening); fail(e); };
    const onListening = () => { server.off('error', onError); ok(server.address().port); };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Serves `dir` on host:port (port 0 = any free port; a busy port falls back to a free one).
 * Resolves to { url, port, close() }.
 */
export async function serveStatic(dir, { host = '127.0.0.1', port = 0 } = {}) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, { Allow: 'GET, HEAD' }).end(); return; }
    const file = fileFor(root, req.url ?? '/');
    if (!file) { res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n'); return; }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': statSync(file).size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  let actual;
  try {
    actual = await listen(server, port, host);
  } catch (e) {
    if (e.code !== 'EADDRINUSE' || port === 0) throw e;
    actual = await listen(server, 0, host);
  }
  const url = `http://${host}:${actual}/`;
  return { url, port: actual, close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }) };
}
