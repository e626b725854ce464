#!/usr/bin/env node
// walk.mjs — Exercise Buddy in a real browser (headless Debian chromium
// through playwright-core, axe-core from npm), as a new user: sign up →
// onboarding (/welcome: its form as it comes; a 404 there is a skip) →
// log from the dashboard's quick form and from /workouts/new (a date a
// month ahead first: its error by the field) → history (filter, edit,
// save, delete with its confirmation) → week → stats → exercises and one
// exercise → body weight → goals → settings (a wrong current password) →
// export → import of that file → delete the account. Once per width (320,
// 375, 1280 px) and colour scheme (light, dark: prefers-color-scheme
// emulated): each of the six walks signs up an account of its own and
// deletes it at the end.
//
// On every page and state (TAP lines "PAGE-STATE WIDTH SCHEME: CHECK"):
//   - axe-core finds no violation (every rule axe runs by default; a
//     failure names the rule, its impact and each target);
//   - no sideways scroll: documentElement.scrollWidth <= innerWidth (a
//     failure names the elements that reach past the edge);
//   - date and time fields as wide as their value (they clip, not scroll);
//   - every chart (an <img> of an SVG in a data: URI, as cgi/chart.c
//     draws them, read in the drawing shown at this width; or an inline
//     <svg> in a <figure>, role="img" or class "chart") has its table:
//     the one its alt or <desc> names ('the table "CAPTION"'), else any
//     on the page, holding the value of each of its marks (a bar's
//     segment, a point) read on its y axis, and for a heatmap a day for
//     each square shaded;
//   - the browser logged no error (a CSP violation, a failed load);
//   - a GET of the page's URL (a reload, a bookmark) does not answer an error;
//   - a full-page screenshot: tests/browser/out/PAGE-STATE-WIDTH-SCHEME.png.
// And: a keyboard walk (Tab) from the top of /workouts/new through its log
// form: each element that takes focus shows it on screen, its computed
// outline or box-shadow unlike its unfocused look, and Tab reaches every
// control of the form (a closed <details> in it opened with Enter); the log form's and the password form's errors by
// their field and on screen when the page loads; Back after saving, then
// Save again, makes exactly one workout (once, at the widest width, light).
//
// Run by tests/run (EXBUDDY_TESTS=browser tests/run) with EXBUDDY_TEST_URL
// and EXBUDDY_TEST_PGHOST (to count workouts in the database), or by hand
// against any stack:
//   EXBUDDY_TEST_URL=http://127.0.0.1:18135 EXBUDDY_TEST_PGHOST=/tmp/s/pg \
//       node tests/browser/walk.mjs
// Narrow a run down with EXBUDDY_BROWSER_WIDTHS ("375,1280"),
// EXBUDDY_BROWSER_SCHEMES ("dark"); EXBUDDY_BROWSER_JOBS walks at once
// (default 2); EXBUDDY_BROWSER_TIMEOUT seconds for the whole run (default
// 600). The failures, grouped by page, are also written to
// tests/browser/out/report.txt.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Group, plan } from './lib/tap.mjs';
import { probe } from './lib/probe.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'out');
const require = createRequire(import.meta.url);

