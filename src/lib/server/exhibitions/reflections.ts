// Visitors' reflections, the writes (docs/reflections.md): a visitor sends one (throttled per
// client), a curator approves or rejects it, the story's participant chooses whether it shows
// under their story. Who may read which is decided in src/lib/server/access/reflections.ts.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, count, eq, gte, isNull, lt } from 'drizzle-orm';
import type { Db, Executor } from '../db';
import {
	exhibitions,
	reflectionAttempts,
	reflections,
	stories,
	type ReflectionKind
} from '../db/schema';
import { newId } from '../ids';
import { notify, notifyCurators } from '../notifications';
import type { ExhibitionRow, OwnedStory } from '../access';
import type { Locale } from '../../localized';

/** The longest reflection, in characters (the form and the schema say so too). */
export const REFLECTION_MAX = 1000;
/** The longest name a visitor may sign with. */
export const REFLECTION_NAME_MAX = 80;
/** Reflections one client may send within THROTTLE_WINDOW_MS. */
export const REFLECTION_THROTTLE_MAX = 5;
export const REFLECTION_THROTTLE_WINDOW_MS = 60 * 60 * 1000;
/** Attempts are forgotten after a day (the schema's comment and docs/reflections.md say so). */
const KEEP_MS = 24 * 60 * 60 * 1000;

/** What the throttle keeps of a client's address: its SHA-256, never the address itself. */
export function reflectionClientKey(address: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(address)));
}

/** Whether this client has sent as many reflections as the window allows. */
export async function reflectionThrottled(
	ex: Executor,
	clientKey: string,
	now = new Date()
): Promise<boolean> {
	const [row] = await ex
		.select({ n: count() })
		.from(reflectionAttempts)
		.where(
			and(
				eq(reflectionAttempts.clientKey, clientKey),
				gte(reflectionAttempts.at, new Date(now.getTime() - REFLECTION_THROTTLE_WINDOW_MS))
			)
		);
	return (row?.n ?? 0) >= REFLECTION_THROTTLE_MAX;
}

export interface NewReflection {
	/** The exhibition, as the gate returned it (readReflectionTarget). */
	exhibition: Pick<ExhibitionRow, 'id' | 'initiativeId'>;
	/** A story the gate showed the visitor in that exhibition, or null for the whole exhibition. */
	storyId: string | null;
	kind: ReflectionKind;
	body: string;
	language: Locale;
	authorName: string;
	clientKey: string;
}

/**
 * Records a reflection, pending, with the client's attempt and a notification to each curator,
 * in one transaction; old attempts are pruned. 'throttled' when the client has sent too many
 * (asked again inside the transaction, so two at once cannot both slip through).
 */
export async function sendReflection(
	db: Db,
	r: NewReflection,
	now = new Date()
): Promise<{ ok: true; id: string } | { ok: false; problem: 'throttled' }> {
	return db.transaction(async (tx) => {
		if (await reflectionThrottled(tx, r.clientKey, now))
			return { ok: false, problem: 'throttled' } as const;
		const id = newId();
		await tx.insert(reflections).values({
			id,
			exhibitionId: r.exhibition.id,
			storyId: r.storyId,
			kind: r.kind,
			body: r.body,
			language: r.language,
			authorName: r.authorName,
			createdAt: now
		});
		await tx.insert(reflectionAttempts).values({ clientKey: r.clientKey, at: now });
		await tx
			.delete(reflectionAttempts)
			.where(lt(reflectionAttempts.at, new Date(now.getTime() - KEEP_MS)));
		await notifyCurators(tx, r.exhibition.initiativeId, {
			kind: 'reflection_to_moderate',
			params: { reflectionId: id, exhibitionId: r.exhibition.id }
		});
		return { ok: true, id } as const;
	});
}

/**
 * A curator's decision on a pending reflection of one of the initiative's exhibitions. An
 * approved reflection about a story is told to the story's participant (reflection_approved).
 * 'gone' when there is no such pending reflection (decided already, or another initiative's).
 */
export async function moderateReflection(
	db: Db,
	curatorId: string,
	initiativeId: string,
	reflectionId: string,
	decision: 'approved' | 'rejected',
	now = new Date()
): Promise<'ok' | 'gone'> {
	return db.transaction(async (tx) => {
		const [found] = await tx
			.select({
				id: reflections.id,
				exhibitionId: reflections.exhibitionId,
				storyId: reflections.storyId
			})
			.from(reflections)
			.innerJoin(exhibitions, eq(exhibitions.id, reflections.exhibitionId))
			.where(
				and(
					eq(reflections.id, reflectionId),
					eq(reflections.status, 'pending'),
					eq(exhibitions.initiativeId, initiativeId)
				)
			);
		if (!found) return 'gone';
		await tx
			.update(reflections)
			.set({ status: decision, moderatedBy: curatorId, moderatedAt: now })
			.where(eq(reflections.id, found.id));
		if (decision === 'approved' && found.storyId) {
			const [story] = await tx
				.select({ ownerId: stories.ownerId })
				.from(stories)
				.where(eq(stories.id, found.storyId));
			if (story)
				await notify(tx, {
					userId: story.ownerId,
					kind: 'reflection_approved',
					initiativeId,
					params: {
						reflectionId: found.id,
						exhibitionId: found.exhibitionId,
						storyId: found.storyId
					}
				});
		}
		return 'ok';
	});
}

/** The participant shows an approved reflection under their story, or hides it again. */
export async function showReflection(
	ex: Executor,
	story: OwnedStory,
	reflectionId: string,
	show: boolean,
	now = new Date()
): Promise<boolean> {
	const changed = await ex
		.update(reflections)
		.set({ shownByOwnerAt: show ? now : null, ownerReadAt: now })
		.where(
			and(
				eq(reflections.id, reflectionId),
				eq(reflections.storyId, story.id),
				eq(reflections.status, 'approved')
			)
		)
		.returning({ id: reflections.id });
	return changed.length > 0;
}

/** The participant has seen the approved reflections about their story. */
export async function markReflectionsRead(ex: Executor, story: OwnedStory, now = new Date()) {
	await ex
		.update(reflections)
		.set({ ownerReadAt: now })
		.where(
			and(
				eq(reflections.storyId, story.id),
				eq(reflections.status, 'approved'),
				isNull(reflections.ownerReadAt)
			)
		);
}
