// The page a refused request gets. Written out here rather than rendered by the app, because the refusal happens
// before any page code runs (and must not run it).
const escape = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function deniedPage(message: string, requestId: string): Response {
	const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Not allowed · FlowDeck</title>
<style>
body{margin:0;font-family:system-ui,sans-serif;color:#212b32;background:#f0f4f5}
header{background:#005eb8;color:#fff;padding:.75rem 1.5rem;font-weight:700;font-size:1.25rem}
main{max-width:40rem;margin:3rem auto;padding:0 1.5rem}
h1{font-size:1.75rem}a{color:#005eb8}small{color:#4c6272}
</style></head>
<body><header>FlowDeck</header><main>
<h1>403 · Not allowed</h1>
<p>${escape(message)}.</p>
<p><a href="/">Go to the overview</a> · <a href="/login">Sign in as someone else</a></p>
<p><small>Reference ${escape(requestId)}</small></p>
</main></body></html>`;
	return new Response(html, {
		status: 403,
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy':
				"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'"
		}
	});
}
