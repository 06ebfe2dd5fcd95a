// The walk through a story's photos with the five SHOWeD questions (docs/guide.md): where
// "next", "back" and "skip this photo" lead from a question about a photo. Pure, so that the
// pages and the tests agree on it.

export const QUESTION_COUNT = 5;

/** A question about a photo (index in the story's order, question 1..QUESTION_COUNT), or the end. */
export type GuidePlace = { photo: number; step: number } | 'done';

/** The question number a `?step=` value names; the first one for anything else. */
export function stepOf(value: string | null | undefined): number {
	const n = Number(value);
	return Number.isInteger(n) && n >= 1 && n <= QUESTION_COUNT ? n : 1;
}

export function nextPlace(photo: number, step: number, photos: number): GuidePlace {
	if (step < QUESTION_COUNT) return { photo, step: step + 1 };
	return photo + 1 < photos ? { photo: photo + 1, step: 1 } : 'done';
}

export function previousPlace(photo: number, step: number): GuidePlace {
	if (step > 1) return { photo, step: step - 1 };
	return photo > 0 ? { photo: photo - 1, step: QUESTION_COUNT } : { photo, step: 1 };
}

/** Skipping a photo: the first question about the next one, or the end. */
export function skipPhoto(photo: number, photos: number): GuidePlace {
	return photo + 1 < photos ? { photo: photo + 1, step: 1 } : 'done';
}

/** The address of a place, under the story's guide (`.../stories/<id>/guide`). */
export function placeUrl(guide: string, place: GuidePlace, photoIds: string[]): string {
	if (place === 'done') return `${guide}?finished=1#answers`;
	return `${guide}/${photoIds[place.photo]}?step=${place.step}`;
}
