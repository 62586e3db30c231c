// The second factor: TOTP (RFC 6238, 30 s, 6 digits) with one step of clock drift either side. A code is accepted
// once: the step it matched is stored and no code from that step or earlier is accepted again.
import { randomBytes } from 'node:crypto';
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { renderSVG } from 'uqr';
import { sameText } from './secrets.ts';

const PERIOD = 30;
const DIGITS = 6;

export const newTotpKey = () => encodeBase32UpperCaseNoPadding(randomBytes(20));

export const currentStep = (now = Date.now()) => Math.floor(now / 1000 / PERIOD);

export function totpCode(key: string, step = currentStep()): string {
	return generateHOTP(decodeBase32IgnorePadding(key), BigInt(step), DIGITS);
}

/** The step a code matches (within one step of now) that is later than `lastStep`, or null. */
export function matchTotp(key: string, code: string, lastStep: number, now = Date.now()): number | null {
	const cleaned = code.replace(/\s/g, '');
	if (!/^\d{6}$/.test(cleaned)) return null;
	const step = currentStep(now);
	let matched: number | null = null;
	for (const s of [step - 1, step, step + 1]) {
		if (sameText(totpCode(key, s), cleaned) && s > lastStep) matched = s;
	}
	return matched;
}

export function enrolmentQr(key: string, username: string): { uri: string; svg: string } {
	const uri = createTOTPKeyURI('FlowDeck', username, decodeBase32IgnorePadding(key), PERIOD, DIGITS);
	return { uri, svg: renderSVG(uri, { border: 2 }) };
}
