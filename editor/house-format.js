// House format of the Wegweiser's data files for the editing app (Decap CMS custom format).
//
// fromFile(text) -> the entry's data plus `_original` (the file's text);
// toFile(data)   -> the file in house format with the smallest change: every top-level key (or
//                   list entry) whose value is unchanged keeps its original lines byte for byte,
//                   comments included; changed and new keys are written in house format at their
//                   place in the schema's order; empty values ("" [] {} null) are dropped.
//
// The rules for new values are those of `dump` in generator/format.py (a test compares them):
// strings are quoted exactly when YAML 1.1 (PyYAML, the generator) or YAML 1.2 would misread
// them plain; numbers-like strings (postal codes, phone numbers) in double quotes; dates
// YYYY-MM-DD plain; multi-line texts as | block scalars; lists of scalars as [a, b]; mappings
// of numbers as {lat: …, lon: …}; everything else in block style, lists two spaces in.
// The options (header line, key order, languages …) are generated from the schema: see
// editor/HOUSE-FORMAT.md and generator.format.editor_options().

import { parseDocument, isMap, isSeq } from "./vendor/yaml/dist/index.js";

const ORIGINAL = "_original";

// ------------------------------------------------------------------------------------------
// Scalars (same rules as generator/format.py)

const PRINTABLE = /^[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]*$/u;
const NUMBER_LIKE = /^[-+]?(\.?[0-9]|\.(inf|nan)$)/i;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const SPECIAL = new Set(["null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", "=", "<<"]);
const INDICATORS = new Set("-?:,[]{}#&*!|>'\"%@`");

export function needsQuotes(s, flow = false) {
  if (s === "" || s !== s.trim() || !PRINTABLE.test(s)) return true;
  if (DATE.test(s)) return false; // a date, written plain on purpose
  if (INDICATORS.has(s[0]) || SPECIAL.has(s.toLowerCase()) || NUMBER_LIKE.test(s)) return true;
  if (s.includes(": ") || s.includes(" #") || s.endsWith(":")) return true;
  return flow && /[,[\]{}]/.test(s);
}

function hex(n, width) {
  return n.toString(16).toUpperCase().padStart(width, "0");
}

export function doubleQuoted(s) {
  let out = "";
  for (const c of s) {
    if (c === "\\") out += "\\\\";
    else if (c === '"') out += '\\"';
    else if (c === "\n") out += "\\n";
    else if (c === "\t") out += "\\t";
    else if (c === "\r") out += "\\r";
    else if (!PRINTABLE.test(c)) {
      const n = c.codePointAt(0);
      out += n <= 0xffff ? "\\u" + hex(n, 4) : "\\U" + hex(n, 8);
    } else out += c;
  }
  return '"' + out + '"';
}

function literalOk(s) {
  const lines = s.replace(/\n+$/, "").split("\n");
  return (
    s.includes("\n") &&
    !s.includes("\r") &&
    lines.every((line) => PRINTABLE.test(line.replace(/\t/g, " "))) &&
    !/^[ \t]/.test(lines[0]) &&
    !lines.some((line) => line !== line.trimEnd())
  );
}

function literal(s, indent) {
  let head, body;
  if (s.endsWith("\n\n")) [head, body] = ["|+", s.slice(0, -1)];
  else if (s.endsWith("\n")) [head, body] = ["|", s.slice(0, -1)];
  else [head, body] = ["|-", s];
  const pad = " ".repeat(indent);
  return [head, ...body.split("\n").map((line) => (line ? pad + line : ""))];
}

function isDate(v) {
  return v instanceof Date;
}

export function scalar(v, flow = false) {
  if (v === null || v === undefined) return "null";
  if (v === true || v === false) return String(v);
  if (isDate(v)) return v.toISOString().slice(0, 10);
  if (typeof v === "number") {
    if (Number.isNaN(v)) return ".nan";
    if (!Number.isFinite(v)) return v > 0 ? ".inf" : "-.inf";
    return String(v);
  }
  const s = String(v);
  return needsQuotes(s, flow) ? doubleQuoted(s) : s;
}

// ------------------------------------------------------------------------------------------
// Plain data -> house format (a new file, or a changed key)

function isScalar(v) {
  return v === null || typeof v !== "object" || isDate(v);
}

function isMultiline(v) {
  return typeof v === "string" && v.includes("\n");
}

