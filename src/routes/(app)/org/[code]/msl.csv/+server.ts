// The medically stable list as CSV, with formula triggers neutralised in every cell.
import { csvCell } from '$lib/server/metrics/medicallyStable';
import { loadListFor } from '$lib/server/metrics/listAccess';
import type { RequestHandler } from './$types';

const COLUMNS = [
	'spell',
	'wardName',
	'daysMedicallyStable',
	'lengthOfStayDays',
	'edd',
	'pathway',
	'delayReason',
	'delayAttribution'
] as const;
const HEADINGS = [
	'Spell (pseudonymous)',
	'Ward',
	'Days medically stable',
	'Length of stay (days)',
	'EDD',
	'Pathway',
	'Delay reason',
	'Delay attribution'
];

export const GET: RequestHandler = async (event) => {
	const { org, list } = await loadListFor(event, 'export');
	const lines = [
		HEADINGS.map(csvCell).join(','),
		...list.map((s) => COLUMNS.map((c) => csvCell(s[c])).join(','))
	];
	const stamp = new Date().toISOString().slice(0, 16).replace(':', '');
	return new Response(`${lines.join('\r\n')}\r\n`, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="medically-stable-${org.code}-${stamp}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
