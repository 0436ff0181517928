/* audioreview listening page: chapters that seek, and a transcript that
 * follows the audio sentence by sentence and, where the words have times
 * (<span class="w" data-t>), word by word.
 *
 * Sentence times come from the <track>'s cues when the browser loads them and
 * they are one a sentence (mode "hidden" + cuechange); from file:// Chromium
 * refuses to load tracks, so the VTT text embedded in the page is parsed as a
 * fallback, and a page with word times carries every time in its markup.
 *
 * While the audio plays, one requestAnimationFrame callback a frame moves the
 * highlight: a binary search over the word starts and, when the word changed,
 * a bar moved under the new word by a transform, so the text is neither laid
 * out nor painted again. Nothing else runs per frame. */
(function () {
  "use strict";

  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var EPSILON = 0.0005;

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

  /* The index of the last start at or before time (-1 before the first). */
  function lastAtOrBefore(starts, time) {
    var lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= time + EPSILON) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
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
    var chapterStarts = chapters.map(function (button) { return parseFloat(button.getAttribute("data-start")); });
    var embedded = section.querySelector("script.vtt");

    // Every word with a time, in order: its element, start, and sentence.
    var words = [], wordStarts = [], firstWord = [], wordIndex = new Map();
    spans.forEach(function (span, i) {
      firstWord.push(words.length);
      var list = span.querySelectorAll(".w[data-t]");
      for (var k = 0; k < list.length; k++) {
        wordIndex.set(list[k], words.length);
        words.push({ el: list[k], cue: i });
        wordStarts.push(parseFloat(list[k].getAttribute("data-t")));
      }
    });

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
    var cueStarts = cues.map(function (cue) { return cue.start; });
    var active = -1;
    var activeWord = -1;
    var activeChapter = -1;

    function showSentence(index) {
      if (index === active) return;
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

    // The lit word is shown by a bar under it that only moves (a transform: no layout, no repaint of
    // the text); the word itself gets the class "now", which no style changes the look of.
    var mark = null;
    if (words.length && box) {
      mark = document.createElement("span");
      mark.className = "word-mark";
      mark.setAttribute("aria-hidden", "true");
      box.appendChild(mark);
    }

    function placeMark() {
      if (!mark) return;
      var rects = activeWord >= 0 ? words[activeWord].el.getClientRects() : [];
      if (!rects.length) { mark.style.opacity = "0"; return; }
      var word = rects[0], frame = box.getBoundingClientRect();
      var x = word.left - frame.left - box.clientLeft + box.scrollLeft;
      var y = word.bottom - frame.top - box.clientTop + box.scrollTop;
      mark.style.transform = "translate(" + x.toFixed(1) + "px," + y.toFixed(1) + "px) scaleX(" + word.width.toFixed(1) + ")";
      mark.style.opacity = "1";
    }

    function showWord(index) {
      // Only a word of the sentence being heard is lit (none in the pause before a sentence's first word).
      if (index >= 0 && words[index].cue !== active) index = -1;
      if (index === activeWord) return;
      if (activeWord >= 0) words[activeWord].el.classList.remove("now");
      activeWord = index;
      if (index >= 0) words[index].el.classList.add("now");
      section.setAttribute("data-word", String(index));
      placeMark();
    }

    function update() {
      var time = audio.currentTime;
      showSentence(lastAtOrBefore(cueStarts, time));
      if (words.length) showWord(lastAtOrBefore(wordStarts, time));
      var chapter = lastAtOrBefore(chapterStarts, time);
      if (chapter !== activeChapter) {
        if (activeChapter >= 0) chapters[activeChapter].removeAttribute("aria-current");
        activeChapter = chapter;
        if (chapter >= 0) chapters[chapter].setAttribute("aria-current", "true");
      }
    }

    // Per frame while playing: timeupdate alone comes four times a second, slower than the words.
    var frame = 0;
    function tick() {
      update();
      frame = audio.paused || audio.ended ? 0 : window.requestAnimationFrame(tick);
    }
    function startTicking() {
      if (!frame && words.length) frame = window.requestAnimationFrame(tick);
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
          cueStarts = cues.map(function (cue) { return cue.start; });
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
    audio.addEventListener("playing", startTicking);
    audio.addEventListener("play", function () {
      startTicking();
      Array.prototype.forEach.call(document.querySelectorAll("audio"), function (other) {
        if (other !== audio) other.pause();
      });
    });

    function wordOf(target) {
      var el = target && target.closest ? target.closest(".w") : null;
      return el && wordIndex.has(el) ? wordIndex.get(el) : -1;
    }

    function sentenceOf(target) {
      var el = target && target.closest ? target.closest(".cue") : null;
      return el ? spans.indexOf(el) : -1;
    }

    function focusWord(index) {
      if (index < 0 || index >= words.length) return;
      var el = words[index].el;
      el.setAttribute("tabindex", "-1");
      el.focus();
    }

    if (box) {
      // One listener each for the whole transcript, however many words it has.
      box.addEventListener("click", function (event) {
        var word = wordOf(event.target);
        if (word >= 0) { seek(wordStarts[word]); return; }
        var i = sentenceOf(event.target);
        if (i >= 0) seek(cues[i] ? cues[i].start : 0);
      });
      box.addEventListener("keydown", function (event) {
        var word = wordOf(event.target);
        var i = word >= 0 ? words[word].cue : sentenceOf(event.target);
        if (i < 0) return;
        var key = event.key;
        if (key === "Enter" || key === " ") {
          event.preventDefault();
          seek(word >= 0 ? wordStarts[word] : (cues[i] ? cues[i].start : 0));
        } else if (words.length && (key === "ArrowRight" || key === "ArrowLeft")) {
          // Word by word, on into the next sentence and back into the one before.
          event.preventDefault();
          var next;
          if (word >= 0) next = word + (key === "ArrowRight" ? 1 : -1);
          else next = key === "ArrowRight" ? firstWord[i] : firstWord[i] - 1;
          if (next >= 0 && next < words.length) focusWord(next);
        } else if (word >= 0 && (key === "Home" || key === "End")) {
          event.preventDefault();
          var last = (i + 1 < firstWord.length ? firstWord[i + 1] : words.length) - 1;
          focusWord(key === "Home" ? firstWord[i] : last);
        } else if (word >= 0 && key === "Escape") {
          event.preventDefault();
          spans[i].focus();
        }
      });
    }
    if (mark) {
      // The words move when the box is resized or the transcript opens: the bar follows.
      if (window.ResizeObserver) new ResizeObserver(placeMark).observe(box);
      var details = section.querySelector("details");
      if (details) details.addEventListener("toggle", placeMark);
    }
    chapters.forEach(function (button) {
      button.addEventListener("click", function () { seek(parseFloat(button.getAttribute("data-start"))); });
    });
    section.setAttribute("data-ready", "true");
    update();
  }

  Array.prototype.forEach.call(document.querySelectorAll("section.episode"), setup);
})();
