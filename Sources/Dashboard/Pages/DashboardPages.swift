import Reports

/// The dashboard's pages: small HTML shells that fetch the JSON API and, on a run's page, follow
/// its server-sent events. Every value is inserted as text (`textContent`), never as markup.
enum DashboardPages {
    static let style = """
        body{font:14px system-ui,sans-serif;margin:24px auto;max-width:1200px;color:#1b2430;background:#f4f6f8}
        h1{font-size:22px;margin:0 0 4px} h2{font-size:16px;margin:24px 0 8px} .sub{color:#5b6b7b;margin-bottom:16px}
        table{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 2px #0002}
        th,td{padding:6px 10px;border-bottom:1px solid #e6eaee;text-align:left} th{cursor:pointer;background:#eef2f5;font-weight:600}
        td.num{text-align:right;font-variant-numeric:tabular-nums} a{color:#1d5fa0;text-decoration:none}
        .completed{color:#2e7d32}.running{color:#1565c0;font-weight:600}.failed{color:#c62828}.pending{color:#6b7785}
        .bar{height:8px;background:#e3e8ee;border-radius:4px;min-width:120px}.bar>div{height:8px;background:#1d5fa0;border-radius:4px}
        input{padding:6px;margin:8px 0;width:300px} #updated{color:#6b7785;font-size:12px}
        """

    static func shell(title: String, body: String, script: String) -> String {
        """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(HTMLEscape.text(title))</title>
        <style>\(style)</style></head><body>\(body)
        <script>
        const token = new URLSearchParams(location.search).get('token');
        const q = token ? ('?token=' + encodeURIComponent(token)) : '';
        function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = text; if (cls) e.className = cls; return e; }
        function num(x, d) { return (x === null || x === undefined) ? '—' : Number(x).toFixed(d); }
        function link(text, href) { const a = el('a', text); a.href = href + q; return a; }
        \(script)
        </script></body></html>
        """
    }

    static var runs: String {
        shell(title: "ADMF runs", body: """
            <h1>ADMF runs</h1><div class="sub">Read-only view of the run stores</div>
            <table><thead><tr><th>run</th><th>workflow</th><th>phases</th><th>completed</th><th>running</th><th>failed</th><th>store</th></tr></thead>
            <tbody id="runs"></tbody></table>
            """, script: """
            fetch('/api/runs' + q).then(r => r.json()).then(runs => {
              const body = document.getElementById('runs');
              for (const run of runs) {
                const tr = el('tr'); const td = el('td'); td.appendChild(link(run.id, '/runs/' + run.id)); tr.appendChild(td);
                tr.appendChild(el('td', run.workflow));
                for (const k of ['phases', 'completed', 'running', 'failed']) tr.appendChild(el('td', run[k], 'num'));
                tr.appendChild(el('td', run.store)); body.appendChild(tr);
              }
            });
            """)
    }

    static var run: String {
        shell(title: "ADMF run", body: """
            <h1 id="title">run</h1><div class="sub" id="sub"></div><div id="updated"></div>
            <h2>Phases</h2>
            <table><thead><tr><th>phase</th><th>type</th><th>status</th><th>progress</th><th>trials</th><th>best</th><th>ETA</th><th>time</th><th>workers</th><th>executor</th><th>message</th></tr></thead>
            <tbody id="phases"></tbody></table>
            <h2>Live sessions</h2><table><thead><tr><th>phase</th><th>state</th><th>bars</th><th>equity</th><th>allocation</th><th>alerts</th></tr></thead><tbody id="live"></tbody></table>
            <h2>Events</h2><table><thead><tr><th>phase</th><th>kind</th><th>message</th></tr></thead><tbody id="events"></tbody></table>
            """, script: """
            const id = location.pathname.split('/')[2];
            let updates = 0;
            function render(run) {
              updates += 1;
              document.body.dataset.updates = updates;
              document.getElementById('title').textContent = run.workflow;
              document.getElementById('sub').textContent = 'run ' + run.id + ' — ' + run.store;
              document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString() + ' (' + updates + ' updates)';
              const body = document.getElementById('phases'); body.replaceChildren();
              for (const p of run.phases) {
                const tr = el('tr'); const name = el('td'); name.appendChild(link(p.name, '/runs/' + run.id + '/phases/' + p.name)); tr.appendChild(name);
                tr.appendChild(el('td', p.type)); tr.appendChild(el('td', p.status, p.status));
                const progress = p.progress || null; const cell = el('td'); const bar = el('div', null, 'bar'); const fill = el('div');
                const share = progress && progress.planned > 0 ? progress.done / progress.planned : (p.status.startsWith('completed') ? 1 : 0);
                fill.style.width = Math.round(100 * share) + '%'; bar.appendChild(fill); cell.appendChild(bar); tr.appendChild(cell);
                tr.appendChild(el('td', progress ? progress.done + ' / ' + progress.planned : '—', 'num'));
                tr.appendChild(el('td', progress ? num(progress.best, 4) + ' ' + progress.objective : '—', 'num'));
                tr.appendChild(el('td', progress && progress.eta_seconds !== null ? num(progress.eta_seconds, 0) + ' s' : '—', 'num'));
                tr.appendChild(el('td', p.seconds === null ? '—' : num(p.seconds, 1) + ' s', 'num'));
                tr.appendChild(el('td', p.workers === null ? '—' : p.workers, 'num'));
                const x = p.executor; let shards = x ? x.executor + ': ' + x.done + ' / ' + x.shards + ' shards' : 'threads';
                if (x && x.running > 0) shards += ', ' + x.running + ' in flight';
                if (x && x.retried > 0) shards += ', ' + x.retried + ' retried';
                if (x && x.workers > 0) shards += ', ' + x.workers + ' worker processes';
                if (x && x.jobs.length > 0) shards += ', Slurm job' + (x.jobs.length > 1 ? 's ' : ' ') + x.jobs.join(', ');
                tr.appendChild(el('td', shards, 'executor')); tr.appendChild(el('td', p.message || ''));
                body.appendChild(tr);
              }
              const live = document.getElementById('live'); live.replaceChildren();
              for (const s of run.live) { const tr = el('tr'); tr.appendChild(el('td', s.phase)); const st = s.status || {};
                for (const k of ['state', 'steps']) tr.appendChild(el('td', st[k]));
                tr.appendChild(el('td', num(st.equity, 2), 'num')); tr.appendChild(el('td', num(st.allocation, 2), 'num')); tr.appendChild(el('td', st.alerts, 'num'));
                live.appendChild(tr); }
              const events = document.getElementById('events'); events.replaceChildren();
              for (const e of run.events.slice().reverse()) { const tr = el('tr'); tr.appendChild(el('td', e.phase || '')); tr.appendChild(el('td', e.kind)); tr.appendChild(el('td', e.message)); events.appendChild(tr); }
            }
            fetch('/api/runs/' + id + q).then(r => r.json()).then(render);
            const source = new EventSource('/events/' + id + q);
            source.onmessage = (m) => render(JSON.parse(m.data));
            """)
    }

