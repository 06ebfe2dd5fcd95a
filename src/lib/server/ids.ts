import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { sha256 } from '@oslojs/crypto/sha2';

/** 80 random bits: ids are not secrets, only unique and unguessable enough to not enumerate. */
export function newId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(10));
	return encodeBase32LowerCaseNoPadding(bytes);
}

export const ID_PATTERN = /^[a-z2-7]{16}$/;

/** 160 random bits, for session tokens and one-time links. */
export function newToken(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(20));
	return encodeBase32LowerCaseNoPadding(bytes);
}

export const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

/** What is stored in place of a token: its SHA-256, hex. */
export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
