// What a rejected event keeps for the data-quality view: only what is safe by construction. The reasons; field names
// that look like field names; the values of coded fields (type, site, ward, method, dates, …) that passed their own
// check; and for everything else, pseudonyms included, its type and length. Never a free-text value, so nothing
// identifiable a source sent by mistake is stored or shown. Each row also says which organisation it is about, so the
// view shows a person only the rows of the organisations their roles cover.
import type { Insertable } from 'kysely';
import type { RejectedEventTable } from '../db/schema.ts';
import type { SourceKey } from './keys.ts';
import { codedFields, type FieldError, type Register } from './validate.ts';

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/** A value's shape without its content. */
export function describe(value: unknown): { type: string; length?: number } {
	if (value === null) return { type: 'null' };
	if (Array.isArray(value)) return { type: 'array', length: value.length };
	if (typeof value === 'string') return { type: 'string', length: value.length };
	if (typeof value === 'object') return { type: 'object', length: Object.keys(value).length };
	return { type: typeof value };
}

/** What of `event` may be stored, given the fields that failed their checks. */
export function keptOf(event: Record<string, unknown> | null, errors: FieldError[]): Record<string, unknown> {
	if (event === null) return {};
	const failed = new Set(errors.map((e) => e.field));
	const codes = codedFields(event.type);
	const kept: Record<string, unknown> = {};
	let unnamed = 0;
	for (const [field, value] of Object.entries(event)) {
		const name = FIELD_NAME.test(field) ? field : `(field ${++unnamed}, ${field.length} characters)`;
		kept[name] = codes.has(field) && !failed.has(field) ? value : describe(value);
	}
	return kept;
}

/** The organisation a rejected event is about: its site when that is known, else the key's one organisation. */
export function orgOf(
	event: Record<string, unknown> | null,
	key: SourceKey,
	register: Register
): string | null {
	const site = event?.site;
	if (typeof site === 'string' && register.wardsBySite.has(site)) return site;
	return key.orgs?.length === 1 ? key.orgs[0] : null;
}

export function rejectedRow(
	key: SourceKey,
	register: Register,
	receivedAt: Date,
	outcome: { id: string | null; row?: number; errors?: FieldError[] },
	event: Record<string, unknown> | null
): Insertable<RejectedEventTable> {
	const errors = outcome.errors ?? [];
	const first = errors[0] ?? { field: 'event', reason: 'rejected' };
	return {
		received_at: receivedAt,
		source: key.source,
		event_id: outcome.id?.slice(0, 100) ?? null,
		row_number: outcome.row ?? null,
		org: orgOf(event, key, register),
		field: FIELD_NAME.test(first.field) ? first.field : '(unnamed field)',
		reason:
			errors.map((e) => `${FIELD_NAME.test(e.field) ? e.field : '(unnamed field)'} ${e.reason}`).join('; ') ||
			first.reason,
		body: JSON.stringify(keptOf(event, errors))
	};
}
