// HTTP helpers for the security specs: requests with a signed-in cookie, and form posts as a browser sends them.
import type { RunningServer } from './server.ts';

export interface Options {
	cookie?: string;
	headers?: Record<string, string>;
	ip?: string;
}

export function get(server: RunningServer, path: string, o: Options = {}) {
	return fetch(`${server.url}${path}`, {
		redirect: 'manual',
		headers: {
			...(o.cookie ? { cookie: o.cookie } : {}),
			...(o.ip ? { 'x-forwarded-for': o.ip } : {}),
			...o.headers
		}
	});
}

/** A form post from the server's own pages (the Origin a browser sends). */
/** `fields` as a record, or as URLSearchParams where a field repeats (a playlist's organisations). */
export function post(
	server: RunningServer,
	path: string,
	fields: Record<string, string> | URLSearchParams,
	o: Options = {}
) {
	return fetch(`${server.url}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			// as a browser submitting the form: SvelteKit answers */* with the JSON that use:enhance expects
			accept: 'text/html',
			origin: server.url,
			'content-type': 'application/x-www-form-urlencoded',
			...(o.cookie ? { cookie: o.cookie } : {}),
			...(o.ip ? { 'x-forwarded-for': o.ip } : {}),
			...o.headers
		},
		body: new URLSearchParams(fields)
	});
}

/** The `name=value` of the cookie a response sets, or null. */
export function setCookie(response: Response, name = 'flowdeck-session'): string | null {
	const line = response.headers
		.getSetCookie()
		.find((c) => c.startsWith(`${name}=`) || c.startsWith(`__Host-${name}=`));
	if (!line) return null;
	const pair = line.split(';')[0];
	return pair.endsWith('=') ? null : pair;
}

/** Admits a patient at a site now through the ingest API (and, if asked, puts them on the medically stable list). */
export async function admit(
	server: RunningServer,
	site: string,
	options: { medicallyStable?: boolean } = {}
) {
	// letters only after the time: a random mix of letters and digits now and then looks like a postcode and is refused
	const letters = Array.from({ length: 6 }, () =>
		String.fromCharCode(97 + Math.floor(Math.random() * 26))
	).join('');
	const spell = `sp-http-${Date.now()}-${letters}`;
	const at = new Date().toISOString();
	const events: object[] = [
		{ id: spell, type: 'admission', occurredAt: at, site, spell, patient: `pt-${spell}`, method: 'emergency' }
	];
	if (options.medicallyStable)
		events.push({ id: `${spell}-ms`, type: 'medically_stable', occurredAt: at, site, spell });
	const r = await fetch(`${server.url}/api/v1/events`, {
		method: 'POST',
		headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
		body: JSON.stringify({ events })
	});
	if (r.status !== 200) throw new Error(`ingest answered ${r.status}: ${await r.text()}`);
	return spell;
}

/** An emergency admission, now, of a spell and patient named after the event id: the events the API tests send. */
export const admission = (id: string, site: string, extra: Record<string, unknown> = {}) => ({
	id,
	type: 'admission',
	occurredAt: new Date().toISOString(),
	site,
	spell: `sp-${id}`,
	patient: `pt-${id}`,
	method: 'emergency',
	...extra
});
