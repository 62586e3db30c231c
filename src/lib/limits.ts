// Alarm limits as screens use them.
export interface AlarmLimit {
	low: number | null;
	high: number | null;
}

/** Words for a figure past its limit ("above 40"), or null while it is within them. */
export function alarmText(value: number | null | undefined, limit: AlarmLimit | undefined): string | null {
	if (value === null || value === undefined || !limit) return null;
	if (limit.high !== null && value > limit.high) return `above ${limit.high}`;
	if (limit.low !== null && value < limit.low) return `below ${limit.low}`;
	return null;
}
