import type { Principal } from '$lib/server/auth/policy';
import type { ValidSession } from '$lib/server/auth/session';
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
			principal: Principal;
			/** the signed-in session, when the principal is a user */
			session: ValidSession | null;
			/** a sign-in half done: password given, second factor or enrolment to come */
			pendingSession: ValidSession | null;
			/** set by handleError when the request failed because the database was away: the answer becomes a 503 */
			storeFailed?: boolean;
		}
	}
}

export {};
