// Cookie names and attributes. Over HTTPS the names carry the `__Host-` prefix, which the browser accepts only with
// Secure, Path=/ and no Domain; on plain-HTTP localhost (development, the demo) browsers refuse Secure cookies, so the
// plain names are used there and nowhere else.
import type { Cookies } from '@sveltejs/kit';

export const SESSION = 'flowdeck-session';
export const DEVICE = 'flowdeck-device';
const DEVICE_MAX_AGE = 400 * 86_400; // the longest a browser keeps a cookie

const secureName = (name: string) => `__Host-${name}`;
export const isSecure = (url: URL) => url.protocol === 'https:';

/**
 * The cookie's value. Over HTTPS only the `__Host-` name counts: the plain one could have been planted by a sibling
 * subdomain or over plain HTTP, which is what the prefix exists to rule out.
 */
export function readCookie(
	get: (name: string) => string | undefined,
	name: string,
	secure: boolean
): string | undefined {
	return secure ? get(secureName(name)) : (get(secureName(name)) ?? get(name));
}

function options(url: URL, maxAge?: number) {
	return {
		path: '/',
		httpOnly: true,
		secure: isSecure(url),
		sameSite: 'lax' as const,
		...(maxAge ? { maxAge } : {})
	};
}

export function setCookie(cookies: Cookies, url: URL, name: string, value: string, expires?: Date) {
	const maxAge =
		name === DEVICE
			? DEVICE_MAX_AGE
			: expires
				? Math.max(1, (expires.getTime() - Date.now()) / 1000)
				: undefined;
	cookies.set(
		isSecure(url) ? secureName(name) : name,
		value,
		options(url, maxAge ? Math.floor(maxAge) : undefined)
	);
}

export function clearCookie(cookies: Cookies, url: URL, name: string) {
	for (const n of [secureName(name), name])
		if (cookies.get(n) !== undefined) cookies.delete(n, { path: '/', secure: n.startsWith('__Host-') });
}
