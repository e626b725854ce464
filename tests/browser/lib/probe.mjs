// probe.mjs — what the checks measure inside the page. probe() is sent
// whole to the browser by page.evaluate(probe, {kind, ...}): it must not
// use anything from this module's scope.

export function probe(arg) {
	// A CSS selector that finds el again, short enough to read in a report:
	// tag#id, else a path of tag.class:nth-of-type() up to an element with an id.
	function sel(el) {
		if (!el || el.nodeType !== 1)
			return String(el);
		const parts = [];
		for (let e = el; e && e.nodeType === 1 && parts.length < 6; e = e.parentElement) {
			const tag = e.localName;
			if (e.id) {
				parts.unshift(`${tag}#${CSS.escape(e.id)}`);
				break;
			}
			if (tag === 'html' || tag === 'body') {
				parts.unshift(tag);
				break;
			}
			let s = tag;
			const cls = [...e.classList].slice(0, 2).map((c) => '.' + CSS.escape(c)).join('');
			s += cls;
			const sib = e.parentElement ? [...e.parentElement.children].filter((x) => x.localName === tag) : [];
			if (sib.length > 1)
				s += `:nth-of-type(${sib.indexOf(e) + 1})`;
			parts.unshift(s);
		}
		return parts.join(' > ');
	}
	function text(el, n = 60) {
		const t = (el.textContent || '').replace(/\s+/g, ' ').trim();
		return t.length > n ? t.slice(0, n - 1) + '…' : t;
	}
	// Drawn on the page: a box, not hidden, not transparent, not inside a
	// closed <details> (Chromium lays out its content, hidden by
	// content-visibility, so a box alone does not tell).
	function shown(el) {
		const r = el.getBoundingClientRect();
		const cs = getComputedStyle(el);
		if (!(r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' &&
		    cs.display !== 'none' && Number(cs.opacity) > 0))
			return false;
		if (el.checkVisibility && !el.checkVisibility({ contentVisibilityAuto: true, opacityProperty: true, visibilityProperty: true }))
			return false;
		for (let d = el.closest('details:not([open])'); d; d = d.parentElement && d.parentElement.closest('details:not([open])')) {
			const s = el.closest('summary');
			if (!(s && s.parentElement === d))
				return false;
		}
		return true;
	}
	// Numbers as a reader compares them: dates taken out first (a day of the
	// month is not a value), then each number normalised: 5.0 and 5 are one
	// number, 1,200 is 1200, a duration m:ss or h:mm:ss is its seconds. The
	// sign is dropped (a change of −10% and 10 are the same figure).
	const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
	const DAYS = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun';
	function undate(s) {
		return s
		    .replace(/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g, ' ')
		    .replace(new RegExp(`(?<![\\d.,:])\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTHS})\\b\\.?(?:,?\\s+\\d{4}\\b)?`, 'g'), ' ')
		    .replace(new RegExp(`\\b(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b(?:,?\\s+\\d{4}\\b)?`, 'g'), ' ')
		    .replace(new RegExp(`\\b(?:${MONTHS})\\.?\\s+\\d{4}\\b`, 'g'), ' ')
		    .replace(new RegExp(`\\b(?:${DAYS})\\.?\\s+\\d{1,2}\\b`, 'g'), ' ')
		    .replace(/\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/g, ' ');
	}
	function numbers(s) {
		const out = [];
		const re = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?::\d{2}){1,2}|\d+(?:\.\d+)?/g;
		for (const m of undate(s).matchAll(re)) {
			const t = m[0];
			let key;
			if (t.includes(':'))
				key = 't' + t.split(':').reduce((a, b) => a * 60 + Number(b), 0);
			else
				key = String(Number(t.replace(/,/g, '')));
			out.push({ key, raw: t });
		}
		return out;
	}

	// A table's text cell by cell (textContent runs "1" and "20" of two
	// cells together into "120").
	function cells(t) {
		return [...t.querySelectorAll('caption, th, td')].map((c) => c.textContent.replace(/\s+/g, ' ')).join(' | ');
	}

	const k = arg.kind;

	if (k === 'scroll') {
		const iw = window.innerWidth;
		const sw = document.documentElement.scrollWidth;
		const res = { iw, sw, ok: sw <= iw, offenders: [] };
		if (res.ok)
			return res;
		// The elements that reach past the right edge with nothing
		// clipping them, outermost first. A scroll container (overflow
		// other than visible) clips what it contains, except an element
		// positioned absolute whose containing block is outside it (a
		// .visually-hidden span in a scrolling table): for that one, only
		// the ancestors from its positioned one up count. A fixed element
		// adds no scroll.
		const past = (r) => r.right > iw + 0.5;
		const positioned = (e) => {
			const cs = getComputedStyle(e);
			return cs.position !== 'static' || cs.transform !== 'none' || cs.contain.includes('paint');
		};
		const clipped = (el) => {
			for (let n = el; n && n !== document.body && n !== document.documentElement;) {
				const pos = getComputedStyle(n).position;
				if (pos === 'fixed')
					return true;
				let a = n.parentElement;
				if (pos === 'absolute')
					while (a && a !== document.body && !positioned(a))
						a = a.parentElement;
				if (!a || a === document.body || a === document.documentElement)
					return false;
				if (getComputedStyle(a).overflowX !== 'visible' && !past(a.getBoundingClientRect()))
					return true;
				n = a;
			}
			return false;
		};
		const reach = new Set();
		for (const el of document.body.querySelectorAll('*')) {
			const r = el.getBoundingClientRect();
			if ((r.width === 0 && r.height === 0) || !past(r) || clipped(el))
				continue;
			reach.add(el);
		}
		// Text that overflows its element's box (a word that does not
		// wrap), the element itself within the edge: its element.
		const spill = new Map();
		const range = document.createRange();
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let t = walker.nextNode(); t; t = walker.nextNode()) {
			const el = t.parentElement;
			if (!el || reach.has(el) || spill.has(el) || !t.textContent.trim())
				continue;
			range.selectNodeContents(t);
			const r = range.getBoundingClientRect();
			if ((r.width === 0 && r.height === 0) || !past(r) ||
			    getComputedStyle(el).overflowX !== 'visible' || clipped(el))
				continue;
			spill.set(el, r);
		}
		for (const el of reach) {
			if (reach.has(el.parentElement))
				continue;
			const r = el.getBoundingClientRect();
			const pos = getComputedStyle(el).position;
			res.offenders.push(`${sel(el)}${pos !== 'static' ? ` (position: ${pos})` : ''} spans x ${Math.round(r.left)}..${Math.round(r.right)} px` +
			    (text(el, 40) ? ` ("${text(el, 40)}")` : ''));
			if (res.offenders.length >= 8)
				break;
		}
		for (const [el, r] of spill) {
			if (res.offenders.length >= 8)
				break;
			let a = el.parentElement;
			while (a && !reach.has(a))
				a = a.parentElement;
			if (a)
				continue;
			const b = el.getBoundingClientRect();
			res.offenders.push(`the text of ${sel(el)} spans x ${Math.round(r.left)}..${Math.round(r.right)} px, ` +
			    `out of its box (x ${Math.round(b.left)}..${Math.round(b.right)} px): ("${text(el, 40)}")`);
		}
		return res;
	}

	if (k === 'fields-whole') {
		// Date and time fields as wide as what they show: their width
		// against the one they take when let be (width: auto), which
		// their day, month, year, hours, minutes and picker button need.
		// (A text field scrolls its text; these clip it.)
		const fields = [...document.querySelectorAll('input[type="date"], input[type="time"], input[type="datetime-local"], input[type="month"], input[type="week"]')].filter(shown);
		const cut = [];
		for (const el of fields) {
			const w = el.getBoundingClientRect().width;
			const keep = el.style.width;
			el.style.width = 'auto';
			const need = el.getBoundingClientRect().width;
			el.style.width = keep;
			if (w + 0.5 < need)
				cut.push(`${sel(el)} ("${label(el)}", ${el.value || 'empty'}) is ${Math.round(w)} px wide, needs ${Math.round(need)}`);
		}
		return { n: fields.length, cut };
	}

	if (k === 'charts') {
		// A chart: an <img> whose picture is an SVG in a data: URI (as
		// cgi/chart.c draws them), an <img> in a <figure> or of class
		// "chart", or an inline <svg> in a <figure>, role="img" or of
		// class "chart" (the outermost only). An image is read in the
		// drawing the browser shows at this width (img.currentSrc: the
		// <source> of a <picture> that matches, else its src).
		const found = new Set();
		for (const el of document.querySelectorAll('img, figure svg, svg[role="img"], svg[class*="chart"]')) {
			if (el.localName === 'svg' && el.parentElement && el.parentElement.closest('svg'))
				continue;
			if (el.localName === 'img' && !/^data:image\/svg\+xml[;,]/.test(el.currentSrc || el.src) &&
			    !el.closest('figure') && !/\bchart\b/.test(el.className))
				continue;
			found.add(el);
		}
		// The SVG of a data: URI, parsed; {error} when it is none.
		const drawing = (src) => {
			const m = /^data:image\/svg\+xml((?:;[^,]*)?),(.*)$/s.exec(src || '');
			if (!m)
				return { error: `its picture is not an SVG in a data: URI (${String(src).slice(0, 60)}), so its numbers cannot be read` };
			let xml;
			try {
				xml = /;base64/i.test(m[1]) ? new TextDecoder().decode(Uint8Array.from(atob(m[2]), (c) => c.charCodeAt(0))) :
				    decodeURIComponent(m[2]);
			} catch (e) {
				return { error: `its data: URI does not decode: ${e.message}` };
			}
			// Its style sheet left out: parsed here, the page's CSP would
			// refuse it (and log it as the page's error).
			xml = xml.replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, '');
			const doc = new DOMParser().parseFromString(xml, 'image/svg+xml');
			const bad = doc.querySelector('parsererror');
			if (bad || doc.documentElement.localName !== 'svg')
				return { error: `its data: URI is not well-formed SVG: ${bad ? text(bad, 120) : doc.documentElement.localName}` };
			return { svg: doc.documentElement };
		};
		// A table's days named in its cells ("Mon, Wed"): a heatmap's table.
		const DAY = /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\b/g;
		const weekdays = (t) => [...t.querySelectorAll('td')].reduce((n, c) => n + (c.textContent.match(DAY) || []).length, 0);
		const caption = (t) => (t.querySelector('caption') ? t.querySelector('caption').textContent.replace(/\s+/g, ' ').trim() : '');

		const charts = [];
		for (const el of found) {
			let svg = el, error = null;
			if (el.localName === 'img') {
				const d = drawing(el.currentSrc || el.src);
				svg = d.svg || null;
				error = d.error || null;
			}
			const titleEl = svg ? svg.querySelector(':scope > title') : null;
			const descEl = svg ? svg.querySelector(':scope > desc') : null;
			const name = (titleEl && text(titleEl)) || el.getAttribute('aria-label') ||
			    el.getAttribute('alt') || sel(el);
			// Its values: each mark's (a bar's segment, a point) read on
			// its y axis, for its marks carry no title: the axis' lowest
			// and highest tick labels and their heights give a pixel's
			// worth; a segment ("Mx,yhWvHh-Wz" in the path of its series)
			// is worth its height, a point its place. A table's number
			// within the drawing's rounding (a tenth of a pixel, twice)
			// and the table's (a tenth) is the mark's. A heatmap's
			// (squares drawn as paths "Mx,yh11" by shade, heat-0
			// none): the days it shades.
			const marks = [];	// {value, tol, from}
			const ticks = svg ? [...svg.querySelectorAll('text.chart-label.end.cen')]
			    .map((t) => ({ y: Number(t.getAttribute('y')), v: Number(t.textContent.replace(/,/g, '')) }))
			    .filter((t) => Number.isFinite(t.y) && Number.isFinite(t.v)).sort((a, b) => a.v - b.v) : [];
			if (ticks.length >= 2 && ticks[0].y !== ticks[ticks.length - 1].y) {
				const lo = ticks[0], hi = ticks[ticks.length - 1];
				const perPx = (hi.v - lo.v) / (lo.y - hi.y);
				const tol = 0.2 * Math.abs(perPx) + 0.05;
				for (const p of svg.querySelectorAll('path[class^="ex-"]'))
					for (const m of (p.getAttribute('d') || '').matchAll(/M([\d.]+),([\d.]+)h([\d.]+)v([\d.]+)h-[\d.]+z/g))
						marks.push({ value: Number(m[4]) * perPx, tol, from: `a ${p.getAttribute('class')} bar at x ${m[1]}` });
				for (const c of svg.querySelectorAll('circle.chart-point'))
					marks.push({ value: lo.v + (lo.y - Number(c.getAttribute('cy'))) * perPx, tol,
					    from: `the point at x ${c.getAttribute('cx')}` });
			}
			if (!marks.length && svg && svg.querySelector('path[class^="ex-"], circle.chart-point'))
				error = error || 'its bars or points cannot be read on its y axis (no two tick labels)';
			const heat = svg ? [...svg.querySelectorAll('path[class^="heat-"]:not(.heat-key)')] : [];
			const shaded = heat.length ? heat.filter((p) => !/\bheat-0\b/.test(p.getAttribute('class')))
			    .reduce((n, p) => n + ((p.getAttribute('d') || '').match(/M/g) || []).length, 0) : null;

			// Its table: the one it names ('the table "CAPTION"' in its
			// alt or <desc>) when it names one; else any <table> on the
			// page that holds every one of its numbers, the best match
			// (those of its section, or named by aria-describedby,
			// aria-details or aria-controls, first) when none does.
			const says = `${el.getAttribute('alt') || ''} ${descEl ? descEl.textContent : ''}`;
			const named = (/\btable\s+["“]([^"”]+)["”]/.exec(says) || [])[1] || null;
			const scope = el.closest('section, article, aside') || el.closest('main') || document.body;
			const near = new Set(scope.querySelectorAll('table'));
			for (const attr of ['aria-describedby', 'aria-details', 'aria-controls'])
				for (const id of (el.getAttribute(attr) || '').split(/\s+/).filter(Boolean)) {
					const t = document.getElementById(id);
					if (t)
						for (const x of t.localName === 'table' ? [t] : t.querySelectorAll('table'))
							near.add(x);
				}
			let tables = [...near, ...[...document.querySelectorAll('table')].filter((t) => !near.has(t))];
			if (named)
				tables = tables.filter((t) => caption(t).startsWith(named));
			let best = null;
			for (const t of tables) {
				const have = numbers(cells(t)).map((n) => (n.key[0] === 't' ? Number(n.key.slice(1)) : Number(n.key)));
				const missing = marks.filter((m) => !have.some((n) => Math.abs(n - m.value) <= m.tol));
				const days = shaded === null ? null : weekdays(t);
				const off = missing.length + (days !== null && days !== shaded ? 1 : 0);
				const cap = caption(t);
				const tname = `${sel(t)}${cap ? ` "${cap.length > 50 ? cap.slice(0, 49) + '…' : cap}"` : ''}${near.has(t) ? '' : ' (outside its section)'}`;
				if (!best || off < best.off)
					best = { table: tname, missing, days, off };
			}
			charts.push({
				sel: sel(el), name, shown: shown(el), error, named,
				src: el.localName === 'img' ? (el.currentSrc && el.currentSrc !== el.src ? 'a <source> of its <picture>' : 'its src') : 'inline',
				nmarks: marks.length, nvalues: marks.length, shaded,
				scope: sel(scope), ntables: tables.length,
				table: best ? best.table : null, days: best ? best.days : null,
				missing: best ? best.missing.map((m) => `${m.value.toFixed(2)} (${m.from})`) : [],
			});
		}
		return charts;
	}

	// The look of focus: outline and box-shadow as computed, and whether
	// each draws anything.
	function ring(el) {
		const cs = getComputedStyle(el);
		const outline = `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor} offset ${cs.outlineOffset}`;
		const outlineDrawn = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 &&
		    !/rgba\(\d+, \d+, \d+, 0\)|transparent/.test(cs.outlineColor);
		const shadow = cs.boxShadow;
		const shadowDrawn = !!shadow && shadow !== 'none' && !/^rgba\(\d+, \d+, \d+, 0\)[^,]*$/.test(shadow);
		return { outline, outlineDrawn, shadow, shadowDrawn };
	}
	function label(el) {
		return el.labels && el.labels[0] ? text(el.labels[0], 40) :
		    (el.getAttribute('aria-label') || text(el, 40) || el.getAttribute('value') || '');
	}
	function inForm(el, form) {
		const f = form && document.querySelector(form);
		return !!(f && (f === el || f.contains(el) || (el.form && el.form === f)));
	}

	if (k === 'focus-baseline') {
		// Before the keyboard walk, with nothing focused: each focusable
		// element's unfocused look, kept on window for the walk.
		const base = new WeakMap();
		for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]'))
			base.set(el, ring(el));
		window.__ebUnfocused = base;
		return true;
	}

	if (k === 'focus-want') {
		// The controls of the form that Tab must reach, as shown now:
		// one per radio group, none disabled or hidden.
		const want = [];
		const radios = new Set();
		for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')) {
			if (!inForm(el, arg.form) || !shown(el) || el.disabled || el.tabIndex < 0 ||
			    (el.localName === 'input' && el.type === 'hidden'))
				continue;
			if (el.localName === 'input' && el.type === 'radio') {
				if (radios.has(el.name))
					continue;
				radios.add(el.name);
			}
			want.push({ key: sel(el) + '|' + label(el), sel: sel(el), label: label(el) });
		}
		return want;
	}

	if (k === 'focus') {
		// The focused element and whether it shows it: its outline or its
		// box-shadow drawn, and not as it was unfocused (focus-baseline).
		const el = document.activeElement;
		if (!el || el === document.body || el === document.documentElement)
			return { none: true };
		const now = ring(el);
		const base = window.__ebUnfocused && window.__ebUnfocused.get(el);
		const outlineShows = now.outlineDrawn && (!base || now.outline !== base.outline);
		const shadowShows = now.shadowDrawn && (!base || now.shadow !== base.shadow);
		const r = el.getBoundingClientRect();
		const inView = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 &&
		    r.top < window.innerHeight && r.left < window.innerWidth;
		const l = label(el);
		const closed = el.localName === 'summary' && el.parentElement && el.parentElement.localName === 'details' &&
		    !el.parentElement.open;
		return {
			sel: sel(el), label: l, inForm: inForm(el, arg.form), shown: shown(el), inView, closed,
			outline: now.outline, shadow: now.shadow,
			baseOutline: base ? base.outline : null, baseShadow: base ? base.shadow : null,
			visible: outlineShows || shadowShows,
			key: sel(el) + '|' + l,
			rect: `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}`,
		};
	}

	if (k === 'error-by-field') {
		// A field's error message: tied to it (aria-describedby or
		// aria-errormessage), shown, and beside it: no other form control
		// between the two in the document, and at most 40 px apart.
		const f = document.querySelector(arg.field);
		if (!f)
			return { ok: false, problems: [`no field ${arg.field} on the page`] };
		const problems = [];
		if (f.getAttribute('aria-invalid') !== 'true')
			problems.push(`${sel(f)} has no aria-invalid="true"`);
		const ids = `${f.getAttribute('aria-describedby') || ''} ${f.getAttribute('aria-errormessage') || ''}`.split(/\s+/).filter(Boolean);
		const tied = ids.map((id) => document.getElementById(id)).filter(Boolean);
		const errs = tied.filter((e) => /error|invalid/i.test(`${e.id} ${e.className}`) || e.getAttribute('role') === 'alert' ||
		    e.id === f.getAttribute('aria-errormessage'));
		const anyError = [...document.querySelectorAll('[class*="error"], [id*="error"], [role="alert"]')].filter(shown)
		    .map((e) => `${sel(e)} "${text(e, 80)}"`);
		if (!errs.length) {
			problems.push(`no error message tied to ${sel(f)} by aria-describedby or aria-errormessage` +
			    ` (describedby: "${f.getAttribute('aria-describedby') || ''}"); errors on the page: ${anyError.join('; ') || 'none'}`);
			return { ok: false, problems };
		}
		const e = errs[0];
		const msg = text(e, 120);
		if (!shown(e) || !msg)
			problems.push(`the error ${sel(e)} is not shown or empty`);
		const controls = [...document.querySelectorAll('input:not([type="hidden"]), select, textarea, button')].filter(shown);
		const between = controls.filter((c) => c !== f &&
		    (((f.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING) && (c.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING)) ||
		     ((e.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING) && (c.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING))));
		if (between.length)
			problems.push(`${between.length} other control(s) between ${sel(f)} and its error ${sel(e)}: ` +
			    between.slice(0, 5).map((c) => sel(c)).join(', '));
		const fr = f.getBoundingClientRect(), er = e.getBoundingClientRect();
		const gap = Math.max(0, er.top - fr.bottom, fr.top - er.bottom);
		if (gap > 40)
			problems.push(`the error ${sel(e)} is ${Math.round(gap)} px away from ${sel(f)} (at most 40)`);
		return { ok: !problems.length, problems, msg, error: sel(e) };
	}

	if (k === 'error-in-view') {
		// Right after the page loads: the field's error, or a link to the
		// field (an error summary), is on screen.
		const f = document.querySelector(arg.field);
		if (!f)
			return { ok: false, why: `no field ${arg.field}` };
		const onScreen = (el) => {
			const r = el.getBoundingClientRect();
			return shown(el) && r.bottom > 0 && r.top < window.innerHeight;
		};
		const cands = [];
		for (const id of `${f.getAttribute('aria-describedby') || ''} ${f.getAttribute('aria-errormessage') || ''}`.split(/\s+/).filter(Boolean)) {
			const e = document.getElementById(id);
			if (e && /error|invalid/i.test(`${e.id} ${e.className}`))
				cands.push(e);
		}
		if (f.id)
			cands.push(...document.querySelectorAll(`a[href="#${CSS.escape(f.id)}"]`));
		const seen = cands.filter(onScreen);
		const where = cands.map((c) => `${sel(c)} at y=${Math.round(c.getBoundingClientRect().top + window.scrollY)}`);
		return {
			ok: seen.length > 0, scrollY: Math.round(window.scrollY), ih: window.innerHeight,
			why: seen.length ? '' : `scrolled to y=${Math.round(window.scrollY)} (viewport ${window.innerHeight} px high); ` +
			    (cands.length ? `the error is off screen: ${where.join(', ')}` : `no error message or link to ${sel(f)} found`),
		};
	}

	if (k === 'field-values') {
		const f = document.querySelector(arg.form);
		if (!f)
			return null;
		const out = {};
		for (const el of f.querySelectorAll('input:not([type="hidden"]), select, textarea'))
			if (el.name)
				out[el.name] = el.value;
		return out;
	}
	throw new Error(`probe: unknown kind ${k}`);
}
