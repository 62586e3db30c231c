import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';

describe('password policy and hashing', () => {
	it('refuses short and common passwords and accepts a 64-character one', () => {
		expect(passwordProblem('short')).toMatch(/at least 12/);
		expect(passwordProblem('1qaz2wsx3edc')).toMatch(/most common/);
		expect(passwordProblem('Password1234')).toMatch(/most common/);
		expect(passwordProblem('a'.repeat(129))).toMatch(/at most/);
		expect(passwordProblem('x'.repeat(40) + 'Z'.repeat(24))).toBeNull();
		expect(passwordProblem('anna.smith-garden-42', 'anna.smith')).toMatch(/username/);
	});

	it('stores argon2id at m=47104, t=1, p=1 and verifies', async () => {
		const stored = await hashPassword('correct horse battery staple');
		expect(stored).toMatch(/^\$argon2id\$v=19\$m=47104,t=1,p=1\$/);
		expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
		expect(await verifyPassword(stored, 'correct horse battery stapl')).toBe(false);
		expect(await verifyPassword('not a hash', 'anything')).toBe(false);
	});
});
