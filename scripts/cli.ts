// Command-line tasks for whoever runs the instance: `npm run cli -- <command>`.
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db';
import { checkNewAccount, insertUser } from '../src/lib/server/auth/accounts';
import { hashPassword } from '../src/lib/server/auth/password';
import { issueSetupToken } from '../src/lib/server/auth/setup';
import { audit } from '../src/lib/server/audit';
import { BackupError, backup, restore } from '../src/lib/server/db/backup';

const HELP = `Usage: npm run cli -- <command> [options]

Commands:
  admin:create   Create an admin account.
                   --username NAME       (asked for when missing)
                   --display-name NAME   (optional)
                   --password-stdin      read the password from standard input
                                         (otherwise it is asked for, without echo)
  setup:link     Print a new one-time setup link, while no admin exists.
  backup DIR     Make a consistent backup of the database and the media it names into DIR
                 (new or empty), while the server runs or not.
  restore DIR    Restore the backup in DIR into DATA_DIR, which must be empty; re-applies
                 every erasure of the erasure log (docs/data-lifecycle.md).
                   --erasure-log FILE    an erasure log to re-apply (repeatable); the
                                         ERASURE_LOG setting's file is read too when it exists
                   --no-erasure-log      the log is lost: re-apply only the backup's own
  help           Show this text.

Settings come from the environment, as for the server: DATA_DIR, DATABASE_URL, ERASURE_LOG,
ORIGIN, PORT.`;

function option(args: string[], name: string): string | undefined {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : undefined;
}

async function ask(question: string, hidden = false): Promise<string> {
	let muted = false;
	const output = new Writable({
		write(chunk, _encoding, callback) {
			if (!muted) process.stdout.write(chunk);
			callback();
		}
	});
	const rl = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY });
	return new Promise((resolve) => {
		rl.question(question, (answer) => {
			rl.close();
			if (hidden) process.stdout.write('\n');
			resolve(answer);
		});
		muted = hidden;
	});
}

async function readStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks)
		.toString('utf8')
		.replace(/\r?\n$/, '');
}

async function open() {
	const config = loadConfig();
	return openDatabase({
		url: config.databaseUrl,
		authToken: config.databaseAuthToken,
		migrationsDir: config.migrationsDir
	});
}

async function adminCreate(args: string[]): Promise<number> {
	const username = option(args, '--username') ?? (await ask('Username: '));
	const displayName = option(args, '--display-name') ?? '';
	let password: string;
	if (args.includes('--password-stdin')) {
		password = await readStdin();
	} else {
		password = await ask('Password (at least 10 characters): ', true);
		const again = await ask('Password again: ', true);
		if (again !== password) {
			console.error('The two passwords are not the same.');
			return 1;
		}
	}
	const { client, db } = await open();
	try {
		const errors = await checkNewAccount(db, { username, password, displayName });
		const problems = Object.entries(errors).filter(([, v]) => v);
		if (problems.length > 0) {
			const english = JSON.parse(readFileSync('messages/en.json', 'utf8')) as Record<
				string,
				string
			>;
			for (const [fieldName, problem] of problems)
				console.error(`${fieldName}: ${english[problem as string] ?? problem}`);
			return 1;
		}
		const passwordHash = await hashPassword(password);
		const user = await db.transaction(async (tx) => {
			const created = await insertUser(tx, { username, displayName, passwordHash, isAdmin: true });
			await audit(tx, { actorId: null, action: 'cli.admin_created', targetUserId: created.id });
			return created;
		});
		console.log(`Admin account "${user.username}" created.`);
		return 0;
	} finally {
		client.close();
	}
}

async function setupLink(): Promise<number> {
	const { client, db } = await open();
	try {
		const token = await issueSetupToken(db);
		if (!token) {
			console.error('An admin exists already; setup links are only for an instance without one.');
			return 1;
		}
		const origin = process.env.ORIGIN || `http://localhost:${process.env.PORT || 3000}`;
		console.log(`${origin}/setup/${token}`);
		return 0;
	} finally {
		client.close();
	}
}

function embeddedFile(databaseUrl: string): string | undefined {
	if (!databaseUrl.startsWith('file:')) return undefined;
	return databaseUrl.startsWith('file://')
		? new URL(databaseUrl).pathname
		: databaseUrl.slice('file:'.length).split('?')[0];
}

