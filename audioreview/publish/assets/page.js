/* audioreview listening page: chapters that seek, and a transcript that
 * follows the audio. The cue times come from the <track>'s cues when the
 * browser loads them (mode "hidden" + cuechange); from file:// Chromium
 * refuses to load tracks, so the VTT text embedded in the page is parsed as
 * a fallback. Sentence spans are matched to cues by their order. */
(function () {
  "use strict";

  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function parseTime(text) {
    var parts = text.trim().split(":");
    var seconds = 0;
    for (var i = 0; i < parts.length; i++) {
      seconds = seconds * 60 + parseFloat(parts[i]);
    }
    return seconds;
  }

  var TIMING = /^\s*((?:\d+:)?\d{1,2}:\d{2}\.\d{3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}\.\d{3})/;

  function parseVtt(text) {
    var cues = [];
    var blocks = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split(/\n[ \t]*\n/);
    for (var b = 0; b < blocks.length; b++) {
      var lines = blocks[b].split("\n");
      for (var l = 0; l < lines.length; l++) {
        var match = TIMING.exec(lines[l]);
        if (match) {
          cues.push({ start: parseTime(match[1]), end: parseTime(match[2]) });
          break;
        }
      }
    }
    return cues;
  }

  function inView(element) {
    var box = element.getBoundingClientRect();
    return box.bottom > 0 && box.top < (window.innerHeight || document.documentElement.clientHeight);
  }

  function setup(section) {
    var audio = section.querySelector("audio");
    if (!audio) return;
    var box = section.querySelector(".transcript");
    var spans = Array.prototype.slice.call(section.querySelectorAll(".cue"));
    var chapters = Array.prototype.slice.call(section.querySelectorAll(".chapters button"));
    var embedded = section.querySelector("script.vtt");
    var cues = [];
    if (embedded) {
      try { cues = parseVtt(JSON.parse(embedded.textContent)); } catch (err) { cues = []; }
    }
    // Where the cue times come from (shown as data-cue-source): track, embedded VTT, or the markup.
    section.setAttribute("data-cue-source", "embedded");
    if (cues.length !== spans.length) {
      cues = spans.map(function (span) {
        return { start: parseFloat(span.getAttribute("data-start")), end: parseFloat(span.getAttribute("data-end")) };
      });
      section.setAttribute("data-cue-source", "markup");
    }
    var active = -1;
    var activeChapter = -1;

    function cueIndexAt(time) {
      var lo = 0, hi = cues.length - 1, found = -1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (cues[mid].start <= time + 0.0005) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
      }
      return found;
    }

    function chapterIndexAt(time) {
      var found = -1;
      for (var i = 0; i < chapters.length; i++) {
        if (parseFloat(chapters[i].getAttribute("data-start")) <= time + 0.0005) found = i;
      }
      return found;
    }

    function update() {
      var time = audio.currentTime;
      var index = cueIndexAt(time);
      if (index !== active) {
        if (active >= 0 && spans[active]) spans[active].removeAttribute("aria-current");
        active = index;
        var span = spans[active];
        if (span) {
          span.setAttribute("aria-current", "true");
          if (box && inView(box)) {
            span.scrollIntoView({ block: "nearest", inline: "nearest", behavior: reduceMotion ? "auto" : "smooth" });
          }
        }
      }
      var chapter = chapterIndexAt(time);
      if (chapter !== activeChapter) {
        if (activeChapter >= 0) chapters[activeChapter].removeAttribute("aria-current");
        activeChapter = chapter;
        if (chapter >= 0) chapters[chapter].setAttribute("aria-current", "true");
      }
    }

    function seek(time) {
      audio.currentTime = time;
      update();
      var played = audio.play();
      if (played && typeof played.catch === "function") played.catch(function () {});
    }

    var track = audio.textTracks && audio.textTracks.length ? audio.textTracks[0] : null;
    if (track) {
      track.mode = "hidden";
      var useTrackCues = function () {
        var list = track.cues;
        if (list && list.length === spans.length) {
          cues = Array.prototype.map.call(list, function (cue) { return { start: cue.startTime, end: cue.endTime }; });
          section.setAttribute("data-cue-source", "track");
          update();
        }
      };
      track.addEventListener("cuechange", function () {
        if (track.cues && track.cues.length === spans.length && cues.length !== track.cues.length) useTrackCues();
        update();
      });
      var element = audio.querySelector("track");
      if (element) element.addEventListener("load", useTrackCues);
      useTrackCues();
    }

    ["timeupdate", "seeking", "seeked", "loadedmetadata"].forEach(function (name) {
      audio.addEventListener(name, update);
    });
    audio.addEventListener("play", function () {
      Array.prototype.forEach.call(document.querySelectorAll("audio"), function (other) {
        if (other !== audio) other.pause();
      });
    });

    spans.forEach(function (span, i) {
      span.addEventListener("click", function () { seek(cues[i] ? cues[i].start : 0); });
      span.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          seek(cues[i] ? cues[i].start : 0);
        }
      });
    });
    chapters.forEach(function (button) {
      button.addEventListener("click", function () { seek(parseFloat(button.getAttribute("data-start"))); });
    });
    section.setAttribute("data-ready", "true");
    update();
  }

  Array.prototype.forEach.call(document.querySelectorAll("section.episode"), setup);
})();
