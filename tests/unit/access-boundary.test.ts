// The one gate is the only way in (DESIGN.md, "The one gate"): no route and no server module
// reads stories, photos or their derivatives except through src/lib/server/access. This test
// parses every module under src/routes and src/lib (TypeScript, and the <script> blocks of
// Svelte components) and fails on any use of the story, photo, derivative, placement or
// consent tables outside the modules allowed to touch them:
//   - imports of the table objects from the schema module (named, aliased, default, `export
//     … from`, dynamic `import()`, `require`), and `import * as schema` followed by
//     `schema.stories`, `schema['stories']` or the namespace passed on whole;
//   - drizzle's relational API (`db.query.stories…`), which needs no import at all;
//   - raw SQL naming the tables: in `sql` templates, `sql.raw`/`sql.identifier`/`execute`
//     arguments, or any string that reads like SQL (`FROM stories`, `JOIN photos`…).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** The table objects (as exported by the schema module) that only the allowed modules use. */
const TABLES = [
	'stories',
	'photos',
	'photoDerivatives',
	'placements',
	'consentEvents',
	// Visitors' reflections: read through access/reflections.ts, written by
	// exhibitions/reflections.ts (docs/reflections.md).
	'reflections',
	// Working groups' responses (docs/knowledge-returns.md): read through the response gate.
	'responses',
	'responseEntries',
	'responseAnswers',
	// A curator's content-note suggestion, for its story's owner only (docs/content-notes.md):
	// read and written in stories/content-notes.ts.
	'contentNoteSuggestions',
	// The people marked in photos and their releases (docs/releases.md): written in releases/,
	// and the gate picks the variant to serve from them (access/index.ts, media/views.ts).
	'photoPeople'
];
/** Their names in SQL. */
const SQL_TABLES = [
	'stories',
	'photos',
	'photo_derivatives',
	'placements',
	'consent_events',
	'reflections',
	'responses',
	'response_entries',
	'response_answers',
	'content_note_suggestions',
	'photo_people'
];

/** Where the tables may be used: the gate (reads), the write modules, the schema itself. */
const ALLOWED = [
	'src/lib/server/access/',
	'src/lib/server/stories/',
	'src/lib/server/consent/',
	'src/lib/server/exhibitions/',
	'src/lib/server/media/',
	'src/lib/server/responses/',
	// Marks and releases: the owner's own photo (the caller holds it from the gate), and the
	// release page, guarded by the link's secret (docs/releases.md).
	'src/lib/server/releases/',
	'src/lib/server/db/'
];

const ROOTS = ['src/routes', 'src/lib'];
/** Besides the two roots: the hooks and param matchers run on every request too. */
const EXTRA_DIRS = ['src', 'src/params'];
const SKIP = ['src/lib/paraglide'];
const SOURCE = /\.(ts|js|svelte)$/;

interface Finding {
	file: string;
	line: number;
	what: string;
}

function walk(dir: string, recurse = true): string[] {
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return [];
	}
	return names.flatMap((name) => {
		const path = posix.join(dir, name);
		if (SKIP.some((s) => path === s || path.startsWith(`${s}/`))) return [];
		const stat = statSync(path);
		if (stat.isDirectory()) return recurse ? walk(path) : [];
		return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
	});
}

function sourceFiles(): string[] {
	const files = [
		...ROOTS.flatMap((root) => walk(root)),
		...EXTRA_DIRS.flatMap((dir) => walk(dir, false))
	];
	return [...new Set(files)].sort();
}

/** The script of a module: TypeScript as is; for Svelte, its <script> blocks in place. */
function scriptOf(file: string, text: string): string {
	if (!file.endsWith('.svelte')) return text;
	// Everything outside <script> blocks becomes blank (newlines kept, so lines still match).
	let out = '';
	let last = 0;
	for (const match of text.matchAll(/(<script\b[^>]*>)([\s\S]*?)<\/script>/g)) {
		const start = (match.index ?? 0) + (match[1] ?? '').length;
		out += text.slice(last, start).replace(/[^\n]/g, ' ');
		out += match[2] ?? '';
		last = start + (match[2] ?? '').length;
	}
	return out + text.slice(last).replace(/[^\n]/g, ' ');
}

