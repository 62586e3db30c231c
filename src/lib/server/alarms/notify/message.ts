// What a notification says, in each format it leaves in: plain JSON for any receiver, Slack's incoming-webhook
// message, and a Microsoft Teams (Workflows) message carrying an Adaptive Card, which NHS organisations use.
import { ALARM_KIND_LABEL, type AlarmView } from '../../../alarms.ts';
import type { WebhookFormat } from '../../config.ts';

export interface Notice {
	alarm: AlarmView;
	/** why it is sent now: "raised", "escalated: step 1 to the executives of Medway Maritime Hospital" */
	step: string;
	/** the alarm's page, where FLOWDECK_PUBLIC_URL says where FlowDeck is */
	url: string | null;
}

const time = new Intl.DateTimeFormat('en-GB', {
	dateStyle: 'medium',
	timeStyle: 'short',
	timeZone: 'Europe/London'
});

export function subject(n: Notice): string {
	return `FlowDeck alarm at ${n.alarm.orgName}: ${n.alarm.message}`;
}

export function text(n: Notice): string {
	const a = n.alarm;
	return [
		`${ALARM_KIND_LABEL[a.kind]} at ${a.orgName}: ${a.message}.`,
		`Raised ${time.format(new Date(a.raisedAt))}; ${a.state === 'raised' ? 'not yet acknowledged' : a.state}.`,
		`Why you are told: ${n.step}.`,
		n.url ? `Open it: ${n.url}` : 'Open it in FlowDeck under Alarms.'
	].join('\n');
}

export function webhookBody(format: WebhookFormat, n: Notice): unknown {
	if (format === 'slack')
		return {
			text: subject(n),
			blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${subject(n)}*\n${text(n)}` } }]
		};
	if (format === 'teams')
		return {
			type: 'message',
			attachments: [
				{
					contentType: 'application/vnd.microsoft.card.adaptive',
					contentUrl: null,
					content: {
						$schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
						type: 'AdaptiveCard',
						version: '1.4',
						body: [
							{ type: 'TextBlock', text: subject(n), weight: 'Bolder', size: 'Medium', wrap: true },
							{ type: 'TextBlock', text: text(n), wrap: true }
						],
						actions: n.url ? [{ type: 'Action.OpenUrl', title: 'Open in FlowDeck', url: n.url }] : []
					}
				}
			]
		};
	return { event: 'alarm', step: n.step, url: n.url, alarm: n.alarm, text: text(n) };
}
