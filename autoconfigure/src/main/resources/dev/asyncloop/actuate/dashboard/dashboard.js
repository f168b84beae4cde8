/*
 * asyncloop's live monitor. Everything on the page comes from the asyncloop actuator
 * endpoint (the summary and its reports), read twice a second with the page's own
 * credentials: the page has no data of its own, and the endpoint's access rules apply.
 */
(function () {
	'use strict';

	const REFRESH_MS = 500;
	const REQUEST_TIMEOUT_MS = 5000;
	const TIMELINE_MIN_WINDOW_S = 30;
	const TIMELINE_MAX_WINDOW_S = 300;
	const LAG_POINTS = 120;
	const LISTED_FINDINGS = 50;
	/* How stacks are cut, as the log cuts them. */
	const INNERMOST = 3;
	const INNERMOST_WITHOUT_APPLICATION = 12;
	const AROUND = 2;
	const REPORTS = ['tasks', 'slow-callbacks', 'blocking-calls', 'never-awaited', 'unretrieved-exceptions',
		'thread-safety', 'resource-leaks', 'resources'];
	const COLORS = {
		'loop': '#d92d20', 'worker': '#7a5af8', 'reactor-parallel': '#f79009', 'reactor-single': '#dc6803',
		'reactor-bounded-elastic': '#2e90fa', 'netty': '#12b76a'
	};
	const PALETTE = ['#0ba5ec', '#ee46bc', '#66c61c', '#875bf7', '#ef6820', '#15b79e'];

	const endpoint = document.body.dataset.endpoint;
	const applicationPackages = list(document.body.dataset.application);
	const frameworkPackages = list(document.body.dataset.frameworks);
	const status = document.getElementById('status');
	const openStacks = new Set();
	const lagHistory = { times: [], byExecutor: new Map() };
	const state = { updates: 0, failures: 0, bars: [], lag: lagHistory, error: null, charts: {} };
	window.asyncloopDashboard = state;

	const chartShapes = {};
	let timelineWindow = [0, 1];

	function list(text) {
		return text ? text.split(',').filter((item) => item.length > 0).map((item) => item.endsWith('.') ? item : item + '.') : [];
	}

	/** Whether a rendered frame ({@code Class.method(File.java:1)}) is the application's, as the log tells. */
	function isApplication(frame) {
		const call = frame.indexOf('(');
		const className = frame.substring(0, frame.lastIndexOf('.', call >= 0 ? call : frame.length));
		if (className.includes('$$SpringCGLIB$$') || className.includes('$$Lambda') || className.startsWith('dev.asyncloop.')) {
			return false;
		}
		if (applicationPackages.length > 0) {
			return applicationPackages.some((prefix) => className.startsWith(prefix));
		}
		return !frameworkPackages.some((prefix) => className.startsWith(prefix));
	}

	/**
	 * A stack cut as the log cuts it: the innermost few frames, each application frame with
	 * two on either side, and a count of the frames left out between them.
	 */
	function cut(frames) {
		const kept = frames.map(() => false);
		let anyApplication = false;
		frames.forEach((frame, i) => {
			if (isApplication(frame)) {
				anyApplication = true;
				for (let j = Math.max(0, i - AROUND); j <= Math.min(frames.length - 1, i + AROUND); j++) {
					kept[j] = true;
				}
			}
		});
		for (let i = 0; i < Math.min(anyApplication ? INNERMOST : INNERMOST_WITHOUT_APPLICATION, frames.length); i++) {
			kept[i] = true;
		}
		const lines = [];
		let leftOut = 0;
		frames.forEach((frame, i) => {
			if (kept[i] || frame.startsWith('... ')) {
				if (leftOut > 0) {
					lines.push('... ' + leftOut + ' frames left out');
				}
				leftOut = 0;
				lines.push(frame);
			}
			else {
				leftOut++;
			}
		});
		if (leftOut > 0) {
			lines.push('... ' + leftOut + ' frames left out');
		}
		return lines;
	}

	function color(name) {
		if (COLORS[name]) {
			return COLORS[name];
		}
		let hash = 0;
		for (const ch of name) {
			hash = (hash * 31 + ch.charCodeAt(0)) | 0;
		}
		return PALETTE[Math.abs(hash) % PALETTE.length];
	}

	function el(tag, attributes, ...children) {
		const element = document.createElement(tag);
		for (const [name, value] of Object.entries(attributes || {})) {
			if (value !== null && value !== undefined) {
				element.setAttribute(name, value);
			}
		}
		for (const child of children) {
			if (child !== null && child !== undefined) {
				element.append(child instanceof Node ? child : String(child));
			}
		}
		return element;
	}

	function millis(ms) {
		if (ms === null || ms === undefined) {
			return '—';
		}
		return ms >= 1000 ? (ms / 1000).toFixed(3) + ' s' : Math.round(ms) + ' ms';
	}

	function clock(iso) {
		return iso ? new Date(iso).toLocaleTimeString() : '';
	}

	/**
	 * A stack as a collapsed block that stays open across refreshes once opened: cut as the
	 * log cuts it, with the whole stack one click further. Where something was made is
	 * shown as asyncio prints it, most recent call last, without asyncloop's own frames.
	 */
	function stack(key, label, frames, createdAt) {
		if (!frames || frames.length === 0) {
			return null;
		}
		const whole = createdAt ? frames.filter((frame) => !frame.startsWith('dev.asyncloop.') || isApplication(frame)) : frames;
		const shown = createdAt ? cut(whole).reverse() : cut(whole);
		const all = createdAt ? [...whole].reverse() : whole;
		const details = el('details', { 'data-key': key },
			el('summary', {}, label + ' (' + frames.length + ' frames)'), el('pre', { class: 'cut' }, shown.join('\n')));
		if (shown.length < all.length) {
			details.append(remembered(el('details', { 'data-key': key + '-whole', class: 'whole' },
				el('summary', {}, 'all ' + all.length + ' frames'), el('pre', {}, all.join('\n')))));
		}
		return remembered(details);
	}

	/** Keeps a block open across refreshes once it was opened. */
	function remembered(details) {
		const key = details.dataset.key;
		details.open = openStacks.has(key);
		details.addEventListener('toggle', () => {
			if (details.open) {
				openStacks.add(key);
			}
			else {
				openStacks.delete(key);
			}
		});
		return details;
	}

	async function read(path) {
		const url = endpoint + path;
		let response;
		try {
			response = await fetch(url, {
				credentials: 'same-origin',
				headers: { 'Accept': 'application/json' },
				cache: 'no-store',
				// A request that never answers must not stop the page: it fails, and the next refresh comes.
				signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
			});
		}
		catch (error) {
			throw new Error('GET ' + url + ' failed: ' + (error.message || error));
		}
		if (!response.ok) {
			throw new Error('GET ' + url + ' answered ' + response.status);
		}
		return response.json();
	}

	async function refresh() {
		const began = performance.now();
		state.refreshingSince = began;
		try {
			// One request at a time: six at once now and then left one unanswered for seconds in
			// Chromium under load, and one after the other is quick enough on any server.
			const summary = await read('');
			const reports = [];
			for (const report of REPORTS) {
				reports.push(await read('/' + report));
			}
			const [tasks, slow, blocking, never, unretrieved, races, leaks, resources] = reports;
			render(summary, tasks, slow.slowCallbacks, blocking.blockingCalls, never.neverAwaited,
				unretrieved.unretrievedExceptions, races.threadSafety, leaks.resourceLeaks);
			renderTransports(resources.connections, resources.pools);
			state.updates++;
			state.error = null;
			state.refreshMs = Math.round(performance.now() - began);
			status.dataset.updates = String(state.updates);
			status.classList.remove('error');
			status.textContent = 'updated ' + new Date().toLocaleTimeString() + ' (' + state.refreshMs + ' ms)';
		}
		catch (error) {
			state.failures++;
			state.error = String(error.message || error);
			status.classList.add('error');
			status.textContent = state.error;
		}
		finally {
			state.refreshingSince = null;
			setTimeout(refresh, REFRESH_MS);
		}
	}

	function render(summary, tasks, slow, blocking, never, unretrieved, races, leaks) {
		const mode = document.getElementById('mode');
		mode.textContent = summary.debug ? 'debug on' : 'debug off';
		mode.classList.toggle('on', summary.debug);
		document.getElementById('threshold').textContent = 'slow callback ' + summary.slowCallbackDuration;
		renderExecutors(summary.executors);
		renderTasks(tasks.tasks, tasks.unlisted || {});
		renderTimeline(slow, tasks.tasks);
		renderLag(summary.executors);
		renderFindings(slow, blocking, never, unretrieved, races, leaks);
	}

	function renderExecutors(executors) {
		const body = document.querySelector('#executors tbody');
		body.replaceChildren(...executors.map((e) => el('tr',
			{ 'data-executor': e.name, class: e.longestRunMs > e.thresholdMs && e.kind === 'non-blocking' ? 'slow' : null },
			el('td', {}, el('span', { class: 'badge' }, e.name)), el('td', {}, e.kind),
			el('td', { class: 'num' }, e.threads),
			el('td', { class: 'num' }, (e.queued ?? '—') + (e.scheduled ? ' (+' + e.scheduled + ' later)' : '')),
			el('td', { class: 'num' }, e.running), el('td', { class: 'num' }, e.completed),
			el('td', { class: 'num' }, e.failed), el('td', { class: 'num' }, e.slowCallbacks),
			el('td', { class: 'num' }, millis(e.longestRunMs)),
			el('td', { class: 'num' }, e.lag ? millis(e.lag.p99Ms) + ' / ' + millis(e.lag.maxMs) : '—'))));
	}

	function renderTasks(tasks, unlisted) {
		const more = Object.entries(unlisted).map(([executor, count]) => count + ' more queued on ' + executor);
		document.getElementById('tasks-count').textContent = [tasks.length + ' live', ...more].join(', ');
		const body = document.querySelector('#tasks tbody');
		if (tasks.length === 0) {
			body.replaceChildren(el('tr', {}, el('td', { colspan: 7, class: 'empty' }, 'no live task')));
			return;
		}
		body.replaceChildren(...tasks.map((t) => el('tr',
			{ 'data-task-id': t.id, 'data-name': t.name, 'data-state': t.state, 'data-executor': t.executor,
				'data-thread': t.thread, 'data-age-ms': t.ageMs, 'data-due-in-ms': t.dueInMs, class: t.state },
			el('td', { class: 'num' }, t.id), el('td', {}, t.name), el('td', {}, t.executor),
			el('td', { class: 'state' }, t.state),
			el('td', { class: 'num' }, t.dueInMs != null ? 'due in ' + millis(t.dueInMs) : millis(t.ageMs)),
			el('td', {}, t.thread ?? ''),
			el('td', {}, stack('task-' + t.id, 'stack', t.stack),
				stack('task-created-' + t.id, 'created at', t.createdAt, true)))));
	}

	function renderTransports(connections, pools) {
		document.getElementById('transports-count').textContent = connections.length + ' connections, '
			+ pools.length + ' pools';
		const body = document.querySelector('#connections tbody');
		body.replaceChildren(...(connections.length === 0
			? [el('tr', {}, el('td', { colspan: 8, class: 'empty' }, 'no open connection'))]
			: connections.map((c) => el('tr', { 'data-side': c.side, class: c.state },
				el('td', {}, c.id), el('td', {}, c.side), el('td', {}, c.local), el('td', {}, c.remote),
				el('td', { class: 'num' }, millis(c.ageMs)), el('td', { class: 'num' }, millis(c.idleMs)),
				el('td', { class: 'state' }, c.state), el('td', {}, c.request ?? '')))));
		const poolBody = document.querySelector('#pools tbody');
		poolBody.replaceChildren(...(pools.length === 0
			? [el('tr', {}, el('td', { colspan: 6, class: 'empty' }, 'no client connection pool'))]
			: pools.map((p) => el('tr', { class: p.pending > 0 ? 'slow' : null },
				el('td', {}, p.name), el('td', {}, p.remote), el('td', { class: 'num' }, p.active),
				el('td', { class: 'num' }, p.idle), el('td', { class: 'num' }, p.pending), el('td', { class: 'num' }, p.max)))));
	}

	/** One bar per slow callback: from when it started to when it ended, or to now while it runs. */
	function timelineBars(slow, tasks) {
		const running = new Map();
		for (const t of tasks) {
			if (t.state === 'running') {
				running.set(t.name + '\u0000' + t.thread, t.runningMs);
			}
		}
		return slow.map((s) => {
			const startMs = Date.parse(s.time) - s.thresholdMs;
			let durationMs = s.durationMs;
			if (!s.finished) {
				durationMs = Math.max(durationMs, running.get(s.task + '\u0000' + s.thread) ?? 0);
			}
			return { task: s.task, executor: s.executor, thread: s.thread, startMs, durationMs, finished: s.finished };
		});
	}

	function renderTimeline(slow, tasks) {
		const now = Date.now();
		const bars = timelineBars(slow, tasks)
			.filter((b) => b.startMs + b.durationMs >= now - TIMELINE_MAX_WINDOW_S * 1000)
			.sort((a, b) => a.startMs - b.startMs);
		state.bars = bars;
		const list = document.getElementById('timeline-bars');
		if (bars.length === 0) {
			list.replaceChildren(el('li', { class: 'empty' }, 'no slow callback in the last ' + TIMELINE_MAX_WINDOW_S / 60 + ' minutes'));
		}
		else {
			list.replaceChildren(...bars.map((b) => el('li', {
				'data-task': b.task, 'data-executor': b.executor, 'data-thread': b.thread,
				'data-duration-ms': b.durationMs, 'data-finished': String(b.finished),
				class: b.finished ? 'finished' : 'running'
			}, b.task + ' on ' + b.thread + ' (' + b.executor + '): ' + millis(b.durationMs)
				+ (b.finished ? '' : ', still running'))));
		}
		const rows = [...new Set(bars.map((b) => b.thread))].sort();
		// As wide as the callbacks shown need, but never so wide that a 2 s stall is a speck.
		const end = Math.max(now, ...bars.map((b) => b.startMs + b.durationMs)) / 1000;
		const oldest = bars.length > 0 ? bars[0].startMs / 1000 : end;
		const start = end - Math.min(TIMELINE_MAX_WINDOW_S, Math.max(TIMELINE_MIN_WINDOW_S, (end - oldest) * 1.1));
		timelineWindow = [start, end];
		const xs = [...new Set([start, end, ...bars.flatMap((b) => [b.startMs / 1000, (b.startMs + b.durationMs) / 1000])])]
			.filter((x) => x >= start)
			.sort((a, b) => a - b);
		const data = [xs, ...bars.map((b) => {
			const row = rows.indexOf(b.thread);
			const from = b.startMs / 1000;
			const to = (b.startMs + b.durationMs) / 1000;
			return xs.map((x) => (x >= from && x <= to) ? row : null);
		})];
		const shape = bars.map((b) => b.executor + '@' + b.thread).join(',') + '|' + rows.join(',');
		draw('timeline', shape, data, (width) => ({
			width,
			height: 60 + 28 * Math.max(1, rows.length),
			legend: { show: false },
			cursor: { show: false },
			scales: {
				x: { time: true, range: () => timelineWindow },
				y: { auto: false, range: [-0.5, Math.max(1, rows.length) - 0.5] }
			},
			axes: [{}, {
				size: 170,
				splits: () => rows.map((_, i) => i),
				values: (u, splits) => splits.map((i) => rows[i] ?? '')
			}],
			series: [{}, ...bars.map((b) => ({
				label: b.task, stroke: color(b.executor), width: 12, points: { show: false }, spanGaps: false
			}))]
		}));
	}

	/**
	 * Draws chart {@code id} with {@code data}: in place while its series stay the same
	 * ({@code shape}), anew when they change, as uPlot fixes its series when it is made.
	 */
	function draw(id, shape, data, options) {
		const chart = state.charts[id];
		if (chart && chartShapes[id] === shape) {
			chart.setData(data);
			return;
		}
		if (chart) {
			chart.destroy();
		}
		const container = document.getElementById(id);
		chartShapes[id] = shape;
		state.charts[id] = new uPlot(options(container.clientWidth || 800), data, container);
	}

	/**
	 * How held up each non-blocking executor is now: where probed, the longest lag of the
	 * last second or the stall still going on, so that a stall shows with its size and its
	 * end; elsewhere its longest running task.
	 */
	function lagOf(executor) {
		if (executor.lag) {
			return Math.max(executor.lag.lastSecondMs, executor.longestRunMs);
		}
		return executor.kind === 'non-blocking' ? executor.longestRunMs : null;
	}

	function renderLag(executors) {
		const now = Date.now() / 1000;
		lagHistory.times.push(now);
		for (const e of executors) {
			const value = lagOf(e);
			if (value === null) {
				continue;
			}
			if (!lagHistory.byExecutor.has(e.name)) {
				lagHistory.byExecutor.set(e.name, lagHistory.times.slice(0, -1).map(() => null));
			}
		}
		for (const [name, values] of lagHistory.byExecutor) {
			const executor = executors.find((e) => e.name === name);
			values.push(executor ? lagOf(executor) : null);
		}
		if (lagHistory.times.length > LAG_POINTS) {
			lagHistory.times.shift();
			lagHistory.byExecutor.forEach((values) => values.shift());
		}
		const names = [...lagHistory.byExecutor.keys()];
		const data = [lagHistory.times, ...names.map((n) => lagHistory.byExecutor.get(n))];
		draw('lag', names.join(','), data, (width) => ({
			width,
			height: 220,
			scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(10, max * 1.1)] } },
			axes: [{}, { size: 70, values: (u, splits) => splits.map((v) => v >= 1000 ? v / 1000 + ' s' : v + ' ms') }],
			series: [{}, ...names.map((n) => ({ label: n, stroke: color(n), width: 2, points: { show: false } }))]
		}));
	}

	function findingItem(key, what, where, stacks) {
		return el('li', { 'data-key': key }, el('div', { class: 'what' }, what), el('div', { class: 'where' }, where),
			...stacks.map(([label, frames, createdAt], i) => stack(key + '-' + i, label, frames, createdAt)));
	}

	function renderList(id, entries, item) {
		document.getElementById('count-' + id).textContent = String(entries.length);
		const list = document.getElementById('findings-' + id);
		if (entries.length === 0) {
			list.replaceChildren(el('li', { class: 'empty' }, 'none'));
			return;
		}
		list.replaceChildren(...entries.slice(0, LISTED_FINDINGS).map(item));
	}

	function renderFindings(slow, blocking, never, unretrieved, races, leaks) {
		renderList('slow-callbacks', slow, (s) => findingItem('slow-' + s.task + s.thread + s.time,
			s.task + (s.finished ? ' took ' + millis(s.durationMs) : ' still running'),
			s.executor + ' · ' + s.thread + ' · ' + clock(s.time) + (s.blockingCall ? ' · ' + s.blockingCall : ''),
			[['stack when it crossed ' + millis(s.thresholdMs), s.stack], ['created at', s.createdAt, true]]));
		renderList('blocking-calls', blocking, (b) => findingItem('blocking-' + b.call + b.thread + b.time,
			b.call + ' (' + millis(b.durationMs) + ')',
			b.executor + ' · ' + b.thread + (b.task ? ' · ' + b.task : '') + ' · ' + clock(b.time), [['stack', b.stack]]));
		renderList('never-awaited', never, (n) => findingItem('never-' + n.name + n.time,
			n.type + ' returned by ' + n.name + ' was never subscribed', clock(n.time), [['created at', n.createdAt, true]]));
		renderList('unretrieved-exceptions', unretrieved, (u) => findingItem('lost-' + u.task + u.time,
			u.exception, u.task + ' · ' + u.executor + ' · ' + clock(u.time)
				+ (u.retrievedLater ? ' · retrieved later' : ''),
			[['exception', u.stack], ['created at', u.createdAt, true]]));
		renderList('thread-safety', races, (r) => findingItem('race-' + r.operation + r.thread + r.time,
			r.operation + ' on ' + r.thread + ' while ' + (r.otherThread || 'another thread') + ' was inside'
				+ (r.lost ? ' · value dropped' : ''),
			r.subject + ' · ' + clock(r.time),
			[['stack', r.stack], ['other thread', r.otherStack], ['made at', r.createdAt, true]]));
		renderList('resource-leaks', leaks, (l) => findingItem('leak-' + l.resource + l.time,
			l.resource + (l.durationMs != null ? ' held ' + millis(l.durationMs) : ' never released'),
			(l.request ? l.request + ' · ' : '') + clock(l.time),
			[['allocated at', l.stack], ['last touched at', l.accessedAt]]));
	}

	window.addEventListener('resize', () => {
		for (const [id, chart] of Object.entries(state.charts)) {
			chart.setSize({ width: document.getElementById(id).clientWidth, height: chart.height });
		}
	});

	refresh();
})();
