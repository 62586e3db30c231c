// `npm run keys -- create --source NAME [--org CODE]...`, `npm run keys -- list`, `npm run keys -- revoke ID`.
// Works on the store the server uses (DATABASE_URL, or PGlite in FLOWDECK_DATA_DIR, default data/pglite).
// PGlite is single-process: stop the server first when using the embedded database.
import { parseArgs } from 'node:util';
import { openCliStore } from './cliStore.ts';
import { createKey, listKeys, revokeKey } from '../src/lib/server/ingest/keys.ts';

const usage = `usage:
  npm run keys -- create --source NAME [--org CODE]...   mint a key (every organisation when no --org)
  npm run keys -- list                                   list keys (secrets are never shown again)
  npm run keys -- revoke ID                              revoke a key`;

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: { source: { type: 'string' }, org: { type: 'string', multiple: true }, help: { type: 'boolean' } }
});
const [command, id] = positionals;
if (values.help || !command) {
	console.log(usage);
	process.exit(command ? 0 : 1);
}

const store = await openCliStore();
try {
	if (command === 'create') {
		if (!values.source) throw new Error('--source NAME is required');
		const { key, record } = await createKey(store.db, values.source, values.org?.length ? values.org : null);
		console.log(
			`key ${record.id} for source "${record.source}", organisations: ${record.orgs?.join(', ') ?? 'all'}`
		);
		console.log(key);
	} else if (command === 'list') {
		for (const k of await listKeys(store.db)) {
			const state = k.revoked_at ? `revoked ${k.revoked_at.toISOString()}` : 'active';
			console.log(`${k.id}  ${k.source.padEnd(16)} ${(k.orgs?.join(',') ?? 'all').padEnd(30)} ${state}`);
		}
	} else if (command === 'revoke') {
		if (!id) throw new Error('give the key id to revoke (see `npm run keys -- list`)');
		console.log((await revokeKey(store.db, id)) ? `revoked ${id}` : `no active key has the id ${id}`);
	} else {
		throw new Error(`unknown command ${command}\n${usage}`);
	}
} catch (e) {
	console.error(e instanceof Error ? e.message : e);
	process.exitCode = 1;
} finally {
	await store.close();
}
