// The step-through player. The graph was laid out once, in Python, with every Value; every
// step is data (texts to set, nodes and edges to show, the focus, a caption), and so is every
// explanation and quiz answer. This script only applies and undoes steps on the SVG, folds and
// unfolds units, and pans and zooms the view box: it never moves a node and never computes a
// number of the model.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("steps-data").textContent);
  const steps = data.steps;
  const units = data.units || {};
  const settings = data.settings || {};
  const $ = function (id) { return document.getElementById(id); };
  const graph = $("graph");
  const svg = graph.querySelector("svg");
  const caption = $("caption");
  const slider = $("slider");
  const playButton = $("play");
  const PLAY_INTERVAL_MS = 1200;
  const FOLLOW_MARGIN = 24; // px: the focus is kept at least this far inside the graph box
  const READABLE_SCALE = 0.55; // "fit to window" is the default while text stays at least this big
  const SVG = "http://www.w3.org/2000/svg";
  const PANELS = ["title", "controls", "caption", "explain", "graph", "quiz"];

  // ---- the picture: cells, units, view box --------------------------------------------------
  // Each Value node's last two texts are its data and grad cells (see autograd/viz/dot.py).
  const cells = {};
  for (const id of Object.keys(data.initial)) {
    const texts = $(id).querySelectorAll("text");
    cells[id] = { data: texts[texts.length - 2], grad: texts[texts.length - 1] };
  }
  const root = svg.querySelector("g.graph") || svg;
  const unitsOf = {}; // node id -> unit keys holding it, outer first
  const boxOf = {};
  const order = Object.keys(units).sort(function (a, b) { return depth(a) - depth(b); });
  function depth(key) { return units[key].parent ? 1 + depth(units[key].parent) : 0; }
  for (const key of order) {
    for (const id of units[key].members) (unitsOf[id] = unitsOf[id] || []).push(key);
    const box = $(units[key].box);
    if (!box) continue;
    boxOf[key] = box;
    root.appendChild(box); // last, outer boxes first: a folded box covers what lies under it
    box.classList.add("unit-box");
    if (units[key].role === "output") box.classList.add("output");
    // While folded, the box writes its name, what it holds and (a neuron) its value in large type.
    const r = box.querySelector("path, polygon").getBBox();
    const widest = Math.max(units[key].name.length, units[key].summary.length, units[key].mode === "neuron" ? 28 : 18);
    const em = Math.max(6, Math.min(64, r.width / (0.62 * widest), r.height / 4.2));
    const label = document.createElementNS(SVG, "text");
    label.setAttribute("class", "fold");
    label.setAttribute("text-anchor", "middle");
    label.setAttribute("font-size", em.toFixed(1));
    const lines = [units[key].name, units[key].summary, ""];
    lines.forEach(function (line, k) {
      const span = document.createElementNS(SVG, "tspan");
      span.setAttribute("x", String(r.x + r.width / 2));
      span.setAttribute("y", String(r.y + r.height / 2 + (k - 1) * 1.3 * em));
      span.textContent = line;
      label.appendChild(span);
    });
    box.appendChild(label);
    box.addEventListener("click", function (event) {
      if (dragged) return;
      const hit = event.target;
      if (folded[key] || hit.tagName === "text") { event.stopPropagation(); toggle(key); }
    });
  }
  const folded = {};
  for (const key of order) {
    const mode = units[key].mode;
    folded[key] = settings.collapse === "layer" || (settings.collapse === "neuron" && mode === "neuron");
  }
  const defaults = Object.assign({}, folded);

  // ---- steps as deltas: each step can be applied and undone, so moving is O(distance) ----------
  const previous = []; // per step: the texts it replaced
  (function () {
    const now = {};
    for (const [id, fields] of Object.entries(data.initial)) now[id] = Object.assign({}, fields);
    for (const step of steps) {
      const before = {};
      for (const [id, fields] of Object.entries(step.texts)) {
        before[id] = {};
        for (const [field, text] of Object.entries(fields)) { before[id][field] = now[id][field]; now[id][field] = text; }
      }
      previous.push(before);
    }
  })();
  const counts = { shown: {}, revealed: {} };
  let applied = 0; // steps[0 .. applied-1] are on the picture

  function mark(kind, id, delta) {
    const n = (counts[kind][id] || 0) + delta;
    counts[kind][id] = n;
    const el = $(id);
    if (el) el.classList.toggle(kind, n > 0);
  }
  function setTexts(texts) {
    for (const [id, fields] of Object.entries(texts)) {
      for (const [field, text] of Object.entries(fields)) cells[id][field].textContent = text;
    }
  }
  function apply(k) {
    setTexts(steps[k].texts);
    for (const id of steps[k].show) mark("shown", id, 1);
    for (const id of steps[k].reveal) mark("revealed", id, 1);
  }
  function undo(k) {
    setTexts(previous[k]);
    for (const id of steps[k].show) mark("shown", id, -1);
    for (const id of steps[k].reveal) mark("revealed", id, -1);
  }
  function moveTo(count) {
    while (applied < count) apply(applied++);
    while (applied > count) undo(--applied);
  }
  setTexts(data.initial);

  // ---- what is shown: groups of steps (a folded unit's steps play as one) -----------------------
  function foldedUnit(keys) { // the outermost folded unit among these
    for (const key of keys || []) if (folded[key]) return key;
    return null;
  }
  let groups = [];
  function regroup() {
    groups = [];
    for (let k = 0; k < steps.length; k++) {
      const unit = foldedUnit(steps[k].units);
      const last = groups[groups.length - 1];
      if (unit !== null && last && last.unit === unit && steps[last.end].phase === steps[k].phase) last.end = k;
      else groups.push({ start: k, end: k, unit: unit });
    }
    slider.max = String(groups.length - 1);
    for (const phase of ["backward", "update"]) { // a forward-only player has nothing to jump to
      $("to-" + phase).hidden = !groups.some(function (g) { return steps[g.start].phase === phase; });
    }
  }
  function groupOf(k) {
    for (let g = 0; g < groups.length; g++) if (groups[g].start <= k && k <= groups[g].end) return g;
    return 0;
  }
  function refreshFolds() {
    drawn = null;
    for (const el of graph.querySelectorAll(".in-fold")) el.classList.remove("in-fold");
    for (const key of order) {
      const box = boxOf[key];
      if (!box) continue;
      const parentFolded = units[key].parent && (folded[units[key].parent] || isHidden(units[key].parent));
      box.classList.toggle("folded", folded[key]);
      box.classList.toggle("in-fold", Boolean(parentFolded));
      if (!folded[key] || parentFolded) continue;
      const inside = new Set(units[key].members);
      for (const id of units[key].members) {
        $(id).classList.add("in-fold");
        for (const [edge, op, user, out] of data.users[id] || []) {
          if (inside.has(user)) { $(edge).classList.add("in-fold"); $(op).classList.add("in-fold"); $(out).classList.add("in-fold"); }
        }
      }
    }
  }
  function isHidden(key) {
    const parent = units[key].parent;
    return Boolean(parent) && (folded[parent] || isHidden(parent));
  }
  function readouts() {
    for (const key of order) {
      const box = boxOf[key];
      if (!box || !folded[key]) continue;
      const out = units[key].output;
      box.querySelector("text.fold").lastChild.textContent = units[key].mode === "neuron" && cells[out]
        ? cells[out].data.textContent + "   " + cells[out].grad.textContent : "";
    }
  }

  // ---- the view box: fit, zoom, pan, follow the focus -------------------------------------------
  const extent = svg.viewBox.baseVal;
  const full = { x: extent.x, y: extent.y, w: extent.width, h: extent.height };
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  const view = { cx: full.x + full.w / 2, cy: full.y + full.h / 2, scale: 1 };
  let measured = null; // the graph box's size, measured again only when the window changes
  function size() {
    if (measured === null) measured = { w: graph.clientWidth || 1, h: graph.clientHeight || 1 };
    return measured;
  }
  function showView() {
    const s = size();
    const w = s.w / view.scale, h = s.h / view.scale;
    svg.setAttribute("viewBox", [view.cx - w / 2, view.cy - h / 2, w, h].map(function (v) { return v.toFixed(2); }).join(" "));
  }
  // What "fit" frames: the drawn part of the graph, not the whole layout — the members of a folded
  // box are laid out too (so unfolding moves nothing) but not drawn, and must not shrink the view.
  let drawn = null; // measured once per set of folds (refreshFolds forgets it): fit is the same each time
  function drawnExtent() {
    if (drawn === null) drawn = measureDrawn();
    return drawn;
  }
  function measureDrawn() {
    const shift = root.transform && root.transform.baseVal.consolidate();
    const dx = shift ? shift.matrix.e : 0, dy = shift ? shift.matrix.f : 0;
    let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
    for (const el of root.children) {
      if (el.tagName !== "g") continue; // the page's background polygon and the title
      const seen = el.getBoundingClientRect();
      if (seen.width === 0 && seen.height === 0) continue; // folded away (display: none)
      const r = el.getBBox();
      left = Math.min(left, r.x); top = Math.min(top, r.y);
      right = Math.max(right, r.x + r.width); bottom = Math.max(bottom, r.y + r.height);
    }
    if (left === Infinity) return full;
    const margin = 8;
    return { x: left + dx - margin, y: top + dy - margin, w: right - left + 2 * margin, h: bottom - top + 2 * margin };
  }
  function fitScale(box) { // leaves the margin follow() keeps, so a fitted view is not panned at once
    const s = size(), e = box || drawnExtent(), pad = 2 * FOLLOW_MARGIN + 8;
    return Math.min(Math.max(s.w - pad, s.w / 2) / e.w, Math.max(s.h - pad, s.h / 2) / e.h);
  }
  function fit() {
    const e = drawnExtent();
    view.scale = fitScale(e); view.cx = e.x + e.w / 2; view.cy = e.y + e.h / 2; showView();
  }
  function zoomAt(factor, px, py) {
    const s = size();
    const scale = Math.max(0.05, Math.min(8, view.scale * factor));
    const x = view.cx + (px - s.w / 2) / view.scale, y = view.cy + (py - s.h / 2) / view.scale;
    view.cx = x - (px - s.w / 2) / scale;
    view.cy = y - (py - s.h / 2) / scale;
    view.scale = scale;
    showView();
  }
  // Where an element is, in view-box units: measured once, since nothing ever moves.
  const places = new Map();
  function place(el) {
    if (!places.has(el)) {
      const box = graph.getBoundingClientRect(), r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return null; // folded away: measured when it is shown
      const s = size();
      const left = view.cx - s.w / 2 / view.scale, top = view.cy - s.h / 2 / view.scale;
      places.set(el, { x: left + (r.left - box.left) / view.scale, y: top + (r.top - box.top) / view.scale,
                       w: r.width / view.scale, h: r.height / view.scale });
    }
    return places.get(el);
  }
  function union(elements) {
    const rects = elements.map(place).filter(Boolean);
    if (rects.length === 0) return null;
    const x = Math.min.apply(null, rects.map(function (r) { return r.x; }));
    const y = Math.min.apply(null, rects.map(function (r) { return r.y; }));
    const right = Math.max.apply(null, rects.map(function (r) { return r.x + r.w; }));
    const bottom = Math.max.apply(null, rects.map(function (r) { return r.y + r.h; }));
    return { x: x, y: y, w: right - x, h: bottom - y };
  }
  // Pan the view box (never scroll any page) so that the whole focus is inside it, or at least its first element.
  function follow(elements) {
    if (elements.length === 0) return;
    const s = size(), margin = FOLLOW_MARGIN / view.scale;
    const w = s.w / view.scale, h = s.h / view.scale;
    let r = union(elements);
    if (r !== null && (r.w > w - 2 * margin || r.h > h - 2 * margin)) r = union([elements[0]]);
    if (r === null) return;
    const left = view.cx - w / 2, top = view.cy - h / 2;
    let moved = false;
    if (r.w > w - 2 * margin || r.x < left + margin || r.x + r.w > left + w - margin) { view.cx = r.x + r.w / 2; moved = true; }
    if (r.h > h - 2 * margin || r.y < top + margin || r.y + r.h > top + h - margin) { view.cy = r.y + r.h / 2; moved = true; }
    if (moved) showView();
  }
  const embedded = window.self !== window.top;
  graph.addEventListener("wheel", function (event) {
    if (embedded && !event.ctrlKey && !event.metaKey) return; // inside a notebook or the tour: let the host scroll
    event.preventDefault();
    const box = graph.getBoundingClientRect();
    zoomAt(Math.exp(-event.deltaY * 0.0015), event.clientX - box.left, event.clientY - box.top);
  }, { passive: false });
  const pointers = new Map();
  let dragged = false, pinch = 0;
  graph.addEventListener("pointerdown", function (event) {
    if (event.target.closest("#view")) return;
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    dragged = false;
    if (pointers.size === 2) { const [a, b] = pointers.values(); pinch = Math.hypot(a.x - b.x, a.y - b.y); }
  });
  graph.addEventListener("pointermove", function (event) {
    const last = pointers.get(event.pointerId);
    if (!last) return;
    const dx = event.clientX - last.x, dy = event.clientY - last.y;
    if (!dragged && Math.hypot(dx, dy) < 4) return;
    if (!dragged) { dragged = true; graph.setPointerCapture(event.pointerId); graph.classList.add("panning"); }
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.size === 2) {
      const [a, b] = pointers.values();
      const distance = Math.hypot(a.x - b.x, a.y - b.y), box = graph.getBoundingClientRect();
      if (pinch > 0) zoomAt(distance / pinch, (a.x + b.x) / 2 - box.left, (a.y + b.y) / 2 - box.top);
      pinch = distance;
    } else {
      view.cx -= dx / view.scale; view.cy -= dy / view.scale; showView();
    }
  });
  function release(event) {
    pointers.delete(event.pointerId);
    graph.classList.remove("panning");
    if (pointers.size < 2) pinch = 0;
    setTimeout(function () { dragged = false; }, 0); // the click that ends a drag is not a click
  }
  graph.addEventListener("pointerup", release);
  graph.addEventListener("pointercancel", release);
  $("zoom-in").addEventListener("click", function () { const s = size(); zoomAt(1.25, s.w / 2, s.h / 2); });
  $("zoom-out").addEventListener("click", function () { const s = size(); zoomAt(0.8, s.w / 2, s.h / 2); });
  $("fit").addEventListener("click", fit);
  // The box changes with the window and with the panels above it (the explanation, the quiz, a hidden caption).
  function resized() { measured = null; showView(); }
  if (typeof ResizeObserver === "function") new ResizeObserver(resized).observe(graph);
  else window.addEventListener("resize", resized);

  // ---- selecting a Value: every path to the output, and the chain rule as a sum over them -------
  const explain = $("explain");
  let selected = null;
  function select(id) {
    for (const el of graph.querySelectorAll(".on-path, .selected")) el.classList.remove("on-path", "selected");
    selected = selected === id ? null : id;
    explain.hidden = selected === null || hiddenPanels.has("explain");
    if (selected === null) return;
    $(selected).classList.add("selected", "on-path");
    const seen = new Set([selected]);
    const queue = [selected];
    while (queue.length > 0) {
      for (const ids of data.users[queue.shift()] || []) {
        for (const id of ids) { const el = $(id); if (el) el.classList.add("on-path"); }
        if (!seen.has(ids[2])) { seen.add(ids[2]); queue.push(ids[2]); }
      }
    }
    explain.textContent = data.explanations[selected] || "";
  }
  for (const id of Object.keys(data.initial)) {
    $(id).addEventListener("click", function (event) { if (!dragged) { event.stopPropagation(); select(id); } });
  }

  // ---- quiz: predict, then reveal -----------------------------------------------------------
  const quiz = $("quiz"), answer = $("answer");
  const answered = {}; // step -> {right, typed} or {revealed: true}
  let pending = null; // the step whose number the learner is asked for
  if (settings.quiz && settings.tolerance) {
    $("tolerance").textContent = "right within ±" + settings.tolerance.absolute + " or ±" +
      (100 * settings.tolerance.relative) + "% of the recorded answer";
  }
  function score() {
    const all = Object.values(answered).filter(function (a) { return !a.revealed; });
    const right = all.filter(function (a) { return a.right; }).length;
    $("score").textContent = "score: " + right + " right of " + all.length;
  }
  function readNumber(text) {
    const cleaned = text.trim().replace(/\u2212/g, "-").replace(/,/g, "");
    return cleaned === "" ? NaN : Number(cleaned);
  }
  function verdict(k) {
    const a = answered[k];
    if (!a || a.revealed) return "";
    return a.right ? "✓ Right! " : "✗ Not quite: you typed " + a.typed + "; the recorded answer is " + steps[k].quiz.shown + ". ";
  }
  quiz.addEventListener("submit", function (event) {
    event.preventDefault();
    if (pending === null) return;
    const typed = readNumber(answer.value);
    if (!Number.isFinite(typed)) { caption.textContent = "Type a number, like -6 or 0.5, then press check. " + steps[pending].quiz.question; return; }
    const expected = steps[pending].quiz.answer, tolerance = settings.tolerance;
    const right = Math.abs(typed - expected) <= Math.max(tolerance.absolute, tolerance.relative * Math.abs(expected));
    answered[pending] = { right: right, typed: answer.value.trim() };
    score();
    show(position);
  });
  $("reveal").addEventListener("click", function () {
    if (pending === null) return;
    answered[pending] = { revealed: true };
    show(position);
  });

  // ---- showing a position ------------------------------------------------------------------
  let position = 0, current = [], timer = null;
  function show(g) {
    position = Math.max(0, Math.min(groups.length - 1, g));
    const group = groups[position];
    const single = group.start === group.end;
    const asked = settings.quiz && single && steps[group.end].quiz && !answered[group.end];
    pending = asked ? group.end : null;
    moveTo(asked ? group.end : group.end + 1);
    readouts();
    for (const el of current) el.classList.remove("current", "focus-primary");
    const focus = group.unit !== null ? [boxOf[group.unit]] : steps[group.end].focus.map(function (id) { return visible(id); });
    current = focus.filter(Boolean);
    for (const el of current) el.classList.add("current");
    if (current.length > 0) current[0].classList.add("focus-primary");
    follow(current);
    const step = steps[group.end];
    caption.className = "";
    if (group.unit !== null) caption.textContent = units[group.unit].captions[step.phase];
    else if (asked) caption.textContent = "Your turn — " + step.quiz.question;
    else {
      caption.textContent = verdict(group.end) + step.caption;
      if (answered[group.end] && !answered[group.end].revealed) caption.className = answered[group.end].right ? "right" : "wrong";
    }
    quiz.hidden = !asked || hiddenPanels.has("quiz");
    if (asked) { $("question").textContent = "type " + step.quiz.what + ":"; answer.value = ""; }
    $("phase").textContent = step.phase;
    $("counter").textContent = "step " + (position + 1) + " / " + groups.length;
    slider.value = String(position);
    remember();
  }
  function visible(id) { // an element, or the folded box that covers it
    const el = $(id);
    if (!el) return null;
    const node = id in cells ? id : data.ops[id]; // a Value, the op that made one, or (undefined) an edge
    const unit = node !== undefined ? foldedUnit(unitsOf[node]) : null;
    if (unit !== null) return boxOf[unit];
    return el.classList.contains("in-fold") ? null : el;
  }
  function toggle(key) {
    const step = groups[position].end;
    folded[key] = !folded[key];
    regroup();
    refreshFolds();
    show(groupOf(step));
  }

  // ---- the URL fragment: #step=14&hide=caption&open=neuron_u7 -----------------------------
  const hiddenPanels = new Set();
  function readFragment() {
    const fields = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    hiddenPanels.clear();
    for (const name of (fields.get("hide") || "").split(",")) if (PANELS.includes(name)) hiddenPanels.add(name);
    for (const name of ["title", "controls", "caption", "graph"]) $(name).hidden = hiddenPanels.has(name);
    for (const key of order) folded[key] = defaults[key];
    for (const key of (fields.get("open") || "").split(",")) if (key in folded) folded[key] = !defaults[key];
    regroup();
    refreshFolds();
    const wanted = parseInt(fields.get("step") || "1", 10);
    return Number.isFinite(wanted) ? wanted - 1 : 0;
  }
  function remember() {
    const fields = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    fields.set("step", String(position + 1));
    const open = order.filter(function (key) { return folded[key] !== defaults[key]; });
    if (open.length > 0) fields.set("open", open.join(",")); else fields.delete("open");
    const hash = "#" + fields.toString().replace(/%2C/g, ",");
    if (hash === window.location.hash) return;
    try { history.replaceState(null, "", hash); } catch (error) { /* a sandboxed frame has no history of its own */ }
  }
  window.addEventListener("hashchange", function () { show(readFragment()); });

  // ---- controls ----------------------------------------------------------------------------
  function pause() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    playButton.textContent = "▶ play";
  }
  function play() {
    if (position === groups.length - 1) show(0);
    playButton.textContent = "⏸ pause";
    timer = setInterval(function () {
      if (position >= groups.length - 1 || pending !== null) pause();
      else show(position + 1);
    }, PLAY_INTERVAL_MS);
  }
  function next() {
    if (pending !== null) { answered[pending] = { revealed: true }; show(position); } else show(position + 1);
  }
  function jump(phase) {
    pause();
    for (let g = 0; g < groups.length; g++) if (steps[groups[g].start].phase === phase) { show(g); return; }
  }
  $("next").addEventListener("click", function () { pause(); next(); });
  $("prev").addEventListener("click", function () { pause(); show(position - 1); });
  $("to-backward").addEventListener("click", function () { jump("backward"); });
  $("to-update").addEventListener("click", function () { jump("update"); });
  playButton.addEventListener("click", function () { if (timer === null) play(); else pause(); });
  slider.addEventListener("input", function () { pause(); show(Number(slider.value)); });
  document.addEventListener("keydown", function (event) {
    if (event.target === slider || event.target === answer) return; // they handle their own keys
    if (event.key === " " && event.target.tagName === "BUTTON") return; // a focused button clicks itself
    if (event.key === "ArrowRight") { pause(); next(); event.preventDefault(); }
    else if (event.key === "ArrowLeft") { pause(); show(position - 1); event.preventDefault(); }
    else if (event.key === " ") { if (timer === null) play(); else pause(); event.preventDefault(); }
    else if (event.key === "Escape" && selected !== null) select(selected);
  });

  const start = readFragment();
  // Fit the whole graph when its text stays readable — or when folded boxes, written large, are what it shows.
  if (fitScale() >= READABLE_SCALE || order.some(function (key) { return folded[key]; })) fit();
  else { view.scale = 1; showView(); }
  show(start);
})();