async function backupCommand(args: string[]): Promise<number> {
	const out = args.find((a) => !a.startsWith('--'));
	if (!out) {
		console.error('Say where the backup goes: npm run cli -- backup DIR');
		return 2;
	}
	const config = loadConfig();
	const databaseFile = embeddedFile(config.databaseUrl);
	if (!databaseFile) {
		console.error(
			'backup works on the embedded database file; a libSQL server has its own backups.'
		);
		return 1;
	}
	const started = Date.now();
	const manifest = await backup({ databaseFile, dataDir: config.dataDir, out });
	const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
	console.log(
		`Backup made in ${out} (${((Date.now() - started) / 1000).toFixed(1)} s): ` +
			`${manifest.accounts} accounts, ${manifest.stories} stories, ${manifest.photos} photos, ` +
			`${manifest.files.length} media files (${(bytes / 1048576).toFixed(1)} MiB), ` +
			`integrity ok, every named file copied` +
			(manifest.attempts > 1
				? ` (${manifest.attempts} snapshots: files were deleted meanwhile)`
				: '') +
			'.'
	);
	console.log(
		`Keep the erasure log (${config.erasureLog}) apart from it: restore needs it to delete again what is deleted after this moment.`
	);
	return 0;
}

async function restoreCommand(args: string[]): Promise<number> {
	const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--erasure-log');
	if (!dir) {
		console.error('Say which backup to restore: npm run cli -- restore DIR');
		return 2;
	}
	const config = loadConfig();
	if (!embeddedFile(config.databaseUrl)) {
		console.error(
			'restore works on the embedded database file; a libSQL server has its own backups.'
		);
		return 1;
	}
	const given = args.flatMap((a, i) => (args[i - 1] === '--erasure-log' ? [a] : []));
	const logs = [...given];
	// The instance's own log, when it is kept outside DATA_DIR (as it should be).
	if (existsSync(config.erasureLog) && !logs.includes(config.erasureLog))
		logs.push(config.erasureLog);
	const report = await restore({
		backupDir: dir,
		dataDir: config.dataDir,
		migrationsDir: config.migrationsDir,
		erasureLogs: args.includes('--no-erasure-log') && logs.length === 0 ? null : logs,
		targetErasureLog: config.erasureLog
	});
	const e = report.erased;
	console.log(`Restored the backup of ${report.backupCreatedAt} into ${config.dataDir}.`);
	console.log(`  Checked: the snapshot's integrity, every media file it names (size and SHA-256).`);
	console.log(
		`  Re-applied ${report.tombstones.snapshot + report.tombstones.logs} tombstones ` +
			`(${report.tombstones.snapshot} from the backup, ${report.tombstones.logs} from ${logs.length} erasure log${logs.length === 1 ? '' : 's'}` +
			(report.tombstones.skippedLines
				? `, ${report.tombstones.skippedLines} unreadable lines skipped`
				: '') +
			`): erased again ${e.stories} stories, ${e.photos} photos, ${e.accounts} accounts and ${e.files} media files that the backup still had.`
	);
	if (args.includes('--no-erasure-log') && logs.length === 0)
		console.log(
			'  WARNING: no erasure log. Whatever was deleted after the backup was made is back; tell the people concerned.'
		);
	console.log(
		`  Ended ${report.ended.sessions} sessions, ${report.ended.resetLinks} reset links and ${report.ended.invitations} open invitations: everyone logs in again, links are issued anew.`
	);
	console.log(
		`  Now: ${report.accounts} accounts, ${report.stories} stories, ${report.photos} photos, ${report.files} media files; integrity ok, every named file present.`
	);
	console.log(`  Erasure log of the restored instance: ${report.erasureLog}`);
	return 0;
}

const [command, ...args] = process.argv.slice(2);
let code: number;
switch (command) {
	case 'admin:create':
		code = await adminCreate(args);
		break;
	case 'setup:link':
		code = await setupLink();
		break;
	case 'backup':
	case 'restore':
		try {
			code = await (command === 'backup' ? backupCommand(args) : restoreCommand(args));
		} catch (error) {
			if (!(error instanceof BackupError)) throw error;
			console.error(`${command} refused: ${error.message}`);
			code = 1;
		}
		break;
	case undefined:
	case 'help':
	case '--help':
		console.log(HELP);
		code = 0;
		break;
	default:
		console.error(`Unknown command "${command}".\n\n${HELP}`);
		code = 2;
}
process.exit(code);
