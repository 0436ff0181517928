// The studio's few behaviours: POST small JSON calls with the CSRF token, play takes, poll renders.
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

function playTake(data) {
  const player = document.getElementById("player");
  player.dataset.key = data.key;
  player.dataset.cached = String(data.cached);
  player.src = data.url;
  return player.play();
}

async function playSentence(review, index, fix) {
  const started = performance.now();
  const body = {path: review.dataset.path, index: index};
  if (fix) Object.assign(body, fix);
  const data = await post("/api/say", body);
  const player = document.getElementById("player");
  player.dataset.requested = String(started);
  player.addEventListener("playing", () => {
    player.dataset.latencyMs = String(Math.round(performance.now() - started));
  }, {once: true});
  await playTake(data);
  say(`sentence ${index}: ${data.cached ? "from the cache" : "synthesized"}, ${(data.duration_ms / 1000).toFixed(1)} s`);
  return data;
}

function setupReview(review) {
  const fix = document.getElementById("fix");
  const message = document.getElementById("fix-message");
  const fields = () => ({word: fix.word.value.trim(), sounds: fix.sounds.value.trim()});

  review.querySelectorAll("button.play").forEach((button) => {
    button.addEventListener("click", () => {
      const index = Number(button.closest("tr").dataset.index);
      fix.index.value = index;
      playSentence(review, index).catch((error) => say(error.message));
    });
  });
  review.querySelectorAll("p.written").forEach((p) => {
    p.addEventListener("mouseup", () => {
      const picked = String(window.getSelection()).trim();
      if (picked) {
        fix.word.value = picked;
        fix.index.value = p.closest("tr").dataset.index;
      }
    });
  });
  document.getElementById("fix-hear").addEventListener("click", () => {
    playSentence(review, Number(fix.index.value), fields())
      .then((data) => { message.textContent = `Hear: “${data.spoken}”`; })
      .catch((error) => { message.textContent = error.message; });
  });
  fix.addEventListener("submit", (event) => {
    event.preventDefault();
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
            tr.classList.toggle("in-short", data.short[i]);
            tr.querySelector(".in-short-label").textContent = data.short[i] ? "in" : "";
            const other = tr.querySelector("input.short-toggle");
            if (other) other.checked = data.marked[i];
          });
          document.getElementById("short-length").textContent =
            data.short_ms === null ? "–" : Math.round(data.short_ms / 1000);
          say("short version saved in the review");
        })
        .catch((error) => { box.checked = !box.checked; say(error.message); })
        .finally(() => { box.disabled = false; });
    });
  });
  document.getElementById("render").addEventListener("click", () => {
    post("/api/render", {path: review.dataset.path})
      .then(() => pollRender(review))
      .catch((error) => say(error.message));
  });
}

async function pollRender(review) {
  const bar = document.getElementById("render-progress");
  const state = document.getElementById("render-state");
  const link = document.getElementById("listen");
  for (;;) {
    const response = await fetch(`/api/render?path=${encodeURIComponent(review.dataset.path)}`);
    const job = await response.json();
    bar.value = job.percent;
    state.textContent = job.state === "failed" ? `failed: ${job.error}` : (job.steps.at(-1) || job.state);
    if (job.state === "done") {
      state.textContent = "done";
      link.href = job.page;
      link.hidden = false;
      return;
    }
    if (job.state !== "running") return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

function setupSettings(form) {
  const message = document.getElementById("settings-message");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = Object.fromEntries(new FormData(form).entries());
    post("/api/settings", body)
      .then((data) => { message.textContent = `Saved: ${data.saved.join(", ")}`; })
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
