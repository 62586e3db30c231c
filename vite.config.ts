import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** In dev, the same live module as in production, attached to Vite's own HTTP server. */
const live: Plugin = {
	name: 'flowdeck-live',
	configureServer(server) {
		server.httpServer?.once('listening', async () => {
			const { attachLive } = await server.ssrLoadModule('/src/lib/server/live/index.ts');
			attachLive(server.httpServer);
		});
	}
};

export default defineConfig({
	plugins: [sveltekit(), live],
	// the bundler's timing report says how fast this machine is, not what a build needs to show
	build: { rolldownOptions: { checks: { bundlerTimings: false } } },
	test: {
		include: ['src/**/*.spec.ts', 'tests/api/**/*.spec.ts'],
		environment: 'node',
		testTimeout: 60_000,
		hookTimeout: 60_000,
		// integration specs share the local PostgreSQL server; keep files sequential on two cores
		fileParallelism: false
	}
});
