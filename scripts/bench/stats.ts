// Percentiles and a printed line per figure, for the benchmark scripts.
export function percentile(sorted: number[], p: number) {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function summary(label: string, samples: number[]) {
	const sorted = [...samples].sort((a, b) => a - b);
	const f = (v: number) => `${v.toFixed(1)} ms`;
	console.log(
		`${label}: n=${sorted.length} p50 ${f(percentile(sorted, 50))}  p95 ${f(percentile(sorted, 95))}  p99 ${f(percentile(sorted, 99))}  max ${f(sorted[sorted.length - 1] ?? NaN)}`
	);
	return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

export const backendArg = () => {
	const i = process.argv.indexOf('--backend');
	const backend = i > 0 ? process.argv[i + 1] : 'postgres';
	if (backend !== 'postgres' && backend !== 'pglite') throw new Error('--backend must be postgres or pglite');
	return backend;
};
