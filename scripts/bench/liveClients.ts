// One process of the live benchmark's screens (scripts/bench/live.ts forks several, so the server's cost is measured
// and not the clients'): connects its share of sockets, subscribes each to a room, and keeps every `metrics` message
// it receives (room, range, when). Told the commit time of each update at the end, it answers a histogram of
// update → screen delays, one per update a message covers, and the gaps a screen would have resynced on.
import { io, type Socket } from 'socket.io-client';

interface Start {
	url: string;
	cookie: string;
	rooms: string[];
	sockets: number;
	offset: number;
}

const received: { room: number; from: number; seq: number; at: number }[] = [];
const sockets: Socket[] = [];
let gaps = 0;

async function start({ url, cookie, rooms, sockets: count, offset }: Start) {
	await Promise.all(
		Array.from({ length: count }, (_, i) => {
			const room = (offset + i) % rooms.length;
			const socket = io(`${url}/live`, {
				transports: ['websocket'],
				forceNew: true,
				extraHeaders: { cookie }
			});
			sockets.push(socket);
			let seq = 0;
			socket.on('snapshot', (s: { seq: number }) => (seq = Math.max(seq, s.seq)));
			socket.on('metrics', (d: { seq: number; from?: number }) => {
				const from = d.from ?? d.seq;
				if (seq && from - 1 > seq) gaps++;
				seq = d.seq;
				received.push({ room, from, seq: d.seq, at: Date.now() });
			});
			return new Promise<void>((resolve) =>
				socket.on('connect', () =>
					socket.emit('subscribe', { org: rooms[room], coalesce: true }, () => resolve())
				)
			);
		})
	);
	process.send!({ ready: true });
}

/** 1 ms buckets to 10 s: merged across processes without shipping every sample */
function report(rooms: string[], commits: Record<string, Record<number, number>>) {
	const buckets = new Array<number>(10_001).fill(0);
	let max = 0;
	for (const m of received) {
		const times = commits[rooms[m.room]] ?? {};
		// a message that claims the whole history (from 1) stands for its latest update only
		for (let seq = m.from === 1 ? m.seq : m.from; seq <= m.seq; seq++) {
			const committed = times[seq];
			if (committed === undefined) continue;
			const delay = Math.max(0, m.at - committed);
			buckets[Math.min(10_000, Math.round(delay))]++;
			max = Math.max(max, delay);
		}
	}
	for (const s of sockets) s.disconnect();
	process.send!({ buckets, max, messages: received.length, gaps }, () => process.exit(0));
}

process.on(
	'message',
	(m: { start?: Start; commits?: Record<string, Record<number, number>>; rooms?: string[] }) => {
		if (m.start) void start(m.start);
		else if (m.commits) report(m.rooms!, m.commits);
	}
);
