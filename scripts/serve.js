// The production server: SvelteKit's adapter-node handler inside a plain Node HTTP server, which the live module
// (socket.io) shares. Run `npm run build` first.
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
/** @type {import('node:http').RequestListener} */
const handler = (req, res) => {
	if (!trustProxy || !req.headers['x-forwarded-proto'])
		req.headers['x-forwarded-proto'] = 'encrypted' in req.socket ? 'https' : 'http';
	if (addressHeader && (!trustProxy || !req.headers[addressHeader]))
		req.headers[addressHeader] = req.socket.remoteAddress ?? '';
	app(req, res);
};

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

const server = http.createServer(handler);
// the app registers its live module when it starts (src/hooks.server.ts); socket.io shares this server
const attachLive = globalThis[Symbol.for('flowdeck.attachLive')];
if (typeof attachLive !== 'function') throw new Error('the build did not register its live module');
const io = attachLive(server);
server.listen(port, host, () => {
	const { port: actual } = /** @type {import('node:net').AddressInfo} */ (server.address());
	console.log(`[flowdeck] listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}`);
});

function shutdown(signal) {
	console.log(`[flowdeck] ${signal}: closing`);
	io.close();
	server.close(() => {
		// adapter-node's own shutdown signal; the runtime closes the store on it
		process.emit('sveltekit:shutdown', signal);
		setTimeout(() => process.exit(0), 2_000).unref();
	});
	server.closeIdleConnections();
	setTimeout(() => process.exit(0), 10_000).unref();
}
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