    static var trials: String {
        shell(title: "ADMF trials", body: """
            <h1 id="title">trials</h1>
            <h2>Outputs</h2>
            <iframe id="report" title="the phase's outputs, as its report shows them" style="width:100%;border:0;background:#fff;min-height:200px"></iframe>
            <h2>Trials</h2><div class="sub" id="sub"></div>
            <label>Filter: <input id="filter" aria-label="show only trials with this text in any column"></label>
            <div style="overflow-x:auto"><table><thead><tr id="head"></tr></thead><tbody id="rows"></tbody></table></div>
            """, script: """
            const parts = location.pathname.split('/'); const id = parts[2], phase = decodeURIComponent(parts[4]);
            document.getElementById('title').textContent = phase;
            const frame = document.getElementById('report');
            frame.onload = () => { try { frame.style.height = (frame.contentDocument.documentElement.scrollHeight + 20) + 'px'; } catch (e) {} };
            frame.src = '/runs/' + id + '/phases/' + encodeURIComponent(phase) + '/report' + q;
            let rows = [], columns = [], sortKey = 'objective', descending = true;
            function flat(t) { const r = {index: t.index, status: t.status, objective: t.objective};
              const p = t.parameters || {}; r.strategy = p.strategy; for (const [k, v] of Object.entries(p.parameters || {})) r[k] = v;
              for (const [k, v] of Object.entries(t.metrics || {})) if (typeof v !== 'object') r[k] = v; return r; }
            function draw() {
              const f = document.getElementById('filter').value.toLowerCase();
              const shown = rows.filter(r => !f || columns.some(c => String(r[c]).toLowerCase().includes(f)));
              const missing = (v) => v === null || v === undefined;
              shown.sort((a, b) => { const x = a[sortKey], y = b[sortKey];
                if (missing(x) || missing(y)) return missing(x) - missing(y);   // missing values last, either way
                const d = x < y ? -1 : x > y ? 1 : 0; return descending ? -d : d; });
              const body = document.getElementById('rows'); body.replaceChildren();
              const show = (v) => typeof v === 'number' ? (Number.isInteger(v) ? String(v) : num(v, 4)) : v;
              for (const r of shown.slice(0, 500)) { const tr = el('tr'); for (const c of columns) tr.appendChild(el('td', show(r[c]), typeof r[c] === 'number' ? 'num' : '')); body.appendChild(tr); }
              document.getElementById('sub').textContent = shown.length + ' of ' + rows.length + ' trials (first 500 shown), sorted by ' + sortKey + (descending ? ' ↓' : ' ↑');
            }
            fetch('/api/runs/' + id + '/trials/' + encodeURIComponent(phase) + q).then(r => r.json()).then(trials => {
              rows = trials.map(flat); columns = [...new Set(rows.flatMap(r => Object.keys(r)))];
              const head = document.getElementById('head');
              for (const c of columns) { const th = el('th', c); th.onclick = () => { descending = sortKey === c ? !descending : true; sortKey = c; draw(); }; head.appendChild(th); }
              draw();
            });
            document.getElementById('filter').oninput = draw;
            """)
    }
}