function isEmpty(v) {
  if (v === null || v === undefined || v === "") return true;
  if (Array.isArray(v)) return v.length === 0;
  if (!isScalar(v)) return Object.keys(v).length === 0;
  return false;
}

/** Drop empty values ("" [] {} null undefined) from mappings and lists, recursively. */
export function clean(v) {
  if (Array.isArray(v)) return v.map(clean).filter((x) => !isEmpty(x));
  if (!isScalar(v)) {
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      const c = clean(x);
      if (!isEmpty(c)) out[k] = c;
    }
    return out;
  }
  return v;
}

function sortedKeys(keys, order) {
  if (!order || !order.length) return [...keys];
  const pos = new Map(order.map((k, i) => [k, i]));
  const rank = (k) => (pos.has(k) ? pos.get(k) : order.length);
  return keys
    .map((k, i) => [k, i])
    .sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1])
    .map(([k]) => k);
}

function flowText(v) {
  if (Array.isArray(v)) return "[" + v.map(flowText).join(", ") + "]";
  if (!isScalar(v)) return "{" + Object.entries(v).map(([k, x]) => `${scalar(k, true)}: ${flowText(x)}`).join(", ") + "}";
  return scalar(v, true);
}

function numbersOnly(d) {
  return Object.values(d).every((x) => typeof x === "number");
}

function scalarList(v) {
  return v.every((x) => isScalar(x) && !isMultiline(x));
}

class Dumper {
  constructor(options) {
    this.languages = options.languages || [];
    this.translatable = new Set(options.translatable || []);
    this.nested = options.nested || {};
    this.order = options.order || [];
  }

  childOrder(key, level) {
    if (level === "item" && this.translatable.has(key)) return this.languages;
    return Object.prototype.hasOwnProperty.call(this.nested, key) ? this.nested[key] : null;
  }

  mapping(d, indent, order, level) {
    const out = [];
    for (const k of sortedKeys(Object.keys(d), order)) out.push(...this.entry(k, d[k], indent, level));
    return out;
  }

  entry(key, v, indent, level) {
    const pad = " ".repeat(indent);
    const keyText = scalar(key);
    if (isScalar(v)) {
      if (isMultiline(v) && literalOk(v)) {
        const [head, ...body] = literal(v, indent + 2);
        return [`${pad}${keyText}: ${head}`, ...body];
      }
      return [`${pad}${keyText}: ${scalar(v)}`];
    }
    if (isEmpty(v) || (Array.isArray(v) && scalarList(v))) return [`${pad}${keyText}: ${flowText(v)}`];
    if (!Array.isArray(v)) {
      if (numbersOnly(v)) return [`${pad}${keyText}: ${flowText(v)}`];
      return [`${pad}${keyText}:`, ...this.mapping(v, indent + 2, this.childOrder(key, level), "nested")];
    }
    const itemOrder = Object.prototype.hasOwnProperty.call(this.nested, key) ? this.nested[key] : null;
    return [`${pad}${keyText}:`, ...this.sequence(v, indent + 2, itemOrder)];
  }

  sequence(items, indent, itemOrder, level = "nested") {
    const out = [];
    const pad = " ".repeat(indent);
    for (const v of items) {
      if (!isScalar(v) && !Array.isArray(v) && !isEmpty(v) && !numbersOnly(v)) {
        const lines = this.mapping(v, indent + 2, itemOrder, level);
        out.push(pad + "- " + lines[0].slice(indent + 2), ...lines.slice(1));
      } else if (Array.isArray(v) && v.length) {
        if (scalarList(v)) out.push(pad + "- " + flowText(v));
        else out.push(pad + "-", ...this.sequence(v, indent + 2, null));
      } else if (!isScalar(v)) {
        out.push(pad + "- " + flowText(v));
      } else if (isMultiline(v) && literalOk(v)) {
        const [head, ...body] = literal(v, indent + 2);
        out.push(pad + "- " + head, ...body);
      } else {
        out.push(pad + "- " + scalar(v));
      }
    }
    return out;
  }
}

/** Plain data as a new file in house format (the same text as generator.format.dump). */
export function dump(value, options) {
  const d = new Dumper(options);
  const data = clean(value);
  let body;
  if (options.list) body = d.sequence(Array.isArray(data) ? data : [], 0, options.order, "item");
  else if (!isScalar(data) && !Array.isArray(data)) body = d.mapping(data, 0, options.order, "item");
  else body = data === null || data === undefined ? [] : [scalar(data)];
  const head = options.header ? [options.header] : [];
  return [...head, ...body].join("\n") + "\n";
}

