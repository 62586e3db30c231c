// PGlite is single-process: the server marks its data directory as in use, and the CLI tools respect the mark.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const lockFile = (dataDir: string) => `${dataDir.replace(/\/+$/, '')}.pid`;

function alive(pid: number) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** The pid of another live process holding the data directory, or null. */
export function holderOf(dataDir: string): number | null {
	const file = lockFile(dataDir);
	if (!existsSync(file)) return null;
	const pid = Number(readFileSync(file, 'utf8'));
	return pid && pid !== process.pid && alive(pid) ? pid : null;
}

export function holdDataDir(dataDir: string): void {
	const holder = holderOf(dataDir);
	if (holder)
		throw new Error(`${dataDir} is in use by process ${holder}; PGlite allows one process at a time`);
	writeFileSync(lockFile(dataDir), String(process.pid));
}

export function releaseDataDir(dataDir: string): void {
	if (holderOf(dataDir) === null) rmSync(lockFile(dataDir), { force: true });
}
