import type { ParamMatcher } from '@sveltejs/kit';

export const match = ((param: string) =>
	/^[a-z0-9][a-z0-9-]{1,80}$/.test(param)) satisfies ParamMatcher;
