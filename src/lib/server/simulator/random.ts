// A small seeded random source, so a simulation replays identically from its seed.
export class Random {
	#state: number;
	constructor(seed: number) {
		this.#state = seed >>> 0 || 0x9e3779b9;
	}

	/** uniform in [0, 1) (mulberry32) */
	next(): number {
		let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	chance(p: number) {
		return this.next() < p;
	}

	between(min: number, max: number) {
		return min + (max - min) * this.next();
	}

	exponential(mean: number) {
		return -Math.log(1 - this.next()) * mean;
	}

	/** log-normal with the given median and shape */
	logNormal(median: number, sigma: number) {
		const u = 1 - this.next();
		const v = this.next();
		const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
		return median * Math.exp(sigma * z);
	}

	pick<T>(weighted: [T, number][]): T {
		const total = weighted.reduce((s, [, w]) => s + w, 0);
		let r = this.next() * total;
		for (const [value, w] of weighted) if ((r -= w) < 0) return value;
		return weighted[weighted.length - 1][0];
	}

	/** a pseudonym of lower-case letters: nothing in it can look like an NHS number, a date or a postcode */
	pseudonym(prefix: string, length = 12) {
		let s = '';
		for (let i = 0; i < length; i++) s += String.fromCharCode(97 + Math.floor(this.next() * 26));
		return `${prefix}-${s}`;
	}
}
