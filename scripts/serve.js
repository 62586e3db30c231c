// The production server: SvelteKit's adapter-node handler inside a plain Node HTTP server, which the live module
// (socket.io) shares. Run `npm run build` first. Under a supervisor (scripts/deploy/flowdeck.service) it stops
// cleanly on SIGTERM, and on a fault nothing else caught it logs, drains and exits non-zero to be restarted.
import http from 'node:http';

// the ingest API enforces its own limits (256 KB of JSON, 20 MB of CSV); adapter-node's must not be lower
process.env.BODY_SIZE_LIMIT ??= '25M';
// adapter-node assumes https unless told; a plain-HTTP server says so, so form posts pass the CSRF origin check
process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
// Behind a TLS-terminating proxy (FLOWDECK_TRUST_PROXY=1) the proxy's X-Forwarded-Proto and, with
// ADDRESS_HEADER=x-forwarded-for, its client address are believed; otherwise a client cannot claim them.
const trustProxy = process.env.FLOWDECK_TRUST_PROXY === '1';
const addressHeader = (process.env.ADDRESS_HEADER ?? '').toLowerCase();
const { handler: app } = await import('../build/handler.js');
// the app registers its live module, its drain and its base headers when it starts (src/hooks.server.ts)
const app_ = globalThis[Symbol.for('flowdeck.server')];
if (typeof app_?.attachLive !== 'function') throw new Error('the build did not register its live module');
/** @type {Record<string, string>} */
const baseHeaders = app_.baseHeaders;
/** @type {import('node:http').RequestListener} */
const handler = (req, res) => {
	// static files and answers a hook throws never pass the app's header hook; a response's own headers win
	for (const [name, value] of Object.entries(baseHeaders)) res.setHeader(name, value);
	if (!trustProxy || !req.headers['x-forwarded-proto'])
		req.headers['x-forwarded-proto'] = 'encrypted' in req.socket ? 'https' : 'http';
	if (addressHeader && (!trustProxy || !req.headers[addressHeader]))
		req.headers[addressHeader] = req.socket.remoteAddress ?? '';
	app(req, res);
};

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

const server = http.createServer(handler);
const io = app_.attachLive(server);
server.listen(port, host, () => {
	const { port: actual } = /** @type {import('node:net').AddressInfo} */ (server.address());
	console.log(`[flowdeck] listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}`);
});

let stopping = false;
/**
 * Stop taking ingests and let those in flight commit and answer; close the screens' sockets (they reconnect, through
 * the proxy, to another node); stop listening; then close the store.
 * @param {string} why
 * @param {number} code
 */
async function shutdown(why, code) {
	if (stopping) return;
	stopping = true;
	console.log(`[flowdeck] ${why}: draining`);
	setTimeout(() => process.exit(code), 45_000).unref();
	await app_.drain().catch((/** @type {Error} */ e) => console.error(`[flowdeck] drain: ${e.message}`));
	io.close();
	server.closeIdleConnections();
	await new Promise((resolve) => server.close(resolve));
	// adapter-node's own shutdown signal; the runtime closes the store on it
	process.emit('sveltekit:shutdown', why);
	setTimeout(() => process.exit(code), 2_000).unref();
}
process.once('SIGTERM', () => void shutdown('SIGTERM', 0));
process.once('SIGINT', () => void shutdown('SIGINT', 0));
// The last resort: nothing that reaches here is expected. Log it, finish what was acknowledged, and exit for the
// supervisor to restart, rather than carry on in a state nobody has reasoned about.
for (const event of ['uncaughtException', 'unhandledRejection'])
	process.on(event, (/** @type {unknown} */ error) => {
		console.error(`[flowdeck] ${event}: ${error instanceof Error ? error.stack : String(error)}`);
		void shutdown(event, 1);
	});
