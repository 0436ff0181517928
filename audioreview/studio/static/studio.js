// The studio's few behaviours: small JSON calls with the CSRF token, playing takes,
// the short version's estimate, and a render's progress (server-sent events, polling as the fallback).
"use strict";

const csrf = document.querySelector('meta[name="csrf-token"]').content;

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  const data = await response.json().catch(() => ({error: response.statusText}));
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

function say(text) {
  document.getElementById("status").textContent = text;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function playSentence(review, index, fix) {
  const started = performance.now();
  const body = {path: review.dataset.path, index: index};
  if (fix) Object.assign(body, fix);
  const player = document.getElementById("player");
  const data = await post("/api/say", body);
  player.dataset.key = data.key;
  player.dataset.cached = String(data.cached);
  player.dataset.latencyMs = "";
  player.addEventListener("playing", () => {
    player.dataset.latencyMs = String(Math.round(performance.now() - started));
  }, {once: true});
  player.src = data.url;
  await player.play();
  say(`sentence ${index}: ${data.cached ? "from the cache" : "synthesized"}, ${(data.duration_ms / 1000).toFixed(1)} s`);
  return data;
}

function showEstimate(review, data) {
  const pending = document.getElementById("short-pending");
  if (data.state === "pending") { pending.hidden = false; return; }
  pending.hidden = true;
  review.dataset.estimate = data.state;
  document.getElementById("short-error").textContent = data.error || "";
  document.getElementById("short-length").textContent =
    data.short_ms === null ? "–" : Math.round(data.short_ms / 1000);
  review.querySelectorAll("tbody tr").forEach((tr, i) => {
    const kept = Boolean(data.short[i]);
    tr.classList.toggle("in-short", kept);
    tr.querySelector(".in-short-label").textContent = kept ? "in" : "";
    const score = data.scores[i];
    tr.querySelector(".score").textContent = kept && score !== null ? score.toFixed(2) : "";
  });
  document.getElementById("short-note").textContent = data.summary && data.summary.length
    ? `It reads your summary (${data.summary.length} sentence(s)) instead of picked sentences.` : "";
}

async function followEstimate(review) {
  review.dataset.estimate = "pending";
  document.getElementById("short-pending").hidden = false;
  for (let wait = 150; ; wait = Math.min(wait * 1.5, 1500)) {
    const response = await fetch(`/api/estimate?path=${encodeURIComponent(review.dataset.path)}`);
    const data = await response.json();
    if (data.state !== "pending") { showEstimate(review, data); return data; }
    await sleep(wait);
  }
}

function pickWord(fix, row) {
  const picked = String(window.getSelection()).trim().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  if (!picked) return;
  if (fix.word.value !== picked) fix.sounds.value = "";
  fix.word.value = picked;
  fix.index.value = row.dataset.index;
  const panel = fix.closest("section");
  if (panel.getBoundingClientRect().bottom < 0) panel.scrollIntoView({block: "start"});
  fix.sounds.focus();
  fix.sounds.select();
}

function setupReview(review) {
  const fix = document.getElementById("fix");
  const message = document.getElementById("fix-message");
  const fields = () => ({word: fix.word.value.trim(), sounds: fix.sounds.value.trim(), kind: fix.kind.value});

  review.querySelectorAll("button.play").forEach((button) => {
    button.addEventListener("click", () => {
      const index = Number(button.closest("tr").dataset.index);
      fix.index.value = index;
      playSentence(review, index).catch((error) => say(error.message));
    });
  });
  review.querySelectorAll("p.written").forEach((p) => {
    p.addEventListener("mouseup", () => pickWord(fix, p.closest("tr")));
    p.addEventListener("dblclick", () => pickWord(fix, p.closest("tr")));
  });
  fix.addEventListener("submit", (event) => {  // Enter or "Hear it": hear the sentence with the fix
    event.preventDefault();
    message.textContent = "synthesizing…";
    playSentence(review, Number(fix.index.value), fields())
      .then((data) => { message.textContent = `Hear: “${data.spoken}” (${data.cached ? "from the cache" : "new take"})`; })
      .catch((error) => { message.textContent = error.message; });
  });
  document.getElementById("fix-save").addEventListener("click", () => {
    post("/api/lexicon", {path: review.dataset.path, target: fix.target.value, ...fields()})
      .then((data) => {
        review.querySelectorAll("tr.affected").forEach((tr) => tr.classList.remove("affected"));
        data.affected.forEach((i) => {
          const row = document.getElementById(`s${i}`);
          row.classList.add("affected");
          const spoken = row.querySelector(".spoken");
          spoken.hidden = false;
          spoken.querySelector(".spoken-text").textContent = data.spoken[i];
        });
        message.textContent = `Saved to ${data.file}; ${data.affected.length} sentence(s) will sound new on the next render.`;
        followEstimate(review).catch((error) => say(error.message));
      })
      .catch((error) => { message.textContent = error.message; });
  });
  review.querySelectorAll("input.short-toggle").forEach((box) => {
    box.addEventListener("change", () => {
      const index = Number(box.closest("tr").dataset.index);
      box.disabled = true;
      post("/api/short", {path: review.dataset.path, index: index, on: box.checked})
        .then((data) => {
          review.querySelectorAll("tbody tr").forEach((tr, i) => {
            const other = tr.querySelector("input.short-toggle");
            if (other) other.checked = data.marked[i];
          });
          say("short version saved in the review");
          return followEstimate(review);
        })
        .catch((error) => { box.checked = !box.checked; say(error.message); })
        .finally(() => { box.disabled = false; });
    });
  });
  const summary = document.getElementById("summary");
  if (summary) {
    summary.addEventListener("submit", (event) => {
      event.preventDefault();
      const note = document.getElementById("summary-message");
      post("/api/summary", {path: review.dataset.path, summary: summary.summary.value})
        .then((data) => {
          note.textContent = data.summary ? "Summary saved in the front matter." : "Summary removed.";
          return followEstimate(review);
        })
        .catch((error) => { note.textContent = error.message; });
    });
  }
  document.getElementById("render").addEventListener("click", () => {
    post("/api/render", {path: review.dataset.path})
      .then(() => followRender(review))
      .catch((error) => say(error.message));
  });
  if (review.dataset.estimate === "pending") followEstimate(review).catch((error) => say(error.message));
}

function showRender(job) {
  const bar = document.getElementById("render-progress");
  const state = document.getElementById("render-state");
  bar.value = job.percent;
  if (job.state === "failed") {
    state.textContent = `failed: ${job.error}`;
  } else if (job.state === "done") {
    state.textContent = "done";
    const link = document.getElementById("listen");
    link.href = job.page;
    link.hidden = false;
  } else {
    const step = job.steps.at(-1) || job.state;
    state.textContent = job.total ? `${step} (${job.done} of ${job.total})` : step;
  }
  return job.state !== "running";
}

async function pollRender(review) {
  const url = `/api/render?path=${encodeURIComponent(review.dataset.path)}`;
  for (;;) {
    const job = await (await fetch(url)).json();
    if (showRender(job)) return;
    await sleep(300);
  }
}

function followRender(review) {
  const path = encodeURIComponent(review.dataset.path);
  if (!window.EventSource || document.body.dataset.progress === "poll") {
    document.body.dataset.progress = "poll";
    return pollRender(review);
  }
  return new Promise((resolve) => {
    const events = new EventSource(`/api/render/events?path=${path}`);
    let heard = false;
    events.addEventListener("progress", (event) => {
      heard = true;
      document.body.dataset.progress = "events";
      if (showRender(JSON.parse(event.data))) { events.close(); resolve(); }
    });
    events.onerror = () => {  // the stream broke (or never opened): follow by polling instead
      events.close();
      if (!heard) document.body.dataset.progress = "poll";
      pollRender(review).then(resolve);
    };
  });
}

function setupSettings(form) {
  const message = document.getElementById("settings-message");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = Object.fromEntries(new FormData(form).entries());
    post("/api/settings", body)
      .then((data) => { message.textContent = data.saved.length ? `Saved: ${data.saved.join(", ")}` : "Nothing changed."; })
      .catch((error) => { message.textContent = error.message; });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const review = document.getElementById("review");
  if (review) setupReview(review);
  const settings = document.getElementById("settings");
  if (settings) setupSettings(settings);
  document.body.dataset.ready = "true";
});