const BASE = process.env.EXBUDDY_TEST_URL;
if (!BASE) {
	console.log('1..0 # SKIP EXBUDDY_TEST_URL is not set (run through tests/run)');
	process.exit(0);
}
const PGHOST = process.env.EXBUDDY_TEST_PGHOST || '';
const DB = process.env.EXBUDDY_DB || 'exbuddy';
const CHROMIUM = process.env.EXBUDDY_CHROMIUM || '/usr/bin/chromium';
const list = (v, d) => (v ? v.split(/[\s,]+/).filter(Boolean) : d);
const WIDTHS = list(process.env.EXBUDDY_BROWSER_WIDTHS, ['320', '375', '1280']).map(Number);
const SCHEMES = list(process.env.EXBUDDY_BROWSER_SCHEMES, ['light', 'dark']);
const JOBS = Number(process.env.EXBUDDY_BROWSER_JOBS || 2);
const TIMEOUT = Number(process.env.EXBUDDY_BROWSER_TIMEOUT || 600);
// The longest username there is, as cgi/limits.h says.
const USERNAME_MAX = Number(/#define\s+USERNAME_MAX_CHARS\s+(\d+)/.exec(readFileSync(join(here, '..', '..', 'cgi', 'limits.h'), 'utf8'))[1]);

let chromium, axeSource;
{
	const g = new Group('setup');
	try {
		({ chromium } = require('playwright-core'));
		axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
	} catch (e) {
		g.ok(false, 'setup: playwright-core and axe-core are installed in tests/browser/node_modules',
		    e.message.split('\n')[0], 'make test installs them (npm ci in tests/browser)');
		g.flush();
		plan();
		process.exit(1);
	}
	if (!existsSync(CHROMIUM)) {
		g.ok(false, `setup: ${CHROMIUM} exists`, 'Debian package chromium (make test installs it)');
		g.flush();
		plan();
		process.exit(1);
	}
}

// out/ holds the last run's screenshots and report only.
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// --- helpers ---------------------------------------------------------------

const iso = (d) => d.toISOString().slice(0, 10);
const today = () => iso(new Date());	// the new accounts are in UTC
const daysFromNow = (n) => iso(new Date(Date.now() + n * 86400e3));
const short = (s, n = 300) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

function psql(sql) {
	return execFileSync('psql', ['-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1', '-h', PGHOST,
	    '-U', 'postgres', '-d', DB, '-c', sql], { encoding: 'utf8', timeout: 30e3 }).trim();
}

// A failure of a walk step, told briefly: Playwright's first lines.
function why(e) {
	const lines = String(e && e.message || e).split('\n').filter((l) => l.trim() && !/^\s+at /.test(l));
	return lines.slice(0, 6).map((l) => short(l, 400));
}

class Walk {
	constructor(browser, width, scheme) {
		this.browser = browser;
		this.width = width;
		this.scheme = scheme;
		this.g = new Group(`${width} ${scheme}`);
		// As long as a username may be: "Log out NAME" is in the
		// navigation of every page.
		this.user = `b${width}${scheme[0]}_${process.pid}_${Math.random().toString(36).slice(2, 8)}_`.padEnd(USERNAME_MAX, 'abcdefghij');
		this.password = `Lantern-${Math.random().toString(36).slice(2, 10)}-violet-Quarry${Math.floor(Math.random() * 1000)}`;
		this.console = [];
		this.doc = null;	// the last main-frame document response
		this.states = 0;
		this.time = {};	// seconds spent per kind of check
	}

	timed(what, t0) {
		this.time[what] = (this.time[what] || 0) + (Date.now() - t0) / 1000;
	}

	tag(page) {
		return `${page} ${this.width} ${this.scheme}`;
	}

	async open() {
		this.ctx = await this.browser.newContext({
			baseURL: BASE, viewport: { width: this.width, height: 800 },
			colorScheme: this.scheme, acceptDownloads: true, isMobile: false,
			deviceScaleFactor: 1, locale: 'en-GB', timezoneId: 'UTC',
		});
		// axe-core in every document from its start, through the DevTools
		// protocol: the page's CSP (default-src 'none', no script-src)
		// blocks a <script>, and bypassing the CSP would also let through
		// inline styles the real page does not get. Compiled once per
		// document this way, not sent again by page.evaluate: half the time.
		await this.ctx.addInitScript({ content: axeSource });
		this.ctx.setDefaultTimeout(15e3);
		this.ctx.setDefaultNavigationTimeout(30e3);
		this.page = await this.ctx.newPage();
		this.page.on('console', (m) => {
			if (m.type() === 'error')
				this.console.push({ text: short(m.text(), 300), url: m.location().url });
		});
		this.page.on('pageerror', (e) => this.console.push({ text: short(String(e), 300) }));
		this.page.on('response', (r) => {
			if (r.request().isNavigationRequest() && r.frame() === this.page.mainFrame())
				this.doc = { url: r.url(), status: r.status() };
		});
	}

	async close() {
		await this.ctx.close().catch(() => {});
	}

	async goto(path) {
		const r = await this.page.goto(path, { waitUntil: 'load' });
		if (!r)
			throw new Error(`GET ${path}: no response`);
		if (r.status() >= 400)
			throw new Error(`GET ${path} answered ${r.status()}`);
		return r;
	}

	// Clicks what submits a form (or follows a link) and waits for the
	// page it leads to: its document committed, then loaded. Not the URL
	// (a refused form comes back on the URL it was on) nor the load state
	// alone (until the new document commits it is the old one's, already
	// "load": the checks would then measure a page half-way, its style
	// sheet not yet applied).
	async submit(loc) {
		const page = this.page;
		this.doc = null;
		const committed = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30e3 });
		await loc.click();
		await committed;
		await page.waitForLoadState('load');
		return this.doc;
	}

	path() {
		const u = new URL(this.page.url());
		return u.pathname + u.search + u.hash;
	}

	// step(NAME, FN): one action of the walk; its own TAP line, so that a
	// walk that cannot go on says where and why.
	async step(name, fn) {
		try {
			const r = await fn();
			this.g.ok(true, `${name} ${this.width} ${this.scheme}: walk: ${typeof r === 'string' ? r : 'done'}`);
			return true;
		} catch (e) {
			this.g.ok(false, `${name} ${this.width} ${this.scheme}: walk could not go on`,
			    why(e), `at ${this.page ? this.path() : '?'}`);
			return false;
		}
	}

	// view(NAME, PATH): a step that opens PATH and checks it as NAME.
	view(name, path) {
		return this.step(name, async () => {
			await this.goto(path);
			await this.state(name);
		});
	}

	// fillAndSave(NAME, ACTION, LABEL, VALUE): a step that fills the field
	// LABEL of the page's POST form to ACTION with VALUE, sends it with
	// its Save (or Log) button and checks the page it leads to as NAME.
	fillAndSave(name, action, label, value) {
		return this.step(name, async () => {
			const f = this.page.locator(`main form[method="post"][action^="${action}"]`).first();
			await f.getByLabel(label).first().fill(value);
			await this.submit(f.getByRole('button', { name: /log|save/i }).first());
			await this.state(name);
		});
	}

	// Every check of one page or state, and its screenshot.
	async state(name, opt = {}) {
		const t = this.tag(name);
		const page = this.page;
		this.states++;
		await page.waitForLoadState('load');
		const url = this.path();
		const st = this.doc ? this.doc.status : 0;
		const want = opt.status || [200];
		this.g.ok(want.includes(st), `${t}: ${url} answered ${want.join(' or ')}`,
		    `it answered ${st || 'nothing'} (${this.doc ? this.doc.url : 'no document response'})`);

		// The browser's errors: a CSP violation, a resource that failed
		// (not the page's own status when it is the one expected: a 422).
		const errs = this.console.splice(0).filter((c) => {
			const m = /^Failed to load resource: the server responded with a status of (\d+)/.exec(c.text);
			const bare = (u) => String(u || '').replace(/#.*/, '');
			return !(m && this.doc && bare(c.url) === bare(this.doc.url) && want.includes(Number(m[1])));
		}).map((c) => `${c.text}${c.url ? ` (${c.url})` : ''}`);
		this.g.ok(!errs.length, `${t}: the browser logged no error`, errs.slice(0, 8));

		// axe-core (there since the document's start; else sent now).
		let t0 = Date.now();
		try {
			if (!(await page.evaluate(() => typeof window.axe === 'object')))
				await page.evaluate(axeSource);
			const v = await page.evaluate(async () => {
				const r = await window.axe.run(document, { resultTypes: ['violations'] });
				return r.violations.map((x) => ({
					id: x.id, impact: x.impact, help: x.help,
					nodes: x.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
				}));
			});
			this.g.ok(!v.length, `${t}: axe-core: 0 violations`,
			    v.map((x) => `${x.id} (${x.impact}): ${x.help}; ${x.nodes.length} node(s):\n` +
				x.nodes.slice(0, 6).map((n) => `  ${n.target}  ${short(n.html, 120)}` +
				    (n.summary ? `\n    ${short(n.summary.replace(/\s*\n\s*/g, ' / '), 300)}` : '')).join('\n') +
				(x.nodes.length > 6 ? `\n  … and ${x.nodes.length - 6} more` : '')));
		} catch (e) {
			this.g.ok(false, `${t}: axe-core: 0 violations`, 'axe-core did not run:', why(e));
		}
		this.timed('axe', t0);
		t0 = Date.now();

		// No sideways scroll.
		try {
			const s = await page.evaluate(probe, { kind: 'scroll' });
			this.g.ok(s.ok, `${t}: no horizontal scroll (scrollWidth ${s.sw} <= innerWidth ${s.iw})`,
			    `scrollWidth ${s.sw} px > innerWidth ${s.iw} px; what reaches past the edge:`,
			    s.offenders.length ? s.offenders.map((o) => `  ${o}`) : '  (no single element found)');
		} catch (e) {
			this.g.ok(false, `${t}: no horizontal scroll`, why(e));
		}

		// Date and time fields show their whole value.
		try {
			const f = await page.evaluate(probe, { kind: 'fields-whole' });
			if (f.n)
				this.g.ok(!f.cut.length, `${t}: its ${f.n} date and time field${f.n === 1 ? ' shows its' : 's show their'} whole value`,
				    `${f.cut.length} too narrow, their value cut:`, f.cut.map((c) => `  ${c}`));
		} catch (e) {
			this.g.ok(false, `${t}: date and time fields show their whole value`, why(e));
		}

		// Every chart has a table with its numbers.
		try {
			const charts = await page.evaluate(probe, { kind: 'charts' });
			for (const c of charts) {
				const heat = c.shaded !== null;
				const ok = !c.error && c.ntables > 0 && !c.missing.length && (!heat || c.days === c.shaded);
				this.g.ok(ok, `${t}: chart "${short(c.name, 60)}" has ${c.named ? `its table "${short(c.named, 40)}"` : 'a table'} with its ` +
				    `${c.nvalues} numbers${heat ? ` and its ${c.shaded} days` : ''}`,
				    `chart ${c.sel} (${c.src}; ${c.nmarks} marks read on its axis${heat ? `, ${c.shaded} days shaded` : ''}, ` +
					`${c.shown ? 'shown' : 'not shown'} at this width)`,
				    c.error ? `the chart cannot be read: ${c.error}` :
				    !c.ntables ? (c.named ? `it names the table "${c.named}", which is not on the page` : 'no <table> on the page') :
				    `no table on the page has them all; the closest, ${c.table}, lacks ${c.missing.length}` +
					(heat && c.days !== c.shaded ? ` and names ${c.days} days with a workout, not ${c.shaded}` : '') + ':',
				    c.missing.slice(0, 8).map((m) => `  ${m}`),
				    c.missing.length > 8 ? `  … and ${c.missing.length - 8} more` : '');
			}
		} catch (e) {
			this.g.ok(false, `${t}: every chart has a table`, why(e));
		}
		this.timed('scroll+charts', t0);
		t0 = Date.now();

		// A reload (GET of this URL) gives a page, not an error.
		try {
			const r = await this.ctx.request.get(url, { maxRedirects: 5, timeout: 15e3 });
			this.g.ok(r.status() < 400, `${t}: reloading ${url} (GET) answers ${r.status()}`,
			    `GET ${url} answered ${r.status()}: the page lands on a URL that is not a page`);
		} catch (e) {
			this.g.ok(false, `${t}: reloading ${url} (GET) gives a page`, why(e));
		}
		this.timed('reload', t0);
		t0 = Date.now();

		try {
			await page.screenshot({ path: join(out, `${name}-${this.width}-${this.scheme}.png`), fullPage: true, timeout: 30e3 });
		} catch (e) {
			this.g.ok(false, `${t}: screenshot`, why(e));
		}
		this.timed('screenshot', t0);
	}

	async errorByField(name, field) {
		const t = this.tag(name);
		const r = await this.page.evaluate(probe, { kind: 'error-by-field', field });
		this.g.ok(r.ok, `${t}: the error of ${field} shows by its field${r.msg ? ` ("${short(r.msg, 60)}")` : ''}`, r.problems);
		const v = await this.page.evaluate(probe, { kind: 'error-in-view', field });
		this.g.ok(v.ok, `${t}: the error of ${field} (or a link to it) is on screen when the page loads`, v.why);
	}

	// The workouts of this walk's user (psql), or undefined without a database.
	count() {
		if (!PGHOST)
			return undefined;
		return Number(psql(`SELECT count(*) FROM exbuddy.workouts w JOIN exbuddy.users u ON u.id = w.user_id WHERE u.username = '${this.user}'`));
	}

	// The id of this walk's user's workout of REPS reps, or null.
	workoutId(reps) {
		if (!PGHOST)
			return null;
		return psql(`SELECT w.id FROM exbuddy.workouts w JOIN exbuddy.users u ON u.id = w.user_id WHERE u.username = '${this.user}' AND w.reps = ${Number(reps)} ORDER BY w.created_at DESC LIMIT 1`) || null;
	}

	// saved(STATE, WHAT, BEFORE, N): a check that WHAT changed the user's
	// workouts in the database by N; a failure lists them.
	saved(name, what, before, n = 1) {
		if (before === undefined)
			return;
		const after = this.count();
		const says = n === 0 ? 'adds no workout' : n > 0 ? `adds ${n} workout${n === 1 ? '' : 's'}` : `removes ${-n} workout${n === -1 ? '' : 's'}`;
		const ok = this.g.ok(after === before + n, `${this.tag(name)}: ${what} ${says} in the database`,
		    `${after - before} more (${before} before, ${after} after) at ${this.path()}; the workouts now (performed_at, exercise, reps):`,
		    after === before + n ? [] : psql(`SELECT w.performed_at::text || '  ' || e.slug || '  ' || w.reps FROM exbuddy.workouts w JOIN exbuddy.users u ON u.id = w.user_id JOIN exbuddy.exercise_types e ON e.id = w.exercise_type_id WHERE u.username = '${this.user}' ORDER BY w.performed_at`).split('\n').map((l) => `  ${l}`));
		return ok;
	}

	// The log form's exercise: a <select> labelled "Exercise", else a
	// button or link named after it (a form that asks first).
	async chooseExercise(scope, name) {
		const select = scope.locator('select').filter({ has: this.page.locator('option', { hasText: name }) }).first();
		if (await select.count()) {
			const value = await select.locator('option', { hasText: name }).first().getAttribute('value');
			await select.selectOption(value);
			return;
		}
		const pick = scope.getByRole('button', { name }).or(scope.getByRole('link', { name })).or(scope.getByLabel(name, { exact: true })).first();
		if (!(await pick.count()))
			throw new Error(`no way to choose the exercise "${name}" (a <select> with it, or a button, link or radio named so)`);
		if (await pick.evaluate((e) => e.localName === 'input'))
			await pick.check();
		else
			await this.submit(pick);
	}

	async fillDate(scope, value) {
		const f = scope.locator('input[type="date"]').first();
		if (await f.count()) {
			await f.fill(value);
			return 'input[type="date"]';
		}
		const [y, m, d] = value.split('-');
		await scope.getByLabel(/^Day/).first().fill(String(Number(d)));
		await scope.getByLabel(/^Month/).first().fill(String(Number(m)));
		await scope.getByLabel(/^Year/).first().fill(y);
		return null;
	}

	// Tab from the top of the page through the log form: every element
	// that takes focus shows it on screen, its outline or box-shadow
	// unlike its unfocused look; a closed <details> of the form is opened
	// with Enter on its summary and walked too; and Tab reaches every
	// control of the form.
	async focusWalk(name, form) {
		const t = this.tag(name);
		const page = this.page;
		await page.mouse.move(0, 0);
		await page.evaluate(() => {
			if (document.activeElement)
				document.activeElement.blur();
			window.scrollTo(0, 0);
		});
		await page.evaluate(probe, { kind: 'focus-baseline' });
		const t0 = Date.now();
		const seen = new Set();
		const opened = [];
		let entered = false, left = false, n = 0;
		for (let i = 0; i < 200 && !left; i++) {
			await page.keyboard.press('Tab');
			const f = await page.evaluate(probe, { kind: 'focus', form });
			if (f.none)
				continue;
			if (f.inForm)
				entered = true;
			else if (entered) {
				left = true;
				break;
			}
			if (seen.has(f.key))
				continue;
			seen.add(f.key);
			n++;
			const problems = [];
			if (!f.visible)
				problems.push(`no focus indicator: focused outline "${f.outline}", box-shadow "${f.shadow}"; ` +
				    (f.baseOutline === null ? 'no unfocused look recorded' :
					`unfocused outline "${f.baseOutline}", box-shadow "${f.baseShadow}"`));
			if (!f.shown || !f.inView)
				problems.push(`the focused element is not on screen (box ${f.rect}, viewport ${this.width}×800)`);
			this.g.ok(!problems.length, `${t}: focus shows on ${f.sel}${f.label ? ` ("${short(f.label, 40)}")` : ''}`, problems);
			if (f.inForm && f.closed) {
				await page.keyboard.press('Enter');
				opened.push(f.label || f.sel);
			}
		}
		this.g.ok(entered && n > 0, `${t}: Tab reaches the log form ${form}`,
		    entered ? '' : `${n} elements took focus, none in ${form}`);
		if (entered) {
			const want = await page.evaluate(probe, { kind: 'focus-want', form });
			const missed = want.filter((w) => !seen.has(w.key));
			this.g.ok(!missed.length, `${t}: Tab reaches each of the log form's ${want.length} controls` +
			    (opened.length ? ` (${opened.map((o) => `"${short(o, 30)}"`).join(', ')} opened with Enter)` : ''),
			    `${missed.length} not reached by Tab:`, missed.map((m) => `  ${m.sel}${m.label ? ` ("${short(m.label, 40)}")` : ''}`));
		}
		this.timed('focus walk', t0);
	}
}

