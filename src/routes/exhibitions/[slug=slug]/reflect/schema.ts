import * as v from 'valibot';
import { REFLECTION_KINDS } from '$lib/server/db/schema';
import { REFLECTION_MAX, REFLECTION_NAME_MAX } from '$lib/server/exhibitions/reflections';

// Messages are message keys, shown in the visitor's language by the page (docs/reflections.md).
export const reflectionSchema = v.object({
	kind: v.picklist(REFLECTION_KINDS, 'refl_kind_required'),
	body: v.pipe(
		v.string(),
		v.minLength(1, 'refl_body_required'),
		v.maxLength(REFLECTION_MAX, `refl_too_long?max=${REFLECTION_MAX}`)
	),
	name: v.pipe(
		v.string(),
		v.maxLength(REFLECTION_NAME_MAX, `refl_name_too_long?max=${REFLECTION_NAME_MAX}`)
	)
});
