// The audit page's filters, read from its query string, shared by the page and its CSV download.
import type { AuditFilter, Outcome } from './audit.ts';

const OUTCOMES: Outcome[] = ['allowed', 'denied', 'succeeded', 'failed'];

export function auditFilter(url: URL): AuditFilter | { problem: string } {
	const p = url.searchParams;
	const day = (key: string, offset = 0) => {
		const v = p.get(key);
		if (!v) return undefined;
		if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) return null;
		return new Date(Date.parse(`${v}T00:00:00Z`) + offset);
	};
	const from = day('from');
	const to = day('to', 86_400_000);
	if (from === null || to === null) return { problem: 'Dates must be YYYY-MM-DD' };
	const outcome = p.get('outcome') || undefined;
	if (outcome && !OUTCOMES.includes(outcome as Outcome))
		return { problem: `outcome must be one of ${OUTCOMES.join(', ')}` };
	return {
		actor: p.get('actor')?.trim() || undefined,
		action: p.get('action') || undefined,
		outcome: outcome as Outcome | undefined,
		org: p.get('org')?.trim() || undefined,
		from,
		to
	};
}
