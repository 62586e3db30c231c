// A one-line progress bar on a terminal; a line every tenth of the way in a log.
export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stdout) {
	const started = Date.now();
	let lastDecile = -1;
	return (done: number, detail = '') => {
		const fraction = total ? Math.min(1, done / total) : 1;
		const pct = Math.floor(fraction * 100);
		if (stream.isTTY) {
			const width = 30;
			const filled = Math.round(fraction * width);
			stream.write(
				`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${detail}   `
			);
			if (fraction >= 1) stream.write('\n');
		} else if (Math.floor(pct / 10) > lastDecile || fraction >= 1) {
			lastDecile = Math.floor(pct / 10);
			stream.write(`${label} ${pct}% ${detail} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
		}
	};
}
