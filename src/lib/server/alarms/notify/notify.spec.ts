// Notifications leave through real channels: webhooks posted to a local HTTP server that fails before it succeeds,
// and email through a local SMTP sink (smtp-server) started here. Retries wait as deliveries.ts says, every attempt
// is logged, a webhook that never answers ends failed, and no error holds the webhook's (secret) address.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, testStore, type TestStore } from '../../../../../tests/stores.ts';
import { readConfig } from '../../config.ts';
import { raise } from '../store.ts';
import { deliverDue, deliveryLog, enqueue, RETRY_AFTER_MS } from './deliveries.ts';
import { configuredSenders } from './senders.ts';

const SECRET_PATH = '/hook/T000-secret-token';
const BACKENDS = await backends();

describe('notifications', () => {
	let http: Server;
	let smtp: SMTPServer;
	const posts: { path: string; body: Record<string, unknown> }[] = [];
	const mails: { from: string; to: string[]; raw: string }[] = [];
	let failuresLeft = 2;
	let hookUrl = '';
	let smtpPort = 0;

	beforeAll(async () => {
		http = createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				posts.push({ path: req.url ?? '', body: JSON.parse(body) });
				res.statusCode = req.url?.includes('teams') && failuresLeft-- > 0 ? 500 : 200;
				res.end('ok');
			});
		});
		await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
		hookUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
		smtp = new SMTPServer({
			authOptional: true,
			disabledCommands: ['STARTTLS'],
			logger: false,
			onData(stream, session, done) {
				let raw = '';
				stream.on('data', (c) => (raw += c));
				stream.on('end', () => {
					mails.push({
						from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
						to: session.envelope.rcptTo.map((r) => r.address),
						raw
					});
					done();
				});
			}
		});
		await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
		smtpPort = (smtp.server.address() as AddressInfo).port;
	});
	afterAll(async () => {
		await new Promise((r) => http.close(r));
		await new Promise((r) => smtp.close(() => r(null)));
	});

	for (const backend of BACKENDS)
		describe(`on ${backend}`, () => {
			let store: TestStore;
			beforeAll(async () => (store = await testStore(backend)));
			afterAll(() => store?.drop());

			it('retries a failing webhook, mails through SMTP, logs every attempt and gives up in the end', async () => {
				posts.length = 0;
				mails.length = 0;
				failuresLeft = 2;
				const c = readConfig({
					FLOWDECK_WEBHOOKS: JSON.stringify({
						teams: { url: `${hookUrl}${SECRET_PATH}/teams`, format: 'teams' },
						slack: { url: `${hookUrl}/slack`, format: 'slack' },
						gone: { url: `http://127.0.0.1:9${SECRET_PATH}`, format: 'json' }
					}),
					FLOWDECK_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
					FLOWDECK_MAIL_FROM: 'FlowDeck <alarms@flowdeck.test>',
					FLOWDECK_PUBLIC_URL: 'https://flowdeck.nhs.test/'
				}).alarms;
				const send = configuredSenders(c);
				const t0 = new Date('2026-03-02T10:00:00Z');
				const alarm = (await raise(
					store.db,
					{
						key: 'limit:msl:medway-maritime',
						org: 'medway-maritime',
						metric: 'msl',
						kind: 'limit',
						message: 'Medically stable list 41, above 40',
						value: 41
					},
					t0
				))!;
				await enqueue(
					store.db,
					alarm.id,
					'escalated: step 1',
					[
						{ channel: 'webhook', target: 'teams' },
						{ channel: 'webhook', target: 'slack' },
						{ channel: 'webhook', target: 'gone' },
						{ channel: 'email', target: 'site.exec@nhs.test' }
					],
					t0
				);
				const at = (ms: number) => new Date(t0.getTime() + ms);
				expect(await deliverDue(store.db, t0, send, c.publicUrl)).toEqual({ sent: 2, failed: 2 });
				expect(await deliverDue(store.db, at(10_000), send, c.publicUrl)).toEqual({ sent: 0, failed: 0 });
				expect(await deliverDue(store.db, at(RETRY_AFTER_MS[0]), send, c.publicUrl)).toEqual({
					sent: 0,
					failed: 2
				});
				expect(
					await deliverDue(store.db, at(RETRY_AFTER_MS[0] + RETRY_AFTER_MS[1]), send, c.publicUrl)
				).toEqual({
					sent: 1,
					failed: 1
				});
				let t = RETRY_AFTER_MS[0] + RETRY_AFTER_MS[1];
				for (const wait of RETRY_AFTER_MS.slice(2))
					await deliverDue(store.db, at((t += wait)), send, c.publicUrl);
				const log = await deliveryLog(store.db, { alarm: Number(alarm.id) });
				const byTarget = Object.fromEntries(log.map((d) => [d.target, d]));
				expect(byTarget.teams).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
				expect(byTarget.slack).toMatchObject({ status: 'sent', attempts: 1 });
				expect(byTarget['site.exec@nhs.test']).toMatchObject({
					status: 'sent',
					channel: 'email',
					attempts: 1
				});
				expect(byTarget.gone).toMatchObject({
					status: 'failed',
					attempts: RETRY_AFTER_MS.length + 1,
					last_error: 'webhook gone could not be reached'
				});
				expect(JSON.stringify(log)).not.toContain('secret-token');

				// Teams gets an Adaptive Card, Slack its text and blocks, each with the alarm and a link to it
				const teams = posts.filter((p) => p.path.endsWith('/teams'));
				expect(teams).toHaveLength(3);
				const card = (
					teams[2].body.attachments as {
						contentType: string;
						content: { body: { text: string }[]; actions: { url: string }[] };
					}[]
				)[0];
				expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
				expect(card.content.body[0].text).toBe(
					'FlowDeck alarm at Medway Maritime Hospital: Medically stable list 41, above 40'
				);
				expect(card.content.actions[0].url).toBe(`https://flowdeck.nhs.test/alarms/${alarm.id}`);
				const slack = posts.find((p) => p.path === '/slack')!.body as {
					text: string;
					blocks: { text: { text: string } }[];
				};
				expect(slack.text).toBe(
					'FlowDeck alarm at Medway Maritime Hospital: Medically stable list 41, above 40'
				);
				expect(slack.blocks[0].text.text).toContain('Why you are told: escalated: step 1.');

				expect(mails).toHaveLength(1);
				expect(mails[0].from).toBe('alarms@flowdeck.test');
				expect(mails[0].to).toEqual(['site.exec@nhs.test']);
				// headers unfolded and quoted-printable soft breaks joined, as a mail client reads them
				const mail = mails[0].raw.replace(/\r?\n[ \t]+/g, ' ').replace(/=\r?\n/g, '');
				expect(mail).toMatch(
					/^Subject: FlowDeck alarm at Medway Maritime Hospital: Medically stable list 41, above 40$/m
				);
				expect(mail).toContain('Why you are told: escalated: step 1.');
				expect(mail).toContain(`Open it: https://flowdeck.nhs.test/alarms/${alarm.id}`);
			});
		});
});
