// tap.mjs — TAP for tests/run's TAP::Harness: "ok"/"not ok" lines on
// stdout, the details of a failure as "# " lines on stderr (as Test::More's
// diag: the harness shows them without VERBOSE). Each walk writes into a
// Group of its own, printed whole when the walk ends, so walks that run
// side by side do not interleave their lines.
import { writeSync } from 'node:fs';

let count = 0;
let failed = 0;
const failures = [];	// {name, diag[]}: the report at the end

export class Group {
	constructor(label) {
		this.label = label;
		this.lines = [];
	}

	// ok(PASS, NAME, DIAG...): one check. DIAG: strings or arrays of them.
	ok(pass, name, ...diag) {
		const d = diag.flat().filter((x) => x !== undefined && x !== null && x !== '').map(String);
		this.lines.push({ pass: !!pass, name: name.replace(/#/g, '♯').replace(/\n/g, ' '), diag: pass ? [] : d });
		return !!pass;
	}

	// skip(NAME, WHY): a check not run ("ok N - NAME # SKIP WHY"); tests/run
	// counts it apart, neither passed nor failed.
	skip(name, why) {
		this.lines.push({ pass: true, skip: why.replace(/\n/g, ' '), name: name.replace(/#/g, '♯').replace(/\n/g, ' '), diag: [] });
	}

	note(s) {
		this.lines.push({ note: s });
	}

	flush() {
		for (const l of this.lines) {
			if (l.note !== undefined) {
				writeSync(2, `# ${l.note}\n`);
				continue;
			}
			count++;
			writeSync(1, `${l.pass ? 'ok' : 'not ok'} ${count} - ${l.name}${l.skip !== undefined ? ` # SKIP ${l.skip}` : ''}\n`);
			if (!l.pass) {
				failed++;
				failures.push({ name: l.name, diag: l.diag });
				for (const d of l.diag)
					for (const line of d.split('\n'))
						writeSync(2, `#   ${line}\n`);
			}
		}
		this.lines = [];
	}
}

export function plan() {
	writeSync(1, `1..${count}\n`);
	return { count, failed, failures };
}
