import { m } from '$lib/paraglide/messages';

export function audienceName(audience: 'public' | 'partners' | 'working_group'): string {
	return {
		public: m.audience_public,
		partners: m.audience_partners,
		working_group: m.audience_working_group
	}[audience]();
}
