// `npm run simulate -- --url http://localhost:3000 --key fdk_… [--days 365] [--live] [--state FILE]`:
// the simulator against any running FlowDeck, through its public ingest API.
import { parseArgs } from 'node:util';
import { runSimulator } from '../src/lib/server/simulator/run.ts';

const { values } = parseArgs({
	options: {
		url: { type: 'string', default: 'http://localhost:3000' },
		key: { type: 'string', default: process.env.FLOWDECK_KEY },
		days: { type: 'string', default: '90' },
		live: { type: 'boolean', default: false },
		state: { type: 'string' }
	}
});
if (!values.key) {
	console.error('give a source key with --key or FLOWDECK_KEY (npm run keys -- create --source simulator)');
	process.exit(1);
}
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
const started = Date.now();
await runSimulator({
	url: values.url,
	key: values.key,
	backfillDays: Number(values.days),
	live: values.live,
	stateFile: values.state,
	signal: stop.signal
});
console.log(`[simulator] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
