// A participant with stories on a running test server, and the HTTP requests they make: raw
// uploads as the photo page sends them, and the story and photo forms as the browser posts them.
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { createStory } from '../../src/lib/server/stories';
import {
	MIGRATIONS,
	giveRole,
	makeUser,
	makeWorld,
	sessionFor
} from '../../tests/fixtures/factories';
import type { RunningServer } from '../../tests/e2e/server';

export interface Participant {
	db: Db;
	close: () => void;
	initiativeId: string;
	userId: string;
	cookie: string;
	newStory: (title?: string) => Promise<string>;
}

/** A participant of a new initiative on the server, signed in (a session like a login's). */
export async function participantOn(server: RunningServer): Promise<Participant> {
	const { db, client } = await openDatabase({
		url: `file:${join(server.dataDir, 'app.db')}`,
		migrationsDir: MIGRATIONS
	});
	const world = await makeWorld(db);
	const user = await makeUser(db);
	await giveRole(db, user, world.initiativeId, 'participant');
	const { token } = await sessionFor(db, user);
	return {
		db,
		close: () => client.close(),
		initiativeId: world.initiativeId,
		userId: user.id,
		cookie: `session=${token}`,
		newStory: (title = 'A story') =>
			createStory(db, user, { initiativeId: world.initiativeId, title, language: 'en' })
	};
}

export interface UploadAnswer {
	status: number;
	problem?: string;
	photoId?: string;
	body: string;
	ms: number;
}

/** Uploads bytes as the photo page does: one raw body, from the site's own origin. */
export async function upload(
	server: RunningServer,
	who: Pick<Participant, 'initiativeId' | 'cookie'>,
	storyId: string,
	data: Buffer,
	headers: Record<string, string> = {}
): Promise<UploadAnswer> {
	const started = Date.now();
	const response = await fetch(
		`${server.url}/participate/${who.initiativeId}/stories/${storyId}/photos/upload`,
		{
			method: 'POST',
			headers: {
				Cookie: who.cookie,
				Origin: server.url,
				'Content-Type': 'application/octet-stream',
				...headers
			},
			body: new Blob([new Uint8Array(data)])
		}
	);
	const body = await response.text();
	let parsed: { problem?: string; photoId?: string } = {};
	try {
		parsed = JSON.parse(body);
	} catch {
		// not JSON: reported as the body itself
	}
	return { status: response.status, ...parsed, body, ms: Date.now() - started };
}

/** Posts a form action as the browser does (same origin, urlencoded): status and redirect. */
export async function submit(
	server: RunningServer,
	who: Pick<Participant, 'cookie'>,
	path: string,
	fields: Record<string, string> | [string, string][]
): Promise<{ status: number; location: string }> {
	const response = await fetch(`${server.url}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			Cookie: who.cookie,
			Origin: server.url,
			// As a browser posts a form: SvelteKit answers other clients with JSON.
			Accept: 'text/html',
			'Content-Type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams(fields).toString()
	});
	await response.arrayBuffer();
	return { status: response.status, location: response.headers.get('location') ?? '' };
}

/** Posts a form action as the browser does (same origin, urlencoded); returns the status. */
export async function postForm(
	server: RunningServer,
	who: Pick<Participant, 'cookie'>,
	path: string,
	fields: Record<string, string> | [string, string][]
): Promise<number> {
	return (await submit(server, who, path, fields)).status;
}

/**
 * Approves a placement request as its page does: asks for the page, and sends back the terms
 * and digest it showed (docs/consent.md), with the photos chosen, anonymous, with no end date.
 */
export async function approveRequest(
	server: RunningServer,
	who: Pick<Participant, 'cookie' | 'initiativeId'>,
	placementId: string,
	photoIds: string[]
): Promise<{ status: number; location: string }> {
	const path = `/participate/${who.initiativeId}/requests/${placementId}`;
	const page = await fetch(`${server.url}${path}`, {
		headers: { Cookie: who.cookie, Accept: 'text/html' }
	});
	const html = await page.text();
	if (page.status !== 200) throw new Error(`request page: HTTP ${page.status}`);
	const terms = /name="terms" value="([A-Za-z0-9_-]+)"/.exec(html)?.[1];
	const digest = /name="digest" value="([^"]+)"/.exec(html)?.[1];
	if (!terms || !digest) throw new Error('request page: no terms shown');
	return submit(server, who, `${path}?/approve`, [
		['terms', terms],
		['digest', digest],
		...photoIds.map((id): [string, string] => ['photoIds', id]),
		['attribution', 'anonymous'],
		['length', 'none']
	]);
}

export const storyPath = (who: Participant, storyId: string) =>
	`/participate/${who.initiativeId}/stories/${storyId}`;

/** Deletes a story through its page's form, as its author confirms it. */
export const deleteStory = (server: RunningServer, who: Participant, storyId: string) =>
	postForm(server, who, `${storyPath(who, storyId)}?/delete`, { confirm: 'yes' });

/**
 * A raw request whose body the caller drips, stalls or cuts: resolves with the status, or
 * with 0 if the connection closed without an answer. `answered()` tells the driver to stop.
 */
export function rawUpload(
	server: RunningServer,
	who: Participant,
	storyId: string,
	headers: Record<string, string>,
	drive: (
		write: (chunk: Buffer) => boolean,
		destroy: () => void,
		answered: () => boolean
	) => Promise<void>
): Promise<{ status: number; body: string; ms: number }> {
	const started = Date.now();
	return new Promise((resolve) => {
		const url = new URL(`${server.url}${storyPath(who, storyId)}/photos/upload`);
		const req = httpRequest(url, {
			method: 'POST',
			headers: {
				Cookie: who.cookie,
				Origin: server.url,
				'Content-Type': 'application/octet-stream',
				...headers
			}
		});
		let done = false;
		let responded = false;
		const finish = (status: number, body = '') => {
			if (done) return;
			done = true;
			resolve({ status, body, ms: Date.now() - started });
		};
		req.on('response', (res) => {
			responded = true;
			let body = '';
			res.on('data', (c: Buffer) => (body += c.toString()));
			res.on('end', () => finish(res.statusCode ?? 0, body));
			res.on('error', () => finish(res.statusCode ?? 0, body));
		});
		// A server that refuses a body may close the connection while it is still being sent:
		// the answer can come just after the write fails.
		req.on('error', () => setTimeout(() => finish(0), 300));
		req.on('close', () => setTimeout(() => finish(0), 300));
		req.flushHeaders();
		void drive(
			(chunk) => (req.destroyed ? false : req.write(chunk)),
			() => req.destroy(),
			() => responded || done
		)
			.catch(() => undefined)
			// Done driving and still no answer: give up (the answer is then 0).
			.finally(() => setTimeout(() => req.destroy(), 1000));
	});
}
