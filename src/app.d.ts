import type { SourceKey } from '$lib/server/ingest/keys';

declare global {
	namespace App {
		interface Error {
			message: string;
			requestId?: string;
		}
		interface Locals {
			requestId: string;
			sourceKey: SourceKey | null;
			bearerPresented: boolean;
		}
	}
}

export {};
