import { describe, expect, it } from 'vitest';
import {
	checkText,
	cleanText,
	mixesScripts,
	skeleton,
	textProblem
} from '../../src/lib/server/text';
import { readTextFields } from '../../src/lib/server/forms';
import { FORM_BODY_MAX, refuseByFields, refuseBySize } from '../../src/lib/server/form-guard';
import { checkNewAccount } from '../../src/lib/server/auth/accounts';
import { loginFieldProblems } from '../../src/lib/server/auth/account-form';
import { message } from '../../src/lib/i18n';
import { makeUser, testDb } from '../fixtures/factories';

const RLO = '\u202e';
const LRE = '\u202a';
const PDF = '\u202c';

describe('text people type', () => {
	it('keeps Hebrew, Arabic and English mixed, with the isolates and marks people use', () => {
		for (const text of [
			'ספסל ליד הדואר (bench) 2024',
			'مفتاح البيت — the house key',
			'שם: \u2067دانة\u2069 ו-Noa',
			'עברית\u200f English',
			'👩\u200d👩\u200d👧 family',
			'می\u200cخواهم'
		]) {
			expect(cleanText(text)).toBe(text);
			expect(textProblem(text)).toBeNull();
		}
	});

	it('removes bidi overrides and embeddings, and zero-width disguises, from names and titles', () => {
		expect(cleanText(`Invoice${RLO}fdp.exe`)).toBe('Invoicefdp.exe');
		expect(cleanText(`${LRE}שלום${PDF}`)).toBe('שלום');
		expect(cleanText('ad\u200bmin\ufeff\u2060')).toBe('admin');
	});

	it('refuses NUL and other control characters; tab and newline only in multi-line text', () => {
		for (const bad of [
			'a\u0000b',
			'bell\u0007',
			'esc\u001b[31m',
			'c1\u0085',
			'del\u007f',
			'\ud800x'
		])
			for (const kind of ['line', 'text'] as const)
				expect(textProblem(bad, kind), JSON.stringify(bad)).toBe('text_control_chars');
		expect(textProblem('two\nlines\tand a tab', 'text')).toBeNull();
		expect(textProblem('one\tline', 'line')).toBe('text_control_chars');
		expect(textProblem('one\nline', 'line')).toBe('text_control_chars');
		expect(cleanText('a\r\nb\rc', 'text')).toBe('a\nb\nc');
	});

	it('says the limit instead of cutting: a 5,000-character exhibition title', () => {
		const form = new FormData();
		form.set('title_en', 'T'.repeat(5000));
		form.set('description_he', 'תיאור קצר');
		const read = readTextFields(form);
		expect(read.error).toBe('text_title_too_long?max=200');
		expect(read.values.title.en).toHaveLength(5000);
		expect(message(read.error!)).toMatch(/200/);
		const long = new FormData();
		long.set('title_he', 'כותרת');
		long.set('description_ar', 'ن'.repeat(4001));
		expect(readTextFields(long).error).toBe('text_description_too_long?max=4000');
		expect(checkText('  fine  ', { max: 10 })).toEqual({ value: 'fine' });
	});

	it('states every new limit in Hebrew, Arabic and English', async () => {
		const { setLocale } = await import('../../src/lib/paraglide/runtime');
		for (const locale of ['he', 'ar', 'en'] as const) {
			await setLocale(locale, { reload: false });
			expect(message('text_too_long?max=200')).toContain('200');
			expect(message('username_too_long?max=32')).toContain('32');
			expect(message('text_control_chars')).not.toBe('text_control_chars');
		}
	});
});

describe('forms, before any work', () => {
	const post = (headers: Record<string, string>, body?: BodyInit) =>
		new Request('http://localhost/login', { method: 'POST', headers, body });

	it('refuse a body over the limit from its Content-Length, and a body of unknown length', () => {
		expect(refuseBySize(post({ 'content-length': String(20 * 1024 * 1024) }))).toMatchObject({
			status: 413,
			key: 'form_too_large'
		});
		expect(refuseBySize(post({ 'content-length': String(FORM_BODY_MAX) }))).toBeNull();
		expect(refuseBySize(post({ 'transfer-encoding': 'chunked' }))).toMatchObject({ status: 411 });
	});

	it('refuse a field with NUL (which once cut the text short) or one longer than any field', async () => {
		const form = (fields: Record<string, string>) =>
			post(
				{ 'content-type': 'application/x-www-form-urlencoded' },
				new URLSearchParams(fields).toString()
			);
		expect(await refuseByFields(form({ title: 'before\u0000after' }))).toMatchObject({
			status: 400,
			key: 'form_control_chars'
		});
		expect(await refuseByFields(form({ narrative: 'x'.repeat(20_001) }))).toMatchObject({
			status: 413,
			key: 'form_field_too_long'
		});
		expect(await refuseByFields(form({ narrative: 'two\r\nlines\tok', title: 'שלום' }))).toBeNull();
		// A password is only measured: its characters are its owner's.
		expect(await refuseByFields(form({ password: 'tab\there' }))).toBeNull();
	});

	it('check the login fields’ length before anything else', () => {
		expect(loginFieldProblems('u'.repeat(33), 'p')).toEqual({
			username: 'username_too_long?max=32'
		});
		expect(loginFieldProblems('miriam', 'p'.repeat(201))).toEqual({
			password: 'password_too_long'
		});
		expect(loginFieldProblems('miriam', 'a fine passphrase')).toBeUndefined();
	});
});

describe('usernames', () => {
	it('are written in one script', () => {
		for (const name of [
			'admin',
			'miriam_k',
			'דנה.כהן',
			'دانة-1',
			'user123',
			'ユーザー太郎',
			'Ἀθηνᾶ'
		])
			expect(mixesScripts(name), name).toBe(false);
		for (const name of ['аdmin', 'dana_דנה', 'noaنور', 'pаypal'])
			expect(mixesScripts(name), name).toBe(true);
	});

	it('that look like someone else’s are refused (Unicode skeleton)', async () => {
		expect(skeleton('admın')).toBe(skeleton('admin'));
		expect(skeleton('adrnin')).toBe(skeleton('admin'));
		const db = await testDb();
		await makeUser(db, { username: 'admin' });
		await makeUser(db, { username: 'שרה' });
		const problemOf = async (username: string) =>
			(await checkNewAccount(db, { username, password: 'a long enough passphrase' })).username;
		expect(await problemOf('admın')).toBe('username_confusable');
		expect(await problemOf('adrnin')).toBe('username_confusable');
		expect(await problemOf('ADMIN')).toBe('username_taken');
		expect(await problemOf('аdmin')).toBe('username_mixed_scripts');
		expect(await problemOf('a'.repeat(40))).toBe('username_too_long?max=32');
		expect(await problemOf('administrator')).toBeUndefined();
		expect(await problemOf('שרית')).toBeUndefined();
	});
});
