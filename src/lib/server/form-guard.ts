// Bounded cost for every form, before any work (docs/safety.md, "Forms"): checked in the
// hooks, before the session is looked up and long before a password is hashed.
//
// - A request body (other than a photo upload, which has its own limit and streams to disk)
//   must say its size, and be at most FORM_BODY_MAX: a 20 MB "username" is refused from its
//   Content-Length header, unread. (adapter-node makes a body keep to its Content-Length.)
// - In a form, no field may be longer than FIELD_MAX characters (the longest field is a story's
//   narrative) nor carry a control character other than tab and line ends. Each form checks
//   its own fields' limits as well, with the message beside the field; this is the floor
//   under all of them, for fields and forms that are not typed into a browser.
import { hasForbiddenControl } from './text';
import { NARRATIVE_MAX } from './stories';

export const FORM_BODY_MAX = 1024 * 1024;
export const FIELD_MAX = NARRATIVE_MAX;

/** Fields whose every character counts: never checked for characters, only for length. */
const SECRET_FIELDS = new Set(['password', 'passwordConfirm', 'current']);

export type FormRefusal =
	| { status: 411; key: 'form_length_required' }
	| { status: 413; key: 'form_too_large'; max: number }
	| { status: 413; key: 'form_field_too_long'; max: number }
	| { status: 400; key: 'form_control_chars' };

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** Checks the size a request says it has; reads nothing. */
export function refuseBySize(request: Request): FormRefusal | null {
	const length = request.headers.get('content-length');
	if (length === null) {
		// No length: fine without a body; a streamed body of unknown size is refused.
		return request.headers.has('transfer-encoding')
			? { status: 411, key: 'form_length_required' }
			: null;
	}
	const bytes = Number(length);
	if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes > FORM_BODY_MAX)
		return { status: 413, key: 'form_too_large', max: FORM_BODY_MAX / 1024 };
	return null;
}

export function isForm(request: Request): boolean {
	const type = (request.headers.get('content-type') ?? '').toLowerCase();
	return FORM_TYPES.some((t) => type.startsWith(t));
}

/** Checks every field of a (size-checked) form. Reads a copy: the action reads the original. */
export async function refuseByFields(request: Request): Promise<FormRefusal | null> {
	let form: FormData;
	try {
		form = await request.clone().formData();
	} catch {
		return null; // not parseable: the action answers as it always did
	}
	for (const [name, value] of form) {
		if (typeof value !== 'string') continue;
		if (value.length > FIELD_MAX)
			return { status: 413, key: 'form_field_too_long', max: FIELD_MAX };
		if (!SECRET_FIELDS.has(name) && hasForbiddenControl(value))
			return { status: 400, key: 'form_control_chars' };
	}
	return null;
}
