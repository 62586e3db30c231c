import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['src/**/*.spec.ts', 'tests/api/**/*.spec.ts'],
		environment: 'node',
		testTimeout: 60_000,
		hookTimeout: 60_000,
		// integration specs share the local PostgreSQL server; keep files sequential on two cores
		fileParallelism: false
	}
});
