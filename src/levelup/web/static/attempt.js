// The attempt page: tabs over the workspace's files, save on Check (Ctrl/Cmd+Enter), results
// streamed as Server-Sent Events, a timer kept in step with the server, and files changed
// outside the browser picked up while you are not editing them.
(function () {
  "use strict";
  const root = document.querySelector(".attempt");
  const attemptId = root.dataset.attempt;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  let status = JSON.parse(document.getElementById("status-data").textContent);
  const api = (path, options = {}) => fetch(`/api/attempts/${attemptId}${path}`, {
    credentials: "same-origin",
    ...options,
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, ...(options.headers || {}) },
  }).then(async (response) => {
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error || `request failed (${response.status})`);
    return body;
  });

  // -- files and editor ------------------------------------------------------------------------
  const buffers = new Map(); // path -> {text, editable, mtime, dirty}
  let current = null;
  const view = LevelupEditor.create(document.getElementById("editor"), "", {
    onChange: () => { if (current) buffers.get(current).dirty = true; autosaveSoon(); },
    onCheck: () => check(),
    onPaste: (text) => { if (text.length >= MIN_PASTE_REPORTED && text !== copiedInside) report("paste", text.length, current); },
    onCopy: (text) => { copiedInside = text; },
  });
  const note = document.getElementById("file-note");

  async function open(path) {
    if (current) buffers.get(current).text = LevelupEditor.text(view);
    if (!buffers.has(path)) {
      const file = await api(`/files/${path}`);
      buffers.set(path, { text: file.text, editable: file.editable, mtime: file.mtime, dirty: false });
    }
    current = path;
    const buffer = buffers.get(path);
    const wasDirty = buffer.dirty;
    LevelupEditor.replace(view, buffer.text);
    buffer.dirty = wasDirty;
    LevelupEditor.setReadOnly(view, !buffer.editable);
    note.textContent = buffer.editable ? "" : "Test files of the problem are read-only.";
    for (const tab of document.querySelectorAll(".tab")) tab.setAttribute("aria-selected", String(tab.dataset.path === path));
  }

  async function saveAll() {
    if (current) buffers.get(current).text = LevelupEditor.text(view);
    for (const [path, buffer] of buffers) {
      if (!buffer.editable || !buffer.dirty) continue;
      const saved = await api(`/files/${path}`, { method: "PUT", body: JSON.stringify({ text: buffer.text }) });
      buffer.mtime = saved.mtime;
      buffer.dirty = false;
    }
  }

  async function pollFiles() {
    try {
      const { files } = await api("/files");
      for (const file of files) {
        const buffer = buffers.get(file.path);
        if (!buffer || file.mtime === buffer.mtime) continue;
        if (buffer.dirty) { note.textContent = `${file.path} changed on disk; Check will overwrite it with your edits.`; continue; }
        const fresh = await api(`/files/${file.path}`);
        buffer.text = fresh.text; buffer.mtime = fresh.mtime;
        if (file.path === current) { LevelupEditor.replace(view, fresh.text); buffer.dirty = false; note.textContent = `${file.path} was changed outside the browser and reloaded.`; }
      }
      if (files.some((f) => !document.querySelector(`.tab[data-path="${CSS.escape(f.path)}"]`))) location.reload();
    } catch (error) { /* the server may be restarting */ }
  }

  // -- hosted mode: autosave for the reviewer's replay, and pastes and focus loss reported --------
  // (only when the page carries data-events; a local attempt saves on Check and reports nothing)
  const eventsUrl = root.dataset.events;
  const MIN_PASTE_REPORTED = 20;  // characters; the server flags from a larger, configurable size
  let copiedInside = "";  // text copied or cut inside the editor: pasting it back is a refactor
  let idleTimer = null, dirtySince = null, awaySince = null;
  function report(kind, amount, path) {
    if (!eventsUrl) return;
    fetch(eventsUrl, {
      method: "POST", credentials: "same-origin", keepalive: true,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(path ? { kind, amount, path } : { kind, amount }),
    }).catch(() => {});
  }
  function autosaveSoon() {  // 3 s after typing stops, and at most 30 s after the first unsaved change
    if (!eventsUrl) return;
    const now = Date.now();
    if (dirtySince === null) dirtySince = now;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => { dirtySince = null; if (!checking) saveAll().catch(() => {}); },
      Math.min(3000, Math.max(0, dirtySince + 30000 - now)));
  }
  function away() { if (awaySince === null) awaySince = Date.now(); }
  function back() {
    if (awaySince === null) return;
    const seconds = (Date.now() - awaySince) / 1000;
    awaySince = null;
    if (seconds >= 2) report("focus-lost", Math.round(seconds * 10) / 10);
  }
  if (eventsUrl) {
    window.addEventListener("blur", away);
    window.addEventListener("focus", back);
    document.addEventListener("visibilitychange", () => (document.hidden ? away() : back()));
  }

  // -- timer -------------------------------------------------------------------------------------
  const timer = document.getElementById("timer");
  let clockOffset = status.server_time * 1000 - Date.now();
  let syncedAt = Date.now();
  function showTime() {
    const since = (Date.now() - syncedAt) / 1000;
    const running = status.state === "active";
    const format = (s) => { s = Math.max(0, Math.floor(s)); return `${Math.floor(s / 3600) ? Math.floor(s / 3600) + ":" : ""}${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`; };
    if (status.remaining_seconds !== null && status.remaining_seconds !== undefined) {
      const left = status.remaining_seconds - (running ? since : 0);
      timer.textContent = left > 0 && status.state !== "expired" ? `${format(left)} left` : "time is up";
      timer.classList.toggle("expired", left <= 0 || status.state === "expired");
      if (left <= 0 && running && status.mode === "exam") refreshStatus();
    } else {
      timer.textContent = `${format(status.elapsed_seconds + (running ? since : 0))}${status.state === "paused" ? " (paused)" : ""}`;
    }
  }
  async function refreshStatus() {
    status = await api("/status");
    clockOffset = status.server_time * 1000 - Date.now();
    syncedAt = Date.now();
    document.getElementById("score").textContent = `${status.score} / 1000`;
    const pause = document.getElementById("pause");
    if (pause) pause.textContent = status.state === "paused" ? "Resume" : "Pause";
  }

  // -- checks --------------------------------------------------------------------------------------
  const results = document.getElementById("results");
  const summary = document.getElementById("summary");
  const progress = document.getElementById("progress");
  let checking = false;

  function el(tag, className, text) { const node = document.createElement(tag); if (className) node.className = className; if (text !== undefined) node.textContent = text; return node; }

  function showTest(test) {
    let group = results.querySelector(`[data-level="${test.level}"]`);
    if (!group) {
      group = el("section", "level-group"); group.dataset.level = test.level;
      group.appendChild(el("h3", "", `Level ${test.level}`));
      results.appendChild(group);
    }
    const item = el("div", `result ${test.status}`);
    item.dataset.name = test.name;
    item.appendChild(el("span", "status", test.status));
    item.appendChild(document.createTextNode(` ${test.name}${test.visible ? "" : " (hidden)"}`));
    if (test.message) item.appendChild(el("pre", "message", test.message));
    if (test.details) item.appendChild(el("pre", "details", test.details));
    if (test.output) { item.appendChild(el("div", "muted", "Your printed output:")); item.appendChild(el("pre", "output", test.output)); }
    const earlier = [...group.children].find((node) => node.dataset && node.dataset.name === test.name);
    if (earlier) earlier.replaceWith(item); else group.appendChild(item);  // a retried check tells a test again
  }

  async function check() {
    if (checking) return;
    checking = true;
    document.getElementById("check").disabled = true;
    results.replaceChildren();
    summary.textContent = "Saving and grading...";
    progress.hidden = false; progress.removeAttribute("value");
    try {
      await saveAll();
      const started = await api("/checks", { method: "POST" });
      const source = new EventSource(started.events);
      const tests = [];
      source.addEventListener("test", (event) => {
        const test = JSON.parse(event.data);
        tests.push(test); showTest(test);
        summary.textContent = `${results.querySelectorAll(".result").length} tests graded...`;
      });
      source.addEventListener("done", async (event) => {
        source.close();
        const done = JSON.parse(event.data);
        showSummary(done);
        status = done.status; syncedAt = Date.now();
        document.getElementById("score").textContent = `${status.score} / 1000`;
        if (done.newly_unlocked) {  // reload for the new spec and test tabs; keep the results on screen
          sessionStorage.setItem("levelup-last-check", JSON.stringify({ done, tests }));
          location.reload();
          return;
        }
        finish();
      });
      source.addEventListener("failed", (event) => { source.close(); summary.textContent = `Could not grade: ${JSON.parse(event.data).message}`; finish(); });
      source.onerror = () => { if (source.readyState === EventSource.CLOSED) finish(); };
    } catch (error) {
      summary.textContent = error.message;
      finish();
    }
  }
  function showSummary(done) {
    progress.hidden = false; progress.max = done.total || 1; progress.value = done.passed;
    summary.textContent = `${done.passed}/${done.total} passed · score ${done.score}${done.counted ? "" : " (not counted)"}${done.note ? " · " + done.note : ""}`;
  }
  function finish() { checking = false; document.getElementById("check").disabled = false; if (progress.value === 0) progress.hidden = true; }

  // -- wiring ----------------------------------------------------------------------------------------
  for (const tab of document.querySelectorAll(".tab")) tab.addEventListener("click", () => open(tab.dataset.path));
  document.getElementById("check").addEventListener("click", check);
  document.addEventListener("keydown", (event) => { if ((event.ctrlKey || event.metaKey) && event.key === "Enter") { event.preventDefault(); check(); } });
  document.getElementById("submit").addEventListener("click", async () => {
    if (!confirm("Submit this attempt? The clock stops and the report shows the reference solutions.")) return;
    try { await saveAll(); await api("/submit", { method: "POST" }); location.href = `/attempts/${attemptId}/report`; }
    catch (error) { summary.textContent = error.message; }
  });
  const pause = document.getElementById("pause");
  if (pause) pause.addEventListener("click", async () => {
    try { status = await api(status.state === "paused" ? "/resume" : "/pause", { method: "POST" }); syncedAt = Date.now(); pause.textContent = status.state === "paused" ? "Resume" : "Pause"; }
    catch (error) { summary.textContent = error.message; }
  });
  const last = sessionStorage.getItem("levelup-last-check");
  if (last) {
    sessionStorage.removeItem("levelup-last-check");
    const { done, tests } = JSON.parse(last);
    tests.forEach(showTest);
    showSummary(done);
    const banner = document.getElementById("unlock-banner");
    banner.textContent = `Level ${done.newly_unlocked} unlocked: its spec is below and its tests are in the tabs.`;
    banner.hidden = false;
  }
  const first = document.querySelector(".tab");
  if (first) open(first.dataset.path);
  showTime();
  setInterval(showTime, 1000);
  setInterval(refreshStatus, 30000);
  setInterval(pollFiles, 2000);
})();
