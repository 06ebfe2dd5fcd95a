// Command-line tasks for whoever runs the instance: `npm run cli -- <command>`.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db';
import { checkNewAccount, insertUser } from '../src/lib/server/auth/accounts';
import { hashPassword } from '../src/lib/server/auth/password';
import { issueSetupToken } from '../src/lib/server/auth/setup';
import { audit } from '../src/lib/server/audit';

const HELP = `Usage: npm run cli -- <command> [options]

Commands:
  admin:create   Create an admin account.
                   --username NAME       (asked for when missing)
                   --display-name NAME   (optional)
                   --password-stdin      read the password from standard input
                                         (otherwise it is asked for, without echo)
  setup:link     Print a new one-time setup link, while no admin exists.
  help           Show this text.

Settings come from the environment, as for the server: DATA_DIR, DATABASE_URL, ORIGIN, PORT.`;

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

const [command, ...args] = process.argv.slice(2);
let code: number;
switch (command) {
	case 'admin:create':
		code = await adminCreate(args);
		break;
	case 'setup:link':
		code = await setupLink();
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
