import type { ParamMatcher } from '@sveltejs/kit';

export const match = ((param: string) => /^[a-z2-7]{16}$/.test(param)) satisfies ParamMatcher;
