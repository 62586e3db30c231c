// Actions agreed on the weekly call, as lines on the charts of the figure they address: at the last period starting
// on or before the day each was agreed, so a meeting sees whether the dots moved after it.
import { londonDay } from '../../format.ts';
export interface ChartAction {
	what: string;
	agreedOn: string;
	status?: string;
}

/** Index of the period an action was agreed in, or -1 when it was agreed before the first. */
export const periodOfAction = (times: string[], agreedOn: string) =>
	times.findLastIndex((t) => londonDay(t) <= agreedOn);

export const actionLabel = (a: ChartAction) =>
	`Action: ${a.what.length > 30 ? `${a.what.slice(0, 29)}…` : a.what}${a.status && a.status !== 'open' ? ` (${a.status})` : ''}`;

/** ECharts markLine entries; `until` leaves out actions agreed after the chart's last day. */
export function actionMarks(
	times: string[],
	actions: ChartAction[],
	format: (t: string) => string,
	until?: string | null
) {
	return actions
		.filter((a) => !until || a.agreedOn <= until)
		.map((a) => ({ a, i: periodOfAction(times, a.agreedOn) }))
		.filter((m) => m.i >= 0)
		.map(({ a, i }) => ({
			xAxis: format(times[i]),
			name: a.what,
			label: { formatter: actionLabel(a), position: 'insideEndTop' as const }
		}));
}
