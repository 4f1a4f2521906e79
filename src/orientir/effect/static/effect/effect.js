// While the region's effect is being recomputed, polls the page's notice (the template's own
// partial, `?part=status`); reloads the page once the new computation is there.
window.orientirPoll("effect-status", "effectPoll", 3000, function (fresh) {
  "use strict";
  if (fresh.dataset.effectState !== "current") { return false; }
  window.location.reload();
  return true;
});
