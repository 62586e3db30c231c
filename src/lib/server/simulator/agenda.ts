// The simulation's agenda: what happens next, in time order, whatever order it was scheduled in.

type Ordered<Entry> = Entry & { order: number };

/** A binary heap by time, ties broken by insertion order. */
export class Agenda<Entry extends { t: number }> {
	#items: Ordered<Entry>[] = [];
	#order = 0;
	get size() {
		return this.#items.length;
	}
	peek() {
		return this.#items[0];
	}
	push(item: Entry) {
		const items = this.#items;
		items.push({ ...item, order: this.#order++ });
		for (let i = items.length - 1; i > 0;) {
			const p = (i - 1) >> 1;
			if (this.#before(items[p], items[i])) break;
			[items[p], items[i]] = [items[i], items[p]];
			i = p;
		}
	}
	pop(): Ordered<Entry> | undefined {
		const items = this.#items;
		const top = items[0];
		const last = items.pop();
		if (items.length && last) {
			items[0] = last;
			for (let i = 0; ;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let m = i;
				if (l < items.length && this.#before(items[l], items[m])) m = l;
				if (r < items.length && this.#before(items[r], items[m])) m = r;
				if (m === i) break;
				[items[m], items[i]] = [items[i], items[m]];
				i = m;
			}
		}
		return top;
	}
	#before(a: Ordered<Entry>, b: Ordered<Entry>) {
		return a.t < b.t || (a.t === b.t && a.order < b.order);
	}
}
