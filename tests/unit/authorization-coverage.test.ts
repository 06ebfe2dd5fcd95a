// Every load, action and endpoint checks who is asking on its first line, with a guard from
// src/lib/server/auth/guards.ts. Pages open to everyone say so with an `// access: public`
// comment and are listed here, so that opening one is a reviewed decision.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROUTES = 'src/routes';
const GUARDS = [
	'requireUser',
	'requireAdmin',
	'requireRole',
	'requireOwnStory',
	'requireOwnPlacement',
	'requireStoryOfOwner',
	'requirePlacementOfOwner'
];
const PUBLIC = [
	'+layout.server.ts',
	'+page.server.ts',
	'account/deleted/+page.server.ts',
	'exhibitions/[slug=slug]/+page.server.ts',
	'exhibitions/[slug=slug]/[story=id]/+page.server.ts',
	'exhibitions/[slug=slug]/print/+page.server.ts',
	'exhibitions/[slug=slug]/reflect/+page.server.ts',
	'exhibitions/[slug=slug]/wall/+page.server.ts',
	'join/[token=token]/+page.server.ts',
	'language/+server.ts',
	'login/+page.server.ts',
	'logout/+server.ts',
	'media/[photo=id]/[version=int]/[file]/+server.ts',
	'release/[token=token]/+page.server.ts',
	'release/[token=token]/photo.jpg/+server.ts',
	'reset/[token=token]/+page.server.ts',
	'setup/[token=token]/+page.server.ts',
	'themes/[theme=id]/+page.server.ts'
];
const HTTP = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'fallback'];

function serverFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return serverFiles(path);
		return /^\+(page\.server|layout\.server|server)\.ts$/.test(name) ? [path] : [];
	});
}

function firstStatementGuards(fn: ts.Node): boolean {
	let body: ts.Node | undefined;
	if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn))
		body = fn.body;
	if (!body) return false;
	const first = ts.isBlock(body) ? body.statements[0] : body;
	if (!first) return false;
	let guarded = false;
	const visit = (node: ts.Node) => {
		if (
			ts.isCallExpression(node) &&
			ts.isIdentifier(node.expression) &&
			GUARDS.includes(node.expression.text)
		)
			guarded = true;
		ts.forEachChild(node, visit);
	};
	visit(first);
	return guarded;
}

/** Unwraps `(async (e) => {...}) satisfies X` and `x as Y`. */
function unwrap(node: ts.Expression): ts.Expression {
	while (
		ts.isSatisfiesExpression(node) ||
		ts.isAsExpression(node) ||
		ts.isParenthesizedExpression(node)
	)
		node = node.expression;
	return node;
}

function handlers(source: ts.SourceFile): { name: string; node: ts.Node }[] {
	const found: { name: string; node: ts.Node }[] = [];
	for (const statement of source.statements) {
		const exported = ts
			.getModifiers(statement as ts.HasModifiers)
			?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
		if (!exported) continue;
		if (ts.isFunctionDeclaration(statement) && statement.name) {
			const name = statement.name.text;
			if (name === 'load' || HTTP.includes(name)) found.push({ name, node: statement });
		}
		if (ts.isVariableStatement(statement)) {
			for (const decl of statement.declarationList.declarations) {
				if (!ts.isIdentifier(decl.name) || !decl.initializer) continue;
				const name = decl.name.text;
				const init = unwrap(decl.initializer);
				if (name === 'load' || HTTP.includes(name)) found.push({ name, node: init });
				if (name === 'actions' && ts.isObjectLiteralExpression(init)) {
					for (const prop of init.properties) {
						if (ts.isPropertyAssignment(prop))
							found.push({
								name: `actions.${prop.name.getText(source)}`,
								node: unwrap(prop.initializer)
							});
						else if (ts.isMethodDeclaration(prop))
							found.push({ name: `actions.${prop.name.getText(source)}`, node: prop });
					}
				}
			}
		}
	}
	return found;
}

describe('authorization coverage', () => {
	const files = serverFiles(ROUTES);

	it('finds the route modules', () => {
		expect(files.length).toBeGreaterThan(10);
	});

	it('every load, action and endpoint starts with a guard, unless the module is public', () => {
		const unguarded: string[] = [];
		const publicFiles: string[] = [];
		for (const file of files) {
			const text = readFileSync(file, 'utf8');
			const rel = relative(ROUTES, file);
			if (/^\/\/ access: public\b/m.test(text)) {
				publicFiles.push(rel);
				continue;
			}
			const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
			for (const handler of handlers(source)) {
				const fn = ts.isMethodDeclaration(handler.node)
					? handler.node.body &&
						ts.factory.createArrowFunction(
							undefined,
							undefined,
							[],
							undefined,
							undefined,
							handler.node.body
						)
					: handler.node;
				if (!fn || !firstStatementGuards(fn)) unguarded.push(`${rel}: ${handler.name}`);
			}
		}
		expect(unguarded).toEqual([]);
		expect(publicFiles.sort()).toEqual([...PUBLIC].sort());
	});
});
