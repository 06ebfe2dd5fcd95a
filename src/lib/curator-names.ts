// Names the curators' pages give to sizes, exhibition states and audiences.
import { m } from '$lib/paraglide/messages';

export type PlacementSize = 'small' | 'medium' | 'large' | 'full';
export type ExhibitionStatus = 'draft' | 'published' | 'archived';
export type Audience = 'public' | 'partners' | 'working_group';

export function sizeName(size: PlacementSize): string {
	return {
		small: m.builder_size_small,
		medium: m.builder_size_medium,
		large: m.builder_size_large,
		full: m.builder_size_full
	}[size]();
}

export function exhibitionStatusName(status: ExhibitionStatus): string {
	return {
		draft: m.builder_status_draft,
		published: m.builder_status_published,
		archived: m.builder_status_archived
	}[status]();
}

/** The audience in a word or two, for lists and badges. */
export function audienceShortName(audience: Audience): string {
	return {
		public: m.builder_audience_name_public,
		partners: m.builder_audience_name_partners,
		working_group: m.builder_audience_name_working_group
	}[audience]();
}
