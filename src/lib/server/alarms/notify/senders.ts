// The two ways a notification leaves: an HTTP POST to a configured webhook, and an email through the configured
// SMTP server (nodemailer). Each throws on failure, so deliveries.ts can retry it.
import nodemailer from 'nodemailer';
import type { AlarmConfig } from '../../config.ts';
import { subject, text, webhookBody, type Notice } from './message.ts';

export interface Senders {
	webhook(name: string, notice: Notice): Promise<void>;
	email(to: string, notice: Notice): Promise<void>;
}

const WEBHOOK_TIMEOUT_MS = 10_000;

export function configuredSenders(c: AlarmConfig): Senders {
	const transport = c.smtpUrl ? nodemailer.createTransport(c.smtpUrl) : null;
	return {
		async webhook(name, notice) {
			const hook = c.webhooks[name];
			if (!hook) throw new Error(`no webhook "${name}" is configured (FLOWDECK_WEBHOOKS)`);
			// the address is a secret: errors name the webhook and what went wrong, never the URL
			const res = await fetch(hook.url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(webhookBody(hook.format, notice)),
				signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
				redirect: 'error'
			}).catch((e: Error) => {
				throw new Error(
					`webhook ${name} ${e.name === 'TimeoutError' ? 'timed out' : 'could not be reached'}`
				);
			});
			if (!res.ok) throw new Error(`webhook ${name} answered HTTP ${res.status}`);
		},
		async email(to, notice) {
			if (!transport) throw new Error('no SMTP server is configured (FLOWDECK_SMTP_URL)');
			await transport.sendMail({ from: c.mailFrom, to, subject: subject(notice), text: text(notice) });
		}
	};
}
