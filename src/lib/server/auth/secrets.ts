// Random secrets and their stored form. Session, device and recovery secrets carry ≥120 bits from the CSPRNG, so
// a fast SHA-256 is enough to store them (unlike passwords); comparisons are constant-time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export const randomId = (bytes = 10) => encodeBase32LowerCaseNoPadding(randomBytes(bytes));

/** A token `<id>.<secret>`: the id finds the row, the secret proves possession; only its hash is kept. */
export function newToken(): { id: string; secret: string; token: string; secretHash: string } {
	const id = randomId(10);
	const secret = randomBytes(32).toString('base64url');
	return { id, secret, token: `${id}.${secret}`, secretHash: sha256(secret) };
}

const TOKEN = /^([a-z2-7]{16})\.([A-Za-z0-9_-]{43})$/;

export function parseToken(token: string | undefined | null): { id: string; secret: string } | null {
	const m = token ? TOKEN.exec(token) : null;
	return m ? { id: m[1], secret: m[2] } : null;
}

export function matchesHash(storedHex: string, secret: string): boolean {
	const a = Buffer.from(storedHex, 'hex');
	const b = Buffer.from(sha256(secret), 'hex');
	return a.length === b.length && timingSafeEqual(a, b);
}

export function sameText(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}
