// Shared pieces of the JSON API: problem responses, bounded body reading, per-key rate limits, scope.
import { json } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import { grantedOrgs } from './auth/policy.ts';

export function problem(
	status: number,
	message: string,
	extra: Record<string, unknown> = {},
	headers: Record<string, string> = {}
) {
	return json({ error: { status, message, ...extra } }, { status, headers });
}

export class TooLarge extends Error {}

/**
 * Reads a request body, refusing it once it passes `limit` bytes. Nothing past the limit is kept; the rest is read
 * and dropped (up to a few times the limit) so the client receives the 413 rather than a reset connection.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
	if (!request.body) return new Uint8Array();
	const parts: Uint8Array[] = [];
	let size = 0;
	const reader = request.body.getReader();
	const declared = Number(request.headers.get('content-length') ?? NaN);
	let tooLarge = declared > limit;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) tooLarge = true;
		if (tooLarge) {
			if (size > limit * 4) {
				await reader.cancel();
				break;
			}
			continue;
		}
		parts.push(value);
	}
	if (tooLarge) throw new TooLarge();
	const body = new Uint8Array(size);
	let at = 0;
	for (const p of parts) {
		body.set(p, at);
		at += p.byteLength;
	}
	return body;
}

/** Token bucket per key: `rate` requests a second with bursts of `burst`. */
export class RateLimiter {
	#buckets = new Map<string, { tokens: number; at: number }>();
	readonly rate: number;
	readonly burst: number;
	constructor(rate: number, burst: number) {
		this.rate = rate;
		this.burst = burst;
	}

	/** Seconds to wait, or 0 when the request may go ahead. */
	take(key: string, now = Date.now()): number {
		const b = this.#buckets.get(key) ?? { tokens: this.burst, at: now };
		b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.rate);
		b.at = now;
		this.#buckets.set(key, b);
		if (b.tokens >= 1) {
			b.tokens -= 1;
			return 0;
		}
		return Math.ceil((1 - b.tokens) / this.rate);
	}
}

/** Who is reading: a source key, or a signed-in user; either is limited to organisations (null: all of them). */
export interface Reader {
	orgs: string[] | null;
}

/** The organisation codes a reader may read: everything at or below its organisations. */
export async function visibleOrgs(db: Kysely<Database>, reader: Reader): Promise<Set<string> | null> {
	if (!reader.orgs) return null;
	if (!reader.orgs.length) return new Set();
	const rows = await db
		.selectFrom('org_closure')
		.select('descendant')
		.where('ancestor', 'in', reader.orgs)
		.execute();
	return new Set(rows.map((r) => r.descendant));
}

/** The read API answers a source key (Bearer) or a signed-in user; 401/403 otherwise. */
export function requireReader(locals: App.Locals): Reader | Response {
	if (locals.bearerPresented) return requireKey(locals) ?? locals.sourceKey!;
	if (locals.principal.kind === 'user') return { orgs: grantedOrgs(locals.principal) };
	return requireKey(locals)!;
}

/** 401 without a key, 403 for a key that is wrong or revoked; null when the caller may go on. */
export function requireKey(locals: App.Locals): Response | null {
	if (locals.sourceKey) return null;
	if (locals.bearerPresented) return problem(403, 'the source key is not valid or has been revoked');
	return problem(
		401,
		'send a source key as Authorization: Bearer <key>',
		{},
		{ 'WWW-Authenticate': 'Bearer' }
	);
}
