// The replay stepper: arrow keys step, space plays or pauses; while playing, the next step opens
// after a moment. The page works without this (every control is a link).
(function () {
  "use strict";
  const root = document.querySelector(".replay[data-step]");
  if (!root) return;
  const go = (selector) => { const link = document.querySelector(selector); if (link) location.href = link.href; };
  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "ArrowLeft") go('a[rel="prev"]');
    else if (event.key === "ArrowRight") go('a[rel="next"]');
    else if (event.key === " ") { event.preventDefault(); go("#play"); }
  });
  if (root.dataset.playing) setTimeout(() => { location.href = `?step=${Number(root.dataset.step) + 1}&play=1`; }, 1200);
})();
