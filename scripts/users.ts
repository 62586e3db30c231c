// `npm run users -- create-admin --username NAME --name "Full Name" [--org CODE]...` makes an administrator (the first
// account of a new installation) with a one-time password; `npm run users -- list` lists accounts.
// Works on the store the server uses (DATABASE_URL, or PGlite in FLOWDECK_DATA_DIR, default data/pglite).
// PGlite is single-process: stop the server first when using the embedded database.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { openCliStore } from './cliStore.ts';
import { audit } from '../src/lib/server/auth/audit.ts';
import { createUser, listUsers } from '../src/lib/server/auth/users.ts';

const usage = `usage:
  npm run users -- create-admin --username NAME --name "Full Name" [--org CODE]...
      an administrator at the given organisations (default: every system); prints a one-time password.
      They set up their authenticator at first sign-in.
  npm run users -- list`;

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		username: { type: 'string' },
		name: { type: 'string' },
		org: { type: 'string', multiple: true },
		help: { type: 'boolean' }
	}
});
const [command] = positionals;
if (values.help || !command) {
	console.log(usage);
	process.exit(command ? 0 : 1);
}

const store = await openCliStore();
try {
	if (command === 'create-admin') {
		if (!values.username || !values.name) throw new Error('--username and --name are required\n' + usage);
		const orgs = values.org?.length
			? values.org
			: (await store.db.selectFrom('organisation').select('code').where('parent', 'is', null).execute()).map(
					(o) => o.code
				);
		const password = randomBytes(15).toString('base64url');
		const result = await createUser(store.db, {
			username: values.username,
			displayName: values.name,
			password,
			grants: orgs.map((org) => ({ role: 'administrator' as const, org }))
		});
		if ('problems' in result)
			throw new Error(
				Object.entries(result.problems)
					.map(([k, v]) => `${k}: ${v}`)
					.join('\n')
			);
		await audit(store.db, {
			actor: 'cli',
			role: null,
			org: null,
			action: 'create user',
			target: values.username.toLowerCase(),
			outcome: 'succeeded',
			detail: `administrator at ${orgs.join(', ')}`,
			ip: null,
			request_id: null
		});
		console.log(`administrator ${values.username.toLowerCase()} at ${orgs.join(', ')}`);
		console.log(
			`one-time password (shown once; change it under "Your account" after signing in): ${password}`
		);
	} else if (command === 'list') {
		for (const u of await listUsers(store.db)) {
			const grants = u.grants.map((g) => `${g.role}@${g.org}`).join(' ') || 'no roles';
			console.log(
				`${u.username.padEnd(20)} ${u.disabled ? 'disabled' : 'active  '} ${u.enrolled ? 'mfa' : 'enrol'}  ${grants}`
			);
		}
	} else {
		throw new Error(`unknown command ${command}\n${usage}`);
	}
} catch (e) {
	console.error(e instanceof Error ? e.message : e);
	process.exitCode = 1;
} finally {
	await store.close();
}
