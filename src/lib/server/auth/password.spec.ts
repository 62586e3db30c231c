import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';

describe('password policy and hashing', () => {
	it('refuses short and common passwords and accepts a 64-character one', () => {
		expect(passwordProblem('short')).toMatch(/at least 12/);
		expect(passwordProblem('1qaz2wsx3edc')).toMatch(/most common/);
		expect(passwordProblem('Password1234')).toMatch(/most common/);
		expect(passwordProblem('a'.repeat(129))).toMatch(/at most/);
		expect(passwordProblem('correct horse battery staple '.repeat(5))).toMatch(/at most/);
		expect(passwordProblem('correct horse battery staple and a little pepper for taste')).toBeNull();
		expect(passwordProblem('anna.smith-garden-42', 'anna.smith')).toMatch(/username/);
	});

	// issue 11, finding 9: each of these was accepted
	it.each([
		' '.repeat(12),
		'aaaaaaaaaaaa',
		'111111111111',
		'abababababab',
		'qwertyuiopas',
		'zyxwvutsrqpo',
		'flowdeck2026!',
		'Medway-NHS-2026',
		'glenfield1234!',
		'password-12345678'
	])('refuses the guessable %j', (password) => {
		expect(passwordProblem(password)).not.toBeNull();
	});

	it.each(['correct horse battery staple 1', 'tulip-orbit-9-canal', 'Medway ward sister rota 7!'])(
		'accepts %j',
		(password) => expect(passwordProblem(password)).toBeNull()
	);

	it('stores argon2id at m=47104, t=1, p=1 and verifies', async () => {
		const stored = await hashPassword('correct horse battery staple');
		expect(stored).toMatch(/^\$argon2id\$v=19\$m=47104,t=1,p=1\$/);
		expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
		expect(await verifyPassword(stored, 'correct horse battery stapl')).toBe(false);
		expect(await verifyPassword('not a hash', 'anything')).toBe(false);
	});
});
