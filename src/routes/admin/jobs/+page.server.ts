import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { listJobsForAdmin, retryJob } from '$lib/server/jobs';
import { wakeJobs } from '$lib/server/media/photos';
import { audit } from '$lib/server/audit';
import { field } from '$lib/server/forms';

export const load = (async (event) => {
	requireAdmin(event);
	const jobs = await listJobsForAdmin(db());
	return {
		// Payloads hold ids and storage keys: admins see the kind and the error, not the contents.
		jobs: jobs.map((j) => ({
			id: j.id,
			kind: j.kind,
			status: j.status,
			attempts: j.attempts,
			runAt: j.runAt,
			lastError: j.lastError,
			createdAt: j.createdAt
		}))
	};
}) satisfies PageServerLoad;

export const actions = {
	retry: async (event) => {
		const admin = requireAdmin(event);
		const jobId = field(await event.request.formData(), 'jobId');
		const retried = await db().transaction(async (tx) => {
			const ok = await retryJob(tx, jobId);
			if (ok) await audit(tx, { actorId: admin.id, action: 'job.retried', details: { jobId } });
			return ok;
		});
		if (!retried) error(404);
		wakeJobs();
		return { retried: true };
	}
} satisfies Actions;