// ------------------------------------------------------------------------------------------
// Minimal change against the original text

function deepEqual(a, b) {
  if (a === b) return true;
  if (isDate(a) || isDate(b)) return scalar(a) === scalar(b);
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

function parse(text) {
  const doc = parseDocument(text, { version: "1.2", schema: "core", uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) throw new Error(`YAML: ${doc.errors[0].message}`);
  return doc;
}

function isObject(v) {
  return !isScalar(v) && !Array.isArray(v);
}

function isBlock(node, kind) {
  return (kind === "map" ? isMap(node) : isSeq(node)) && !node.flow && node.items.length > 0;
}

/**
 * Writes changed data into the original text, entry by entry, at every depth: an entry whose
 * value is unchanged keeps its lines (and the comments above them); a changed mapping or block
 * list is merged entry by entry; anything else is written anew in house format.
 */
class Merger {
  constructor(text, doc, options) {
    this.text = text;
    this.doc = doc;
    this.lines = text.split("\n");
    if (this.lines[this.lines.length - 1] === "") this.lines.pop();
    this.starts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") this.starts.push(i + 1);
    this.dumper = new Dumper(options);
    this.options = options;
  }

  lineOf(pos) {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  column(pos) {
    return pos - this.starts[this.lineOf(pos)];
  }

  lastLine(node, from) {
    let end = node.range[1];
    if (end > from && this.text[end - 1] === "\n") end -= 1;
    return this.lineOf(Math.max(end - 1, from));
  }

  /** Each child of a block collection: its lines from `from` (comments) over `start` to `end`. */
  children(node, firstFrom, list) {
    const out = [];
    let from = firstFrom;
    for (const item of node.items) {
      const head = list ? item : item.key;
      const start = this.lineOf(head.range[0]);
      const last = list ? item : item.value && item.value.range ? item.value : item.key;
      const end = Math.max(start, this.lastLine(last, head.range[0]));
      out.push({ item, from: Math.min(from, start), start, end });
      from = end + 1;
    }
    return out;
  }

  slice(from, to) {
    return this.lines.slice(from, to + 1);
  }

  mapAt(node, indent) {
    return isBlock(node, "map") && this.column(node.items[0].key.range[0]) === indent;
  }

  seqAt(node, indent) {
    if (!isBlock(node, "seq")) return false;
    const first = node.items[0];
    if (!first || !first.range) return false;
    const line = this.lines[this.lineOf(first.range[0])];
    return this.column(first.range[0]) === indent + 2 && line.slice(indent, indent + 2) === "- " && !line.slice(0, indent).trim();
  }

  map(node, old, value, indent, order, level, firstFrom) {
    const kids = this.children(node, firstFrom, false);
    const byKey = new Map(kids.map((k) => [String(k.item.key.value), k]));
    const out = [];
    for (const key of sortedKeys(Object.keys(value), order)) {
      const was = byKey.get(key);
      const before = old && isObject(old) ? old[key] : undefined;
      out.push(...(was ? this.entry(was, key, before, value[key], indent, level) : this.dumper.entry(key, value[key], indent, level)));
    }
    return out;
  }

  entry(was, key, old, v, indent, level) {
    if (deepEqual(clean(old), v)) return this.slice(was.from, was.end);
    const comments = this.slice(was.from, was.start - 1);
    const node = was.item.value;
    const keyLine = this.lines[was.start];
    if (isObject(v) && !numbersOnly(v) && this.mapAt(node, indent + 2) && isObject(old)) {
      const order = this.dumper.childOrder(key, level);
      return [...comments, keyLine, ...this.map(node, old, v, indent + 2, order, "nested", was.start + 1)];
    }
    if (Array.isArray(v) && this.seqAt(node, indent + 2) && Array.isArray(old)) {
      const order = Object.prototype.hasOwnProperty.call(this.dumper.nested, key) ? this.dumper.nested[key] : null;
      return [...comments, keyLine, ...this.seq(node, old, v, indent + 2, order, "nested", was.start + 1)];
    }
    return [...comments, ...this.dumper.entry(key, v, indent, level)];
  }

  seq(node, old, items, indent, order, level, firstFrom) {
    const kids = this.children(node, firstFrom, true);
    const pad = " ".repeat(indent);
    const idKey = order && order.length ? order[0] : null;
    const used = new Set();
    const out = [];
    items.forEach((item, j) => {
      let i = old.findIndex((o, n) => !used.has(n) && deepEqual(clean(o), item));
      if (i >= 0) {
        used.add(i);
        out.push(...this.slice(kids[i].from, kids[i].end));
        return;
      }
      if (isObject(item) && idKey !== null && item[idKey] !== undefined) {
        i = old.findIndex((o, n) => !used.has(n) && isObject(o) && o[idKey] === item[idKey]);
      } else i = -1;
      if (i < 0 && j < old.length && !used.has(j) && isObject(item) && isObject(old[j]) && !items.some((x, n) => n !== j && deepEqual(clean(old[j]), x))) i = j;
      const kid = i >= 0 ? kids[i] : null;
      if (kid && isObject(item) && !isEmpty(item) && !numbersOnly(item) && this.mapAt(kid.item, indent + 2)) {
        used.add(i);
        const inner = this.map(kid.item, old[i], item, indent + 2, order, level, kid.start)
          .map((line) => (line.startsWith(pad + "- ") ? pad + "  " + line.slice(indent + 2) : line));
        const first = inner.findIndex((line) => !line.trimStart().startsWith("#"));
        inner[first] = pad + "- " + inner[first].slice(indent + 2);
        out.push(...this.slice(kid.from, kid.start - 1), ...inner);
        return;
      }
      if (kid) used.add(i);
      out.push(...(kid ? this.slice(kid.from, kid.start - 1) : []), ...this.dumper.sequence([item], indent, order, level));
    });
    return out;
  }

  /** The whole file, or null when the original's top level cannot be merged. */
  file(value) {
    const root = this.doc.contents;
    const old = this.doc.toJS();
    const list = Boolean(this.options.list);
    if (list ? !(isBlock(root, "seq") && this.seqAt(root, 0)) : !this.mapAt(root, 0)) return null;
    const first = this.lineOf((list ? root.items[0] : root.items[0].key).range[0]);
    const body = list
      ? this.seq(root, old, value, 0, this.options.order, "item", first)
      : this.map(root, old, value, 0, this.options.order, "item", first);
    const kids = this.children(root, first, list);
    const header = this.slice(0, first - 1);
    if (this.options.header) {
      if (header.length && header[0].startsWith("# yaml-language-server:")) header[0] = this.options.header;
      else header.unshift(this.options.header);
    }
    const footer = this.lines.slice(kids[kids.length - 1].end + 1);
    return [...header, ...body, ...footer].join("\n") + "\n";
  }
}

function merge(original, value, options) {
  let doc;
  try {
    doc = parse(original);
  } catch (err) {
    return null; // an unreadable original: the file is written anew
  }
  const text = new Merger(original, doc, options).file(value);
  if (text === null) return null;
  try {
    const back = parse(text).toJS();
    if (deepEqual(clean(back), value)) return text;
  } catch (err) {
    // fall through: never write a file that does not hold the entry's data
  }
  return null;
}

// ------------------------------------------------------------------------------------------
// The Decap CMS format

/** The entry's data from a file's text, with the text itself as `_original`. */
export function fromFile(text, options = {}) {
  const doc = parse(text);
  let data = doc.toJS();
  if (options.list) data = { [options.list]: Array.isArray(data) ? data : [] };
  else if (data === null || typeof data !== "object" || Array.isArray(data)) data = {};
  data[ORIGINAL] = text;
  return data;
}

/** The file's text for the entry's data: house format, and the smallest change to `_original`. */
export function toFile(data, options = {}) {
  const source = data && typeof data[ORIGINAL] === "string" ? data[ORIGINAL] : null;
  const body = {};
  for (const [k, v] of Object.entries(data || {})) if (k !== ORIGINAL) body[k] = v;
  const value = clean(options.list ? body[options.list] || [] : body);
  const merged = source === null ? null : merge(source, value, options);
  return merged !== null ? merged : dump(value, options);
}

/** {fromFile, toFile} for CMS.registerCustomFormat(name, "yml", format(options)). */
export function format(options) {
  return {
    fromFile: (text) => fromFile(text, options),
    toFile: (data) => toFile(data, options),
  };
}
