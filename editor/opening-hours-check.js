// Wegweiser Enzkreis, editing app: the opening-hours check of `wegweiser validate` in the browser,
// and the regular week in German words for the preview.
//
// `wegweiser validate` checks with the Rust parser (Python package opening-hours-py); here the
// same OpenStreetMap syntax is checked with opening_hours.js (vendor/opening_hours/). The message
// has the format of generator/opening_hours.py's opening_hours_problem; only the parser's detail
// differs. opening_hours.js accepts some forms the Rust parser refuses ("Mo-Fr 8-12",
// "nach Vereinbarung", "Mon-Fri …") by correcting them with a warning: a warning counts as an
// error here, so the app refuses what `wegweiser validate` refuses. tests/test_editor.py runs both
// checks over a corpus and lists where they differ.
(function (global) {
  "use strict";

  var EXAMPLE = "Mo-Fr 08:00-12:00; Th 14:00-18:00";
  var DAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"];
  // Public holidays of Baden-Württemberg (the district's state), for rules with "PH".
  var PLACE = { lat: 48.9, lon: 8.7, address: { country_code: "de", state: "Baden-Württemberg" } };

  function parse(value) {
    return new global.opening_hours(value, PLACE, { mode: 0, locale: "de" });
  }

  function lastLine(text) {
    var lines = String(text).trim().split("\n").map(function (line) { return line.trim(); }).filter(Boolean);
    return (lines[lines.length - 1] || "").replace(/^[\s=]+|[\s=]+$/g, "");
  }

  // A German message if `value` is not valid opening_hours syntax, else null.
  function problem(value) {
    var detail = null;
    try {
      var warnings = parse(value).getWarnings();
      if (warnings.length) detail = lastLine(warnings[0]);
    } catch (error) {
      detail = lastLine(error && error.message ? error.message : error);
    }
    if (detail === null) return null;
    return '"' + value + '" ist keine gültige Öffnungszeit im OpenStreetMap-Format (Beispiel: "' +
      EXAMPLE + '"; Parser: ' + detail + ")";
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function clock(date, dayStart) {
    var minutes = Math.round((date - dayStart) / 60000);
    return two(Math.floor(minutes / 60)) + ":" + two(minutes % 60);
  }

  // The week from `monday` (a Date at local midnight) in words: ["Montag 09:00–12:00", …].
  function week(value, monday) {
    var rules = parse(value);
    var lines = [];
    for (var i = 0; i < 7; i++) {
      var start = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + i);
      var end = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + i + 1);
      var spans = [], notes = [];
      rules.getOpenIntervals(start, end).forEach(function (interval) {
        var text = interval[2] ? "" : clock(interval[0], start) + "–" + clock(interval[1], start);
        if (text && spans.indexOf(text) < 0) spans.push(text);
        if (interval[3] && notes.indexOf(interval[3]) < 0) notes.push(interval[3]);
      });
      var words = spans.join(", ");
      if (notes.length) words += (words ? " " : "") + "(" + notes.join("; ") + ")";
      lines.push(DAYS[i] + " " + (words || "geschlossen"));
    }
    return lines;
  }

  function nextMonday(today) {
    var days = (8 - today.getDay()) % 7 || 7;  // getDay: 0 = Sunday
    return new Date(today.getFullYear(), today.getMonth(), today.getDate() + days);
  }

  global.WegweiserOpeningHours = { EXAMPLE: EXAMPLE, problem: problem, week: week, nextMonday: nextMonday };
})(typeof globalThis !== "undefined" ? globalThis : this);