// --- the walk ----------------------------------------------------------------

const LOG_FORM = 'main form[method="post"][action^="/workouts/new"]';
const EXERCISE = 'Push-up';

async function walk(w, opt) {
	const page = w.page;
	let csv = null;

	await w.view('home-view', '/');

	const signedUp = await w.step('signup-form', async () => {
		await w.goto('/signup');
		await w.state('signup-form');
		const f = page.locator('main form[method="post"]').first();
		await f.getByLabel('Email', { exact: true }).fill(`${w.user}@example.org`);
		await f.getByLabel('Username', { exact: true }).fill(w.user);
		await f.getByLabel('Password', { exact: true }).fill(w.password);
		await f.getByLabel(/^(Password again|Confirm)/).fill(w.password);
		await w.submit(f.getByRole('button', { name: /sign up|create/i }));
		if (/\/signup$/.test(new URL(page.url()).pathname))
			throw new Error(`sign-up did not go through: ${await page.locator('[role="alert"], .field-error').allInnerTexts()}`);
		return `signed up as ${w.user}, landed on ${w.path()}`;
	});
	if (!signedUp)
		return;

	// Onboarding: /welcome, where sign-up leads or by its URL. Until it
	// exists (another branch brings it), a 404 there is a skip.
	const first = new URL(page.url()).pathname;
	let welcome = first === '/welcome';
	if (!welcome) {
		const r = await w.ctx.request.get('/welcome', { maxRedirects: 0, timeout: 15e3 }).catch((e) => e);
		if (r instanceof Error)
			w.g.ok(false, `welcome-form ${w.width} ${w.scheme}: GET /welcome answers`, why(r));
		else if (r.status() === 404)
			w.g.skip(`welcome-form ${w.width} ${w.scheme}: onboarding`, `/welcome answers 404 (not on this branch yet); sign-up led to ${first}`);
		else
			welcome = await w.step('welcome-open', async () => {
				await w.goto('/welcome');
				return `sign-up led to ${first}; GET /welcome answered ${r.status()}`;
			});
	}
	if (welcome) {
		await w.step('welcome-form', async () => {
			await w.state('welcome-form');
			const f = page.locator('main form[method="post"]').filter({ has: page.locator('button[type="submit"], input[type="submit"], button:not([type])') }).first();
			if (!(await f.count()))
				return '/welcome has no form';
			const b = f.locator('button[type="submit"], input[type="submit"], button:not([type])').filter({ hasNotText: /skip/i }).first();
			await w.submit(b);
			await w.state('welcome-saved');
			return `submitted the form of /welcome as it came, landed on ${w.path()}`;
		});
	} else if (first !== '/dashboard') {
		// Some other first page: its checks all the same.
		const name = `first-run${first.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '')}`;
		await w.step(name, async () => {
			await w.state(name);
			return `sign-up led to ${first}`;
		});
	}

	// Weeks and months of workouts before today, of two exercises, one
	// counted in reps and one timed (straight into the database), so that
	// every chart has marks of more than one series and day.
	if (PGHOST)
		await w.step('seed', async () => {
			const rows = [[1, 'push-up', 14, 0], [1, 'plank', 0, 75], [2, 'plank', 0, 90], [5, 'push-up', 25, 0],
			    [9, 'push-up', 17, 0], [9, 'plank', 0, 60], [16, 'push-up', 30, 0], [30, 'plank', 0, 120],
			    [45, 'push-up', 18, 0], [80, 'plank', 0, 45], [150, 'push-up', 27, 0], [300, 'plank', 0, 100]];
			const values = rows.map(([d, slug, reps, secs]) =>
			    `('${slug}', date_trunc('day', now()) - interval '${d} days' + interval '7 hours 30 minutes', ${reps}, ${secs}, ${(reps * 0.4 + secs * 0.05).toFixed(1)})`).join(', ');
			const n = psql(`INSERT INTO exbuddy.workouts (user_id, exercise_type_id, performed_at, reps, duration_seconds, calories) ` +
			    `SELECT u.id, e.id, v.at, v.reps, v.secs, v.kcal FROM (VALUES ${values}) AS v(slug, at, reps, secs, kcal) ` +
			    `JOIN exbuddy.exercise_types e ON e.slug = v.slug AND e.user_id IS NULL ` +
			    `JOIN exbuddy.users u ON u.username = '${w.user}' RETURNING 1`).split('\n').filter(Boolean).length;
			if (n !== rows.length)
				throw new Error(`${n} of ${rows.length} workouts inserted`);
			return `${n} workouts over the last 300 days`;
		});

	await w.view('dashboard-view', '/dashboard');

	await w.step('dashboard-quick-saved', async () => {
		const before = w.count();
		const f = page.locator('main form[method="post"][action^="/workouts/new"]').first();
		if (!(await f.count()))
			throw new Error('no quick log form (a POST form to /workouts/new) on the dashboard');
		await w.chooseExercise(f, EXERCISE);
		await f.getByLabel(/^Reps/).first().fill('12');
		await w.submit(f.getByRole('button', { name: /save|log/i }).first());
		await w.state('dashboard-quick-saved');
		w.saved('dashboard-quick-saved', 'the quick log', before);
		return `saved 12 ${EXERCISE}s, landed on ${w.path()}`;
	});

	await w.step('log-form', async () => {
		await w.goto('/workouts/new');
		await w.state('log-form');
		await w.focusWalk('log-form', LOG_FORM);
	});

	await w.step('log-error', async () => {
		const before = w.count();
		await w.goto('/workouts/new');
		let f = page.locator(LOG_FORM);
		await w.chooseExercise(f, EXERCISE);
		f = page.locator(LOG_FORM);
		await f.getByLabel(/^Reps/).first().fill('20');
		await w.fillDate(f, daysFromNow(30));
		await w.submit(f.getByRole('button', { name: /^save/i }).first());
		await w.state('log-error', { status: [422] });
		const field = (await page.locator(`${LOG_FORM} input[type="date"]`).count()) ? `${LOG_FORM} input[type="date"]` : `${LOG_FORM} input[aria-invalid="true"]`;
		await w.errorByField('log-error', field);
		w.saved('log-error', 'a date a month ahead', before, 0);
		return 'a date 30 days ahead refused';
	});

	await w.step('log-saved', async () => {
		const before = w.count();
		const f = page.locator(LOG_FORM);
		if (!(await f.count()))
			throw new Error('the log form is not on the page after the error');
		await w.fillDate(f, today());
		await w.submit(f.getByRole('button', { name: /^save/i }).first());
		await w.state('log-saved');
		w.saved('log-saved', 'the corrected log form', before);
		return `saved, landed on ${w.path()}`;
	});

	await w.view('history-list', '/workouts');

	await w.step('history-filtered', async () => {
		const f = page.locator('main form').filter({ has: page.getByLabel(/^Exercise/) }).first();
		await w.chooseExercise(f, EXERCISE);
		await w.submit(f.getByRole('button', { name: /show|filter|apply/i }).first());
		if (!/exercise=/.test(page.url()))
			throw new Error(`the filter did not apply: ${page.url()}`);
		await w.state('history-filtered');
	});

	// Edit and delete the workout of the full form (20 reps); the quick
	// one (saved "now", to the microsecond) stays for the export and import.
	let logged = null;
	await w.step('edit-form', async () => {
		logged = w.workoutId(20);
		const link = logged ? `main a[href="/workouts/${logged}/edit"]` : 'main a[href$="/edit"][href^="/workouts/"]';
		if (!(await page.locator(link).count()))
			throw new Error(`no link ${link} on the history page`);
		await w.submit(page.locator(link).first());
		await w.state('edit-form');
	});

	await w.step('edit-saved', async () => {
		const f = page.locator('main form[method="post"][action*="/edit"]').first();
		await f.getByLabel(/^Reps/).first().fill('21');
		await w.submit(f.getByRole('button', { name: /^save/i }).first());
		await w.state('edit-saved');
	});

	await w.step('delete-confirm', async () => {
		await w.goto('/workouts');
		const link = logged ? `main a[href="/workouts/${logged}/delete"]` : 'main a[href$="/delete"][href^="/workouts/"]';
		if (!(await page.locator(link).count()))
			throw new Error(`no link ${link} on the history page`);
		await w.submit(page.locator(link).first());
		if (!/\/delete$/.test(new URL(page.url()).pathname))
			throw new Error(`Delete did not open a confirmation page: at ${w.path()}`);
		await w.state('delete-confirm');
	});

	await w.step('delete-done', async () => {
		const before = w.count();
		await w.submit(page.locator('main form[method="post"]').getByRole('button', { name: /delete/i }).first());
		await w.state('delete-done');
		w.saved('delete-done', 'deleting', before, -1);
	});

	for (const [name, path] of [['week-view', '/week'], ['stats-view', '/stats'], ['exercises-list', '/exercises']])
		await w.view(name, path);

	await w.step('exercise-view', async () => {
		await w.goto('/exercises');
		await w.submit(page.locator('main').getByRole('link', { name: EXERCISE, exact: true }).first());
		await w.state('exercise-view');
	});

	await w.view('weight-view', '/weight');

	await w.fillAndSave('weight-saved', '/weight', /^Weight/, '72.5');

	await w.view('goals-form', '/settings/goals');

	await w.fillAndSave('goals-saved', '/settings/goals', new RegExp(`^${EXERCISE}`), '100');

	await w.view('settings-view', '/settings');

	await w.step('settings-password-error', async () => {
		// The password form: on /settings, or on a page of its own.
		if (!(await page.getByLabel('Current password', { exact: true }).count())) {
			await w.goto('/settings/password');
			await w.state('settings-password-form');
		}
		const f = page.locator('main form[method="post"]').filter({ has: page.getByLabel('Current password', { exact: true }) }).first();
		await f.getByLabel('Current password', { exact: true }).fill(w.password + 'x');
		const np = `Harbour-${Math.random().toString(36).slice(2, 10)}-amber-Kettle`;
		await f.getByLabel('New password', { exact: true }).fill(np);
		await f.getByLabel(/^(New password again|Confirm)/).fill(np);
		await w.submit(f.getByRole('button', { name: /change|save/i }).first());
		await w.state('settings-password-error', { status: [422, 400, 403] });
		await w.errorByField('settings-password-error', 'input[name="current_password"]');
	});

	await w.step('export-csv', async () => {
		await w.goto('/workouts');
		const link = page.locator('a[href="/export.csv"]').first();
		if (!(await link.count()))
			throw new Error('no link to /export.csv on the history page');
		const [dl] = await Promise.all([page.waitForEvent('download'), link.click()]);
		csv = join(out, `export-csv-${w.width}-${w.scheme}.csv`);
		await dl.saveAs(csv);
		const text = readFileSync(csv, 'utf8');
		const lines = text.split('\n').filter(Boolean);
		if (!/^[a-z_]+(,[a-z_]+)+/.test(lines[0] || ''))
			throw new Error(`the export has no header line: "${short(lines[0] || '', 80)}"`);
		if (lines.length < 3)
			throw new Error(`the export has ${lines.length} lines: the workouts logged are missing`);
		return `${dl.suggestedFilename()}: ${lines.length} lines`;
	});

	await w.view('import-form', '/import');

	await w.step('import-done', async () => {
		if (!csv)
			throw new Error('no exported file to import');
		const before = w.count();
		const f = page.locator('main form[method="post"][action^="/import"]').first();
		await f.locator('input[type="file"]').setInputFiles(csv);
		await oneImportAtATime(() => w.submit(f.getByRole('button', { name: /import/i }).first()));
		await w.state('import-done');
		const bad = await page.locator('[aria-invalid="true"], .bad-lines li').allInnerTexts();
		w.g.ok(!bad.length, `${w.tag('import-done')}: the import of its own export is accepted`,
		    `refused: ${short(bad.join(' / '))}`);
		w.saved('import-done', 'importing its own export (all duplicates)', before, 0);
	});

	if (opt.backSave)
		await backThenSave(w);

	await w.view('account-delete-form', '/account/delete');

	await w.step('account-delete-done', async () => {
		const f = page.locator('main form[method="post"][action^="/account/delete"]').first();
		await f.getByLabel(/password/i).first().fill(w.password);
		await w.submit(f.getByRole('button', { name: /delete/i }).first());
		await w.state('account-delete-done');
		if (PGHOST && psql(`SELECT count(*) FROM exbuddy.users WHERE username = '${w.user}'`) !== '0')
			throw new Error('the account is still in the database');
	});
}

