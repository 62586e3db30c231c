// Passwords: argon2id at the parameters ASVS 5.0 Appendix C approves (m=47104 KiB, t=1, p=1), at most eight hashes
// at once so a flood of sign-ins cannot exhaust memory, and a policy that refuses the commonest passwords.
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import register from '../../../../db/reference/register.json' with { type: 'json' };

// algorithm 2 is Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax)
const OPTIONS = { algorithm: 2 as const, memoryCost: 47104, timeCost: 1, parallelism: 1 };
export const MIN_LENGTH = 12;
export const MAX_LENGTH = 128;

const common = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/** Runs a person reaches for: the alphabet, the digits and the keyboard's rows, both ways. */
const RUNS = [
	'abcdefghijklmnopqrstuvwxyz',
	'01234567890',
	'qwertyuiopasdfghjklzxcvbnm',
	'1qaz2wsx3edc4rfv5tgb6yhn'
];
const SEQUENCES = [...RUNS, ...RUNS.map((r) => [...r].reverse().join(''))];

/** Words an attacker of this service tries first: the product, the NHS, and every organisation's name and code. */
const CONTEXT = [
	...new Set(
		['flowdeck', 'nhs', 'password', 'hospital', 'welcome', 'letmein', 'admin', 'wallboard'].concat(
			register.organisations.flatMap((o) =>
				`${o.name} ${o.code}`
					.toLowerCase()
					.split(/[^a-z]+/)
					.filter((w) => w.length >= 4)
			)
		)
	)
].sort((a, b) => b.length - a.length);

/** What is left of a password once its guessable parts are taken out: context words, runs and repeats. */
function guessWork(password: string): string {
	let rest = password.toLowerCase();
	for (const word of CONTEXT) rest = rest.split(word).join(' ');
	// runs of three or more along a sequence, and any character repeated three or more times
	for (const seq of SEQUENCES)
		for (let n = seq.length; n >= 3; n--)
			for (let i = 0; i + n <= seq.length; i++) rest = rest.split(seq.slice(i, i + n)).join(' ');
	return rest.replace(/(.)\1{2,}/g, ' ').replace(/\s+/g, '');
}

/** Why a new password is not acceptable, or null. */
export function passwordProblem(password: string, username = ''): string | null {
	if (password.length < MIN_LENGTH) return `Use at least ${MIN_LENGTH} characters`;
	if (password.length > MAX_LENGTH) return `Use at most ${MAX_LENGTH} characters`;
	if (common.has(password.toLowerCase()))
		return 'That password is on the list of the most common passwords; choose another';
	if (username && password.toLowerCase().includes(username.toLowerCase()))
		return 'The password must not contain the username';
	if (new Set(password).size < 5) return 'Use at least five different characters';
	if (guessWork(password).length < 8)
		return 'Most of that password is guessable: a keyboard run, a repeated character, or the name of FlowDeck, the NHS or an organisation; add words of your own';
	return null;
}

const MAX_CONCURRENT = 8;
let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
	if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
	running++;
	try {
		return await work();
	} finally {
		running--;
		waiting.shift()?.();
	}
}

export const hashPassword = (password: string) => limited(() => hash(password, OPTIONS));

export const verifyPassword = (stored: string, password: string) =>
	limited(() => verify(stored, password).catch(() => false));

// verifying against this when the username is unknown takes as long as a real check, so timing tells nothing
let decoy: Promise<string> | null = null;
export async function verifyDecoy(password: string): Promise<false> {
	decoy ??= hashPassword('decoy password that no account has');
	await verifyPassword(await decoy, password);
	return false;
}
