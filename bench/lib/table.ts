// The table a bench run prints: measured, baseline, ratio, target, pass/fail.
export interface Row {
	name: string;
	measured: string;
	baseline: string;
	ratio: string;
	target: string;
	/** null: informational, no target. */
	pass: boolean | null;
	note?: string;
}

export function formatTable(rows: Row[]): string {
	const head = ['', 'measured', 'baseline', 'ratio', 'target', 'result'];
	const cells = rows.map((r) => [
		r.name,
		r.measured,
		r.baseline,
		r.ratio,
		r.target,
		r.pass === null ? '—' : r.pass ? 'pass' : 'FAIL'
	]);
	const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
	const line = (c: string[]) =>
		c.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
	const notes = rows.filter((r) => r.note).map((r) => `  ${r.name}: ${r.note}`);
	return [
		line(head),
		line(widths.map((w) => '-'.repeat(w))),
		...cells.map(line),
		...(notes.length ? ['', 'notes:', ...notes] : [])
	].join('\n');
}
