import { m } from '$lib/paraglide/messages';

// The names of a response's kinds, statuses and answers, in the reader's language
// (docs/knowledge-returns.md).
export type ResponseKindName = 'insight' | 'decision' | 'action';
export type ResponseStatusName = 'noted' | 'discussed' | 'acted_on' | 'not_taken_forward';
export type AnswerKindName = 'thanks' | 'addition' | 'disagreement';

export const RESPONSE_KIND_NAMES: ResponseKindName[] = ['insight', 'decision', 'action'];
export const RESPONSE_STATUS_NAMES: ResponseStatusName[] = [
	'noted',
	'discussed',
	'acted_on',
	'not_taken_forward'
];
export const ANSWER_KIND_NAMES: AnswerKindName[] = ['thanks', 'addition', 'disagreement'];

export function responseKindName(kind: ResponseKindName): string {
	return {
		insight: m.resp_kind_insight,
		decision: m.resp_kind_decision,
		action: m.resp_kind_action
	}[kind]();
}

export function responseStatusName(status: ResponseStatusName): string {
	return {
		noted: m.resp_status_noted,
		discussed: m.resp_status_discussed,
		acted_on: m.resp_status_acted_on,
		not_taken_forward: m.resp_status_not_taken_forward
	}[status]();
}

export function answerKindName(kind: AnswerKindName): string {
	return {
		thanks: m.resp_answer_thanks,
		addition: m.resp_answer_addition,
		disagreement: m.resp_answer_disagreement
	}[kind]();
}