// The site saves one import at a time (cgi/limits.h IMPORTS_AT_ONCE) and
// refuses another meanwhile, by design (503, Retry-After: 60): the walks
// that run side by side take turns to import.
let importing = Promise.resolve();
function oneImportAtATime(fn) {
	const turn = importing.then(fn, fn);
	importing = turn.catch(() => {});
	return turn;
}

// Back after saving, then Save again: one workout, not two.
async function backThenSave(w) {
	const t = w.tag('log-back-save');
	const page = w.page;
	const token = () => page.locator(`${LOG_FORM} input[name="submission"]`).first().inputValue().catch(() => '(none)');
	await w.step('log-back-save', async () => {
		const before = w.count();
		await w.goto('/workouts/new');
		const f = page.locator(LOG_FORM);
		await w.chooseExercise(f, EXERCISE);
		await page.locator(LOG_FORM).getByLabel(/^Reps/).first().fill('33');
		const sent = await token();
		await w.submit(page.locator(LOG_FORM).getByRole('button', { name: /^save/i }).first());
		const landed = w.path();
		await page.goBack({ waitUntil: 'load' });
		const back = w.path();
		const values = await page.evaluate(probe, { kind: 'field-values', form: LOG_FORM });
		if (!values)
			throw new Error(`Back led to ${back}, which has no log form`);
		const again = await token();
		await w.submit(page.locator(LOG_FORM).getByRole('button', { name: /^save/i }).first());
		const after = w.count();
		if (after === undefined)
			return 'no database to count in (EXBUDDY_TEST_PGHOST)';
		w.g.ok(after === before + 1, `${t}: Save, Back, Save again makes exactly one new workout`,
		    `${after - before} new workouts: saved → ${landed}; Back → ${back}, ` +
		    `its fields ${JSON.stringify(values)}; Save again → ${w.path()}`,
		    `the hidden submission id: ${sent} when saved, ${again} after Back` +
		    (sent === again ? '' : ' (a new one: the server cannot tell the second Save is the same workout)'));
		return `${after - before} new workout(s)`;
	});
}

