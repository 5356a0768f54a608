// The step-through player. The graph was laid out once, in Python; every step is data
// (texts to set, nodes and edges to show, the focus, a caption). This script only replays
// steps 0..k onto the SVG: it never moves a node and never computes a number.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("steps-data").textContent);
  const steps = data.steps;
  const graph = document.getElementById("graph");
  const caption = document.getElementById("caption");
  const counter = document.getElementById("counter");
  const phase = document.getElementById("phase");
  const slider = document.getElementById("slider");
  const playButton = document.getElementById("play");
  const PLAY_INTERVAL_MS = 1200;

  // Each Value node's last two texts are its data and grad cells (see autograd/viz/dot.py).
  const cells = {};
  for (const id of Object.keys(data.initial)) {
    const texts = document.getElementById(id).querySelectorAll("text");
    cells[id] = { data: texts[texts.length - 2], grad: texts[texts.length - 1] };
  }

  let current = 0;
  let timer = null;

  function element(id) {
    return document.getElementById(id);
  }

  // Scroll the graph's own box (never the page: the player may be embedded in another page,
  // which scrollIntoView would scroll too) just enough to bring the focused node into view.
  function reveal(el) {
    const box = graph.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    if (r.left < box.left) graph.scrollLeft -= box.left - r.left;
    else if (r.right > box.right) graph.scrollLeft += Math.min(r.right - box.right, r.left - box.left);
    if (r.top < box.top) graph.scrollTop -= box.top - r.top;
    else if (r.bottom > box.bottom) graph.scrollTop += Math.min(r.bottom - box.bottom, r.top - box.top);
  }

  function show(k) {
    current = Math.max(0, Math.min(steps.length - 1, k));
    for (const id of Object.keys(data.initial)) {
      cells[id].data.textContent = data.initial[id].data;
      cells[id].grad.textContent = data.initial[id].grad;
    }
    for (const name of ["shown", "revealed", "current"]) {
      for (const el of graph.querySelectorAll("." + name)) el.classList.remove(name);
    }
    for (let i = 0; i <= current; i++) {
      const step = steps[i];
      for (const [id, fields] of Object.entries(step.texts)) {
        for (const [field, text] of Object.entries(fields)) cells[id][field].textContent = text;
      }
      for (const id of step.show) element(id).classList.add("shown");
      for (const id of step.reveal) element(id).classList.add("revealed");
    }
    for (const id of steps[current].focus) element(id).classList.add("current");
    const focus = steps[current].focus;
    if (focus.length > 0) reveal(element(focus[0]));
    caption.textContent = steps[current].caption;
    phase.textContent = steps[current].phase;
    counter.textContent = "step " + (current + 1) + " / " + steps.length;
    slider.value = String(current);
  }

  function pause() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    playButton.textContent = "▶ play";
  }

  function play() {
    if (current === steps.length - 1) show(0);
    playButton.textContent = "⏸ pause";
    timer = setInterval(function () {
      if (current >= steps.length - 1) pause();
      else show(current + 1);
    }, PLAY_INTERVAL_MS);
  }

  document.getElementById("next").addEventListener("click", function () { pause(); show(current + 1); });
  document.getElementById("prev").addEventListener("click", function () { pause(); show(current - 1); });
  playButton.addEventListener("click", function () { if (timer === null) play(); else pause(); });
  slider.addEventListener("input", function () { pause(); show(Number(slider.value)); });
  document.addEventListener("keydown", function (event) {
    if (event.target === slider) return; // the slider handles its own arrow keys
    if (event.key === " " && event.target.tagName === "BUTTON") return; // a focused button clicks itself
    if (event.key === "ArrowRight") { pause(); show(current + 1); event.preventDefault(); }
    else if (event.key === "ArrowLeft") { pause(); show(current - 1); event.preventDefault(); }
    else if (event.key === " ") { if (timer === null) play(); else pause(); event.preventDefault(); }
  });

  slider.max = String(steps.length - 1);
  show(0);
})();
