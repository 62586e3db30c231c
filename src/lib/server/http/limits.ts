// How much a request may send. adapter-node's BODY_SIZE_LIMIT (scripts/serve.js) is the largest, for CSV uploads to
// the ingest API; every other route has a small limit, checked against Content-Length before the body is read, and
// every form field a person types has a length limit, so no form can make the server hash 24 MB or store a page.
export const KB = 1024;
/** the largest CSV file of returns a scheme's page takes */
export const RETURNS_FILE = 1024 * KB;

/** Bytes a request to `path` may send; the ingest API reads its own body against its own limits. */
export function bodyLimit(path: string): number | null {
	if (/^\/api\/v1\/(events|returns)\/?$/.test(path)) return null;
	// a scheme's page takes a CSV file of returns
	if (/^\/schemes\/[^/]+\/?$/.test(path)) return RETURNS_FILE + 16 * KB;
	if (/^\/(login|pair|logout)(\/|$)/.test(path)) return 8 * KB;
	return 64 * KB;
}

/** Characters a form field may hold: the long free-text fields, then everything else. */
const FIELD_CHARS: Record<string, number> = {
	achievements: 4_000,
	issues: 4_000,
	next_steps: 4_000,
	trajectory: 4_000,
	description: 1_000,
	comment: 1_000,
	reason: 1_000,
	note: 1_000,
	file: RETURNS_FILE,
	what: 500,
	password: 128,
	confirm: 128,
	current: 128
};
const DEFAULT_CHARS = 300;

export const fieldLimit = (name: string) =>
	Object.hasOwn(FIELD_CHARS, name) ? FIELD_CHARS[name] : DEFAULT_CHARS;

/** The first field of a form longer than its limit, in words, or null. */
export function overlongField(form: FormData): string | null {
	for (const [name, value] of form) {
		const limit = fieldLimit(name);
		const length = typeof value === 'string' ? value.length : value.size;
		if (length > limit)
			return `${name.slice(0, 40)} is ${length} characters long; at most ${limit} are taken`;
	}
	return null;
}
