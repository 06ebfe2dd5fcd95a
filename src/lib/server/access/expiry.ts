// When the gate's answer next changes by itself: the next moment a consent runs out
// (docs/performance.md, "The content version"). The caches use it as the latest moment an
// answer made now may be used.
import { gt, min } from 'drizzle-orm';
import type { Executor } from '../db';
import { placements } from '../db/schema';

/** The next consent expiry after `now`, in ms since the epoch (Infinity when there is none). */
export async function nextConsentExpiry(ex: Executor, now: Date): Promise<number> {
	const [row] = await ex
		.select({ at: min(placements.consentExpiresAt) })
		.from(placements)
		.where(gt(placements.consentExpiresAt, now));
	return row?.at ? row.at.getTime() : Number.POSITIVE_INFINITY;
}
