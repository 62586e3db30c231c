// The headers every response carries, whoever makes it: SvelteKit's pages and endpoints (hooks.server.ts), the
// static files and the answers hooks throw (scripts/serve.js sets these before the app sees a request), and the
// socket.io transport (live/index.ts). Pages replace the CSP with SvelteKit's nonce-based one (svelte.config.js).
export const BASE_HEADERS: Readonly<Record<string, string>> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'same-origin',
	'X-Frame-Options': 'DENY',
	'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
	'Content-Security-Policy':
		"default-src 'none'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'"
};
