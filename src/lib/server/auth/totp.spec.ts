import { describe, expect, it } from 'vitest';
import { currentStep, enrolmentQr, matchTotp, newTotpKey, totpCode } from './totp.ts';

describe('TOTP', () => {
	// RFC 6238 appendix B, SHA-1 seed "12345678901234567890" at T = 59 s: 94287082 (8 digits) → 287082 (6 digits)
	it('matches the RFC 6238 test vector', () => {
		const key = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
		expect(totpCode(key, currentStep(59_000))).toBe('287082');
	});

	it('accepts a code within one step of now, and only once', () => {
		const key = newTotpKey();
		const now = Date.now();
		const step = currentStep(now);
		expect(matchTotp(key, totpCode(key, step), 0, now)).toBe(step);
		expect(matchTotp(key, totpCode(key, step - 1), 0, now)).toBe(step - 1);
		expect(matchTotp(key, totpCode(key, step), step, now)).toBeNull();
		expect(matchTotp(key, totpCode(key, step - 2), 0, now)).toBeNull();
		expect(matchTotp(key, 'abcdef', 0, now)).toBeNull();
	});

	it('gives an otpauth URI and an SVG QR code for enrolment', () => {
		const { uri, svg } = enrolmentQr('JBSWY3DPEHPK3PXP', 'flow.manager');
		expect(uri).toMatch(/^otpauth:\/\/totp\/FlowDeck:flow\.manager\?/);
		expect(uri).toContain('secret=JBSWY3DPEHPK3PXP');
		expect(svg).toMatch(/^<svg/);
	});
});