/** Whether an import path names the schema module, from the module at `file`. */
function isSchemaModule(specifier: string, file: string): boolean {
	const bare = specifier.replace(/\.(ts|js)$/, '');
	if (bare === '$lib/server/db/schema') return true;
	if (bare.startsWith('.')) {
		const resolved = posix.normalize(posix.join(posix.dirname(file), bare));
		if (resolved === 'src/lib/server/db/schema') return true;
	}
	return /(^|\/)db\/schema$/.test(bare);
}

const KEYWORD_SQL = new RegExp(
	String.raw`\b(?:from|join|into|update|table|exists)\s*\(?\s*[\x60"'\[]?(?:main\.)?(?:${SQL_TABLES.join('|')})\b`,
	'i'
);
const ANY_TABLE_NAME = new RegExp(String.raw`\b(?:${SQL_TABLES.join('|')})\b`, 'i');
/** Calls whose string arguments are SQL or SQL names: sql.raw/identifier, a database's or a
 * client's run/all/get/values/execute, a table definition. */
const SQL_CALLS =
	/^(sql\.(raw|identifier)|sqliteTable|(.*\.)?(db|db\(\)|tx|ex|client|\$client)\.(run|all|get|values|execute|executeMultiple|batch))$/;

function calleeText(call: ts.CallExpression, source: ts.SourceFile): string {
	return call.expression.getText(source).replace(/\s+/g, '');
}

const isConcatenation = (node: ts.Node): node is ts.BinaryExpression =>
	ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken;

/**
 * The literal text of a string, a template (substitutions as `${…}`) or a concatenation with
 * at least one string in it (other operands as `${…}`).
 */
function literalText(node: ts.Node): string | undefined {
	if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
	if (ts.isTemplateExpression(node))
		return node.head.text + node.templateSpans.map((s) => '${…}' + s.literal.text).join('');
	if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
	if (isConcatenation(node)) {
		const left = literalText(node.left);
		const right = literalText(node.right);
		if (left === undefined && right === undefined) return undefined;
		return (left ?? '${…}') + (right ?? '${…}');
	}
	return undefined;
}

