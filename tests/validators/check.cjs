// Runs the installed validators on files and prints their findings as JSON on stdout.
//   node check.cjs vtt FILE...   -> {"FILE": {"errors": [...], "cues": N, "timestamps": N, "ids": [...]}, ...}
//                                   (webvtt-parser; timestamps: the cue timestamps it read inside cues)
//   node check.cjs feed FILE     -> the feed as podcast-partytime reads it
//   node check.cjs versions      -> each validator's installed version
"use strict";
const fs = require("fs");
const path = require("path");

function countTimestamps(node) {
  let n = node.type === "timestamp" ? 1 : 0;
  for (const child of node.children || []) n += countTimestamps(child);
  return n;
}

function vtt(files) {
  const { WebVTTParser } = require("webvtt-parser");
  const out = {};
  for (const file of files) {
    const tree = new WebVTTParser().parse(fs.readFileSync(file, "utf8"), "subtitles");
    out[file] = {
      errors: tree.errors,
      cues: tree.cues.length,
      timestamps: tree.cues.reduce((sum, cue) => sum + countTimestamps(cue.tree), 0),
      ids: tree.cues.map((cue) => cue.id),
    };
  }
  return out;
}

function feed(file) {
  const { parseFeed } = require("podcast-partytime");
  // Phase 1-6 tags are read whatever the options; "allowMissingGuid: false" keeps a guid-less item an error.
  return parseFeed(fs.readFileSync(file, "utf8"), { allowMissingGuid: false });
}

function versions() {
  const out = {};
  for (const name of ["webvtt-parser", "podcast-partytime", "vnu-jar", "axe-core"]) {
    const manifest = path.join(__dirname, "node_modules", name, "package.json");
    out[name] = JSON.parse(fs.readFileSync(manifest, "utf8")).version;
  }
  return out;
}

const [command, ...args] = process.argv.slice(2);
const commands = { vtt: () => vtt(args), feed: () => feed(args[0]), versions };
if (!commands[command]) {
  process.stderr.write("usage: node check.cjs vtt FILE... | feed FILE | versions\n");
  process.exit(2);
}
process.stdout.write(JSON.stringify(commands[command](), (key, value) => (value instanceof Date ? value.toISOString() : value)));
