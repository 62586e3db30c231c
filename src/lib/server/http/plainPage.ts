// Pages written out here rather than rendered by the app, for answers given before any page code runs (and which must
// not run it): a refusal, and a data store that is away.
const escape = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface PlainPage {
	status: number;
	title: string;
	message: string;
	requestId: string;
	links: [href: string, text: string][];
	/** reload the page by itself after this many seconds */
	refresh?: number;
	headers?: Record<string, string>;
}

function plainPage(page: PlainPage): Response {
	const refresh = page.refresh ? `<meta http-equiv="refresh" content="${page.refresh}">\n` : '';
	const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${refresh}<title>${escape(page.title)} · FlowDeck</title>
<style>
body{margin:0;font-family:system-ui,sans-serif;color:#212b32;background:#f0f4f5}
header{background:#005eb8;color:#fff;padding:.75rem 1.5rem;font-weight:700;font-size:1.25rem}
main{max-width:40rem;margin:3rem auto;padding:0 1.5rem}
h1{font-size:1.75rem}a{color:#005eb8}small{color:#4c6272}
</style></head>
<body><header>FlowDeck</header><main>
<h1>${page.status} · ${escape(page.title)}</h1>
<p>${escape(page.message)}</p>
<p>${page.links.map(([href, text]) => `<a href="${escape(href)}">${escape(text)}</a>`).join(' · ')}</p>
<p><small>Reference ${escape(page.requestId)}</small></p>
</main></body></html>`;
	return new Response(html, {
		status: page.status,
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy':
				"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'",
			...page.headers
		}
	});
}

export function deniedPage(message: string, requestId: string): Response {
	return plainPage({
		status: 403,
		title: 'Not allowed',
		message: `${message}.`,
		requestId,
		links: [
			['/', 'Go to the overview'],
			['/login', 'Sign in as someone else']
		]
	});
}

/** What a person sees while the database is away: it says so, and tries again by itself. */
export function unavailablePage(requestId: string, retryAfter: number): Response {
	return plainPage({
		status: 503,
		title: 'Data store unavailable',
		message: `FlowDeck cannot reach its data store just now, so it cannot show figures it can vouch for. This page tries again by itself every ${retryAfter} seconds; nothing you sent was half-saved.`,
		requestId,
		links: [['/', 'Go to the overview']],
		refresh: retryAfter,
		headers: { 'Retry-After': String(retryAfter), 'Cache-Control': 'no-store' }
	});
}
