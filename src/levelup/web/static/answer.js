// The answer page: a timer kept in step with the server (time on the answer of the suggested
// minutes), and autosave of the part being written (every few seconds while it changes, on blur,
// and when leaving the page) into the answer file on the server. "Done" is a plain form post.
(function () {
  "use strict";
  const root = document.querySelector(".answer-page");
  if (!root) return;
  const answerId = root.dataset.answer;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  let status = JSON.parse(document.getElementById("status-data").textContent);
  let syncedAt = Date.now();

  // -- timer -------------------------------------------------------------------------------------
  const timer = document.getElementById("timer");
  const clock = (s) => { s = Math.max(0, Math.floor(s)); return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`; };
  function showTime() {
    const running = status.phase === "answering";
    const elapsed = status.elapsed_seconds + (running ? (Date.now() - syncedAt) / 1000 : 0);
    const limit = status.minutes * 60;
    timer.textContent = `${clock(elapsed)} of ${clock(limit)}${running ? "" : " (answer finished)"}`;
    timer.classList.toggle("expired", elapsed > limit);
  }
  async function refreshStatus() {
    try {
      const response = await fetch(`/api/answers/${answerId}`, { credentials: "same-origin" });
      if (!response.ok) return;
      const fresh = await response.json();
      if (fresh.phase !== status.phase || fresh.probe !== status.probe) { location.reload(); return; }
      status = fresh; syncedAt = Date.now();
    } catch (error) { /* the server may be restarting; the next sync catches up */ }
  }
  showTime();
  setInterval(showTime, 1000);
  setInterval(refreshStatus, 30000);

  // -- autosave ----------------------------------------------------------------------------------
  const text = document.getElementById("text");
  if (!text) return;
  const state = document.getElementById("save-state");
  const form = document.getElementById("part-form");
  let dirty = false;
  let saving = null;
  const body = () => JSON.stringify({ text: text.value, probe: status.probe });

  async function save() {
    if (!dirty) return;
    if (saving) { await saving; if (!dirty) return; }
    dirty = false;
    state.textContent = "Saving...";
    saving = fetch(`/api/answers/${answerId}/text`, {
      method: "PUT", credentials: "same-origin", body: body(),
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    }).then(async (response) => {
      const reply = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(reply.error || `saving failed (${response.status})`);
      state.textContent = `Saved at ${new Date().toLocaleTimeString()}.`;
    }).catch((error) => {
      dirty = true;
      state.textContent = `Not saved: ${error.message}`;
    }).finally(() => { saving = null; });
    await saving;
  }
  text.addEventListener("input", () => { dirty = true; state.textContent = "Unsaved changes..."; });
  text.addEventListener("blur", save);
  setInterval(save, 3000);
  form.addEventListener("submit", () => { dirty = false; });  // the form post carries the text itself
  window.addEventListener("pagehide", () => {
    if (!dirty) return;
    fetch(`/api/answers/${answerId}/text`, {
      method: "PUT", credentials: "same-origin", keepalive: true, body: body(),
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    });
  });
  if (status.phase === "answering" || status.phase === "probing") text.focus();
})();