/** Every use of the guarded tables in one module, wherever it is (the caller decides). */
function scanModule(file: string, text: string): Finding[] {
	const source = ts.createSourceFile(
		file,
		scriptOf(file, text),
		ts.ScriptTarget.Latest,
		true,
		file.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS
	);
	const findings: Finding[] = [];
	const add = (node: ts.Node, what: string) =>
		findings.push({
			file,
			line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
			what
		});
	const statementText = (node: ts.Node) => node.getText(source).replace(/\s+/g, ' ').trim();
	const namespaces = new Set<string>();

	// Imports and re-exports of the schema module.
	for (const statement of source.statements) {
		if (
			ts.isImportDeclaration(statement) &&
			ts.isStringLiteral(statement.moduleSpecifier) &&
			isSchemaModule(statement.moduleSpecifier.text, file)
		) {
			const clause = statement.importClause;
			if (!clause) continue;
			if (clause.name) add(statement, `default import of the schema: ${statementText(statement)}`);
			const bindings = clause.namedBindings;
			if (bindings && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
			if (bindings && ts.isNamedImports(bindings)) {
				for (const element of bindings.elements) {
					const imported = (element.propertyName ?? element.name).text;
					if (TABLES.includes(imported))
						add(element, `imports \`${imported}\`: ${statementText(statement)}`);
				}
			}
		}
		if (
			ts.isExportDeclaration(statement) &&
			statement.moduleSpecifier &&
			ts.isStringLiteral(statement.moduleSpecifier) &&
			isSchemaModule(statement.moduleSpecifier.text, file)
		) {
			const clause = statement.exportClause;
			if (!clause || ts.isNamespaceExport(clause))
				add(statement, `re-exports the schema: ${statementText(statement)}`);
			else
				for (const element of clause.elements) {
					const exported = (element.propertyName ?? element.name).text;
					if (TABLES.includes(exported))
						add(element, `re-exports \`${exported}\`: ${statementText(statement)}`);
				}
		}
	}

	const visit = (node: ts.Node) => {
		// import('…/db/schema'), require('…/db/schema')
		if (ts.isCallExpression(node)) {
			const [arg] = node.arguments;
			const dynamic =
				node.expression.kind === ts.SyntaxKind.ImportKeyword ||
				(ts.isIdentifier(node.expression) && node.expression.text === 'require');
			if (dynamic && arg && ts.isStringLiteralLike(arg) && isSchemaModule(arg.text, file))
				add(node, `loads the schema: ${statementText(node)}`);
			// Strings handed to SQL-running or SQL-naming calls: any table name counts.
			if (SQL_CALLS.test(calleeText(node, source))) {
				for (const a of node.arguments) {
					const text = literalText(a);
					if (text !== undefined && ANY_TABLE_NAME.test(text) && !KEYWORD_SQL.test(text))
						add(a, `raw SQL names a table: ${calleeText(node, source)}(${statementText(a)})`);
				}
			}
		}
		// schema.stories, schema['stories'], and the namespace handed on whole.
		if (ts.isIdentifier(node) && namespaces.has(node.text)) {
			const parent = node.parent;
			const isImport = ts.isNamespaceImport(parent);
			if (!isImport) {
				if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
					if (TABLES.includes(parent.name.text)) add(parent, `uses \`${parent.getText(source)}\``);
				} else if (ts.isElementAccessExpression(parent) && parent.expression === node) {
					const key = parent.argumentExpression;
					if (!ts.isStringLiteralLike(key) || TABLES.includes(key.text))
						add(parent, `uses \`${parent.getText(source)}\``);
				} else if (!(ts.isQualifiedName(parent) && parent.left === node)) {
					add(
						node,
						`hands on the whole schema namespace \`${node.text}\`: ${statementText(parent)}`
					);
				} else if (TABLES.includes(parent.right.text)) {
					add(parent, `uses \`${parent.getText(source)}\``);
				}
			}
		}
		// The relational query API: db.query.stories.findMany(…), db.query['photos']…
		if (
			(ts.isPropertyAccessExpression(node) &&
				TABLES.includes(node.name.text) &&
				ts.isPropertyAccessExpression(node.expression) &&
				node.expression.name.text === 'query') ||
			(ts.isElementAccessExpression(node) &&
				ts.isStringLiteralLike(node.argumentExpression) &&
				TABLES.includes(node.argumentExpression.text) &&
				ts.isPropertyAccessExpression(node.expression) &&
				node.expression.name.text === 'query')
		)
			add(node, `relational query \`${node.getText(source)}\``);
		// SQL in strings, templates (tagged or not) and concatenations (whole ones only).
		const text =
			node.parent && (isConcatenation(node.parent) || ts.isParenthesizedExpression(node.parent))
				? undefined
				: literalText(node);
		if (text !== undefined && KEYWORD_SQL.test(text))
			add(node, `raw SQL: ${statementText(node).slice(0, 120)}`);
		if (
			ts.isTaggedTemplateExpression(node) &&
			/(^|\.)sql$/.test(node.tag.getText(source)) &&
			!KEYWORD_SQL.test(literalText(node.template) ?? '') &&
			ANY_TABLE_NAME.test(literalText(node.template) ?? '')
		)
			add(node, `raw SQL names a table: ${statementText(node).slice(0, 120)}`);
		ts.forEachChild(node, visit);
	};
	visit(source);
	return findings;
}

const allowed = (file: string) => ALLOWED.some((prefix) => file.startsWith(prefix));
const show = (f: Finding) => `${f.file}:${f.line}: ${f.what}`;

describe('the one gate is the only way in', () => {
	const files = sourceFiles();
	const findings = files.flatMap((file) => scanModule(file, readFileSync(file, 'utf8')));

	it('finds the modules and the known legitimate users of the tables', () => {
		expect(files.filter((f) => f.startsWith('src/routes/')).length).toBeGreaterThan(20);
		expect(files.some((f) => f.endsWith('.svelte'))).toBe(true);
		expect(files.some((f) => f.startsWith('src/lib/paraglide/'))).toBe(false);
		const of = (file: string) => findings.filter((f) => f.file === file).map((f) => f.what);
		const gate = of('src/lib/server/access/index.ts');
		for (const table of ['stories', 'photos', 'photoDerivatives', 'placements'])
			expect(gate.some((w) => w.startsWith(`imports \`${table}\``))).toBe(true);
		expect(of('src/lib/server/consent/index.ts').some((w) => w.includes('`consentEvents`'))).toBe(
			true
		);
		// The drizzle instance is given the whole schema; the schema names its tables in SQL.
		expect(of('src/lib/server/db/index.ts').some((w) => w.includes('whole schema'))).toBe(true);
		expect(of('src/lib/server/db/schema.ts').some((w) => w.includes("sqliteTable('stories'"))).toBe(
			true
		);
	});

	it('no route or other module touches the story, photo, placement or consent tables', () => {
		const offending = findings.filter((f) => !allowed(f.file)).map(show);
		expect(
			offending,
			`Read stories, photos and derivatives through src/lib/server/access (and change them ` +
				`through stories/, consent/, exhibitions/, media/). Offending:\n${offending.join('\n')}`
		).toEqual([]);
	});

	it('the allowed modules do not hand the tables on to others', () => {
		const leaks = findings
			.filter((f) => allowed(f.file) && !f.file.startsWith('src/lib/server/db/'))
			.filter((f) => /^re-exports|^hands on/.test(f.what))
			.map(show);
		expect(leaks).toEqual([]);
	});
});