// --- main ----------------------------------------------------------------------

const setup = new Group('setup');
let browser;
const watchdog = setTimeout(() => {
	setup.ok(false, `the browser walks end within ${TIMEOUT} s`, 'stopped: EXBUDDY_BROWSER_TIMEOUT');
	setup.flush();
	report(plan());
	process.exit(1);
}, TIMEOUT * 1000);

try {
	browser = await chromium.launch({ executablePath: CHROMIUM, timeout: 60e3 });
} catch (e) {
	setup.ok(false, `setup: chromium starts (${CHROMIUM})`, why(e));
	setup.flush();
	plan();
	process.exit(1);
}

const t0 = Date.now();
const combos = [];
for (const width of WIDTHS)
	for (const scheme of SCHEMES)
		combos.push({ width, scheme });
// Back-then-Save once: the widest light walk.
const backSave = combos.find((c) => c.width === Math.max(...WIDTHS) && c.scheme === SCHEMES[0]);

async function worker() {
	for (let c; (c = combos.shift());) {
		const w = new Walk(browser, c.width, c.scheme);
		const s = Date.now();
		try {
			await w.open();
			await walk(w, { backSave: c === backSave });
		} catch (e) {
			w.g.ok(false, `${c.width} ${c.scheme}: the walk ran to its end`, why(e));
		}
		await w.close();
		w.g.note(`walk ${c.width} ${c.scheme}: ${w.states} pages and states in ${((Date.now() - s) / 1000).toFixed(1)} s (` +
		    Object.entries(w.time).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ') + ')');
		w.g.flush();
	}
}
await Promise.all(Array.from({ length: Math.max(1, JOBS) }, worker));
await browser.close();
clearTimeout(watchdog);
setup.note(`browser walks: ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${out}`);
setup.flush();
const res = plan();
report(res);
process.exit(res.failed ? 1 : 0);

// tests/browser/out/report.txt: the failures grouped by page.
function report(res) {
	const byPage = new Map();
	for (const f of res.failures) {
		const page = f.name.split(' ')[0];
		if (!byPage.has(page))
			byPage.set(page, []);
		byPage.get(page).push(f);
	}
	let s = `${res.count} checks, ${res.failed} failed\n`;
	for (const [page, fs] of byPage) {
		s += `\n== ${page} (${fs.length})\n`;
		for (const f of fs)
			s += `- ${f.name}\n${f.diag.map((d) => d.split('\n').map((l) => `    ${l}`).join('\n')).join('\n')}\n`;
	}
	writeFileSync(join(out, 'report.txt'), s);
}
