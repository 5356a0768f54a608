// The training timeline. Every number and picture was computed in Python and embedded per
// recorded snapshot (formatted texts, pixel positions, heat-map images, one code letter per
// parameter). This script only shows snapshot k: it sets texts, attributes and classes. It
// never computes a number of the model.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("timeline-data").textContent);
  const frames = data.frames;
  const names = data.names;
  const $ = function (id) { return document.getElementById(id); };
  const slider = $("slider");
  const playButton = $("play");
  const modeButton = $("mode");
  const curve = $("model-curve");
  const boundary = $("boundary");
  const params = Array.from(document.querySelectorAll("#net-svg .param"));
  const MAX_LINKS = 12; // more step-throughs than this: every step has one, use "open"

  let current = 0;
  let timer = null;
  let showGradients = false;
  let selected = null; // index of the selected parameter
  let hovered = null;
  let batch = [];
  let table = null; // the parameters' texts of every frame, once inflated (they come compressed)
  const split = {}; // per frame: those texts, split once

  function texts(k) {
    if (table === null) return null;
    if (!(k in split)) {
      split[k] = { before: table.before[k].split(" "), grad: table.grad[k].split(" "), after: table.after[k].split(" ") };
    }
    return split[k];
  }

  function describe(i) {
    const f = frames[current];
    if (i === null) {
      $("detail").textContent = data.networkNote || "Hover or click a weight (a line) or a bias (a circle).";
      $("formula").textContent = "";
      return;
    }
    const t = texts(current);
    if (t === null) { $("detail").textContent = "…"; return; }
    const name = names[i];
    $("detail").textContent = name + " = " + t.after[i] + " after this update (before: " + t.before[i] +
      ") · grad " + t.grad[i] + " · lr " + f.lr;
    const grad = t.grad[i].charAt(0) === "-" ? "(" + t.grad[i] + ")" : t.grad[i];
    if (f.plain) {
      $("formula").textContent = name + " ← " + name + " − lr × grad = " + t.before[i] + " − " + f.lr + " × " + grad + " = " + t.after[i];
    } else if (f.diverged) {
      $("formula").textContent = "this update diverged: fit put back the last good value, " + t.after[i];
    } else {
      $("formula").textContent = name + ": " + t.before[i] + " → " + t.after[i] +
        " (the optimizer's update is not lr × grad: momentum, Adam or weight decay)";
    }
  }

  function paintNetwork() {
    const codes = showGradients ? frames[current].grads : frames[current].weights;
    if (codes === undefined) return;
    for (const el of params) {
      const i = Number(el.dataset.param);
      const base = el.tagName === "circle" ? "neuron param code-" : "param code-";
      el.setAttribute("class", base + codes.charAt(i) + (i === selected ? " selected" : ""));
    }
  }

  function show(k) {
    current = Math.max(0, Math.min(frames.length - 1, k));
    const f = frames[current];
    $("loss-cursor").setAttribute("x1", f.x);
    $("loss-cursor").setAttribute("x2", f.x);
    $("loss-dot").setAttribute("cx", f.x);
    $("loss-dot").setAttribute("cy", f.y);
    $("where").textContent = f.where;
    $("loss-text").textContent = f.loss;
    $("metrics").textContent = f.metrics;
    $("status").textContent = f.status;
    $("counter").textContent = "recorded update " + (current + 1) + " / " + frames.length;
    slider.value = String(current);
    if (curve) curve.setAttribute("d", f.picture);
    if (boundary) boundary.setAttribute("href", f.picture);
    for (const i of batch) $("s" + i).classList.remove("in-batch");
    batch = f.batch;
    for (const i of batch) $("s" + i) && $("s" + i).classList.add("in-batch");
    paintNetwork();
    describe(hovered !== null ? hovered : selected);
    const available = f.closeup >= 0;
    $("open-closeup").disabled = !available;
    $("closeup-state").textContent = available ? "" : "(not recorded at this step: use the steps below)";
  }

  function pause() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    playButton.textContent = "▶ play";
  }

  function play() {
    if (current === frames.length - 1) show(0);
    playButton.textContent = "⏸ pause";
    timer = setInterval(function () {
      if (current >= frames.length - 1) pause();
      else show(current + 1);
    }, Number($("speed").value));
  }

  async function inflate(text) {
    const bytes = Uint8Array.from(atob(text), function (c) { return c.charCodeAt(0); });
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).text();
  }

  async function openCloseup(k) {
    const closeup = data.closeups[k];
    $("player-title").textContent = closeup.title;
    $("player").srcdoc = await inflate(closeup.page);
    $("player-panel").hidden = false;
  }

  $("next").addEventListener("click", function () { pause(); show(current + 1); });
  $("prev").addEventListener("click", function () { pause(); show(current - 1); });
  $("next-epoch").addEventListener("click", function () { pause(); show(frames[current].nextEpoch); });
  $("prev-epoch").addEventListener("click", function () { pause(); show(frames[current].prevEpoch); });
  playButton.addEventListener("click", function () { if (timer === null) play(); else pause(); });
  $("speed").addEventListener("change", function () { if (timer !== null) { pause(); play(); } });
  slider.addEventListener("input", function () { pause(); show(Number(slider.value)); });
  modeButton.addEventListener("click", function () {
    showGradients = !showGradients;
    modeButton.textContent = showGradients ? "show weights" : "show gradients";
    $("net-legend").textContent = showGradients
      ? "colour: sign of the gradient; thickness: |gradient|, of this update's largest. Hover or click one."
      : "colour: sign (blue +, orange −); thickness: |weight|; circles: biases. Hover or click a weight.";
    paintNetwork();
  });
  for (const el of document.querySelectorAll("#net-svg [data-hit]")) {
    const i = Number(el.dataset.hit);
    el.addEventListener("mouseenter", function () { hovered = i; describe(i); });
    el.addEventListener("mouseleave", function () { hovered = null; describe(selected); });
    el.addEventListener("click", function () { selected = selected === i ? null : i; paintNetwork(); describe(selected); });
  }
  $("open-closeup").addEventListener("click", function () {
    const k = frames[current].closeup;
    if (k >= 0) openCloseup(k);
  });
  $("close-player").addEventListener("click", function () { $("player-panel").hidden = true; $("player").srcdoc = ""; });
  document.addEventListener("keydown", function (event) {
    if (event.target === slider || event.target.tagName === "SELECT") return; // they handle their own keys
    if (event.key === " " && event.target.tagName === "BUTTON") return; // a focused button clicks itself
    const epoch = event.shiftKey;
    if (event.key === "ArrowRight") { pause(); show(epoch ? frames[current].nextEpoch : current + 1); }
    else if (event.key === "ArrowLeft") { pause(); show(epoch ? frames[current].prevEpoch : current - 1); }
    else if (event.key === "Home") { pause(); show(0); }
    else if (event.key === "End") { pause(); show(frames.length - 1); }
    else if (event.key === " ") { if (timer === null) play(); else pause(); }
    else return;
    event.preventDefault();
  });

  // Links to the steps that have a step-through.
  $("closeup-note").textContent = data.closeupNote;
  const list = $("closeup-steps");
  if (data.closeups.length <= MAX_LINKS) data.closeups.forEach(function (closeup, k) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "closeup-link";
    button.textContent = "step " + closeup.step;
    button.addEventListener("click", function () {
      pause();
      show(frames.findIndex(function (f) { return f.closeup === k; }));
      openCloseup(k);
    });
    list.appendChild(button);
  });

  slider.max = String(frames.length - 1);
  show(0);
  if (data.parameterTexts) {
    inflate(data.parameterTexts).then(function (text) {
      table = JSON.parse(text);
      describe(hovered !== null ? hovered : selected);
    });
  }
})();