describe('the boundary scanner', () => {
	const route = 'src/routes/somewhere/+page.server.ts';
	const whats = (text: string, file = route) => scanModule(file, text).map((f) => f.what);

	it('catches every way of reaching the tables', () => {
		const cases: [string, string][] = [
			[`import { stories } from '$lib/server/db/schema';`, 'imports `stories`'],
			[`import { photos as p } from '$lib/server/db/schema.js';`, 'imports `photos`'],
			[`import { type photoDerivatives } from '$lib/server/db/schema';`, 'imports'],
			[`import { placements } from '../../lib/server/db/schema';`, 'imports `placements`'],
			[`import { consentEvents } from '../db/schema';`, 'imports `consentEvents`'],
			[`import * as schema from '$lib/server/db/schema';\nschema.stories;`, 'schema.stories'],
			[`import * as s from '$lib/server/db/schema';\ns['photos'];`, "s['photos']"],
			[`import * as s from '$lib/server/db/schema';\nconst { stories } = s;`, 'whole schema'],
			[`export { photos } from '$lib/server/db/schema';`, 're-exports `photos`'],
			[`export * from '$lib/server/db/schema';`, 're-exports the schema'],
			[`const m = await import('$lib/server/db/schema');`, 'loads the schema'],
			[`db().query.stories.findMany();`, 'relational query'],
			[`db.query['photoDerivatives'].findFirst();`, 'relational query'],
			[`db.run(sql\`SELECT * FROM stories WHERE id = \${id}\`);`, 'raw SQL'],
			[`client.execute('select id from photo_derivatives');`, 'raw SQL'],
			[`db.run(sql.raw('DELETE FROM ' + 'stories'));`, 'raw SQL'],
			[`const q = 'SELECT * FROM ' + table + ' JOIN photo_derivatives d';`, 'raw SQL'],
			[`const q = \`DELETE FROM "photos" WHERE story_id = \${id}\`;`, 'raw SQL'],
			[`sql\`\${sql.identifier('stories')}\`;`, 'raw SQL names a table'],
			[`sql\`stories.owner_id = \${id}\`;`, 'raw SQL names a table'],
			[`const t = sqliteTable('photos', {});`, 'raw SQL names a table']
		];
		for (const [text, expected] of cases) expect(whats(text).join(' | '), text).toContain(expected);
	});

	it('reads the scripts of Svelte components, at their lines', () => {
		const component = `<script lang="ts">\n\timport { stories } from '$lib/server/db/schema';\n</script>\n\n<p>{'from stories'}</p>\n`;
		const found = scanModule('src/routes/x/+page.svelte', component);
		expect(found.map((f) => [f.line, f.what.split(':')[0]])).toEqual([[2, 'imports `stories`']]);
	});

	it('leaves ordinary code alone', () => {
		const benign = [
			`import { ATTRIBUTIONS, type Attribution, type DerivativeKind } from '$lib/server/db/schema';`,
			`import { readStory, readPhotos } from '$lib/server/access';`,
			`redirect(303, \`/participate/\${id}/stories/\${story}/photos\`);`,
			`const stories = await listOwnStories(db(), user, id); stories.map((s) => s.photos);`,
			`const label = 'Photos from the exhibition';`,
			`const placements = data.placements;`,
			`const files = form.getAll('photos'); url.searchParams.get('stories');`
		];
		for (const text of benign) expect(whats(text), text).toEqual([]);
	});
});
