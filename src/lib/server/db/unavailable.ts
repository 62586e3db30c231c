// Which database errors mean "not now" rather than "never": the caller answers 503 with Retry-After and the client
// retries. The PostgreSQL codes are its SQLSTATEs (class 08 connection, 53300 too many connections, 57014 statement
// timeout, 55P03 lock timeout, 25P03 idle-in-transaction timeout, 57P0x shutting down or starting).
const CODES = new Set([
	'53300',
	'57014',
	'55P03',
	'25P03',
	'57P01',
	'57P02',
	'57P03',
	'57P04',
	'40001',
	'40P01'
]);
const SOCKET = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ETIMEDOUT',
	'EPIPE',
	'ENOTCONN',
	'EHOSTUNREACH',
	'ENETUNREACH'
]);
const MESSAGES =
	/timeout exceeded when trying to connect|Connection terminated|Query read timeout|not queryable|the database is unavailable/i;

export class StoreUnavailable extends Error {}

export function isUnavailable(error: unknown): boolean {
	if (error instanceof StoreUnavailable) return true;
	const e = error as { code?: unknown; message?: unknown } | null;
	const code = typeof e?.code === 'string' ? e.code : '';
	return (
		CODES.has(code) ||
		code.startsWith('08') ||
		SOCKET.has(code) ||
		(typeof e?.message === 'string' && MESSAGES.test(e.message))
	);
}
