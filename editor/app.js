// Wegweiser Enzkreis, editing app (/redaktion/): registers the house file format, the opening-hours
// widget and the offer preview with Decap CMS, then starts it. The collections and fields come
// from config.yml and settings.js, both generated from the schema by generator/editor.py.
import { format } from "./house-format.js";
import { CHECKS, DIRECTIONS, FORMATS, OFFER_COLLECTIONS, WHOLE_DISTRICT } from "./settings.js";

const CMS = window.CMS;
const h = window.h;
const createClass = window.createClass;
const hours = window.WegweiserOpeningHours;

// ---- file formats: the house format (house-format.js), one per kind of file ----
// `serves: enzkreis` (the whole district) is a single word in the files; the form's multiple
// select holds a list, so the word becomes ["enzkreis"] while editing and a word again on saving.
function servesIn(data) {
  if (data && data.serves === WHOLE_DISTRICT) return { ...data, serves: [WHOLE_DISTRICT] };
  return data;
}
function servesOut(data) {
  const serves = data && data.serves;
  const list = serves && typeof serves.toJS === "function" ? serves.toJS() : serves;
  if (Array.isArray(list) && list.includes(WHOLE_DISTRICT)) return { ...data, serves: WHOLE_DISTRICT };
  return data;
}
for (const [kind, options] of Object.entries(FORMATS)) {
  const house = format(options);
  const withServes = kind === "offer";
  CMS.registerCustomFormat(`wegweiser-${kind}`, "yml", {
    fromFile: (text) => (withServes ? servesIn(house.fromFile(text)) : house.fromFile(text)),
    toFile: (data, ...rest) => house.toFile(withServes ? servesOut(data) : data, ...rest),
  });
}

// ---- opening hours: a text field with the check of `wegweiser validate`, and the week in words ----
const OpeningHoursControl = createClass({
  isValid() {
    const value = (this.props.value || "").trim();
    const message = value ? hours.problem(value) : null;
    return message ? { error: { message } } : true;
  },
  handleChange(event) {
    this.props.onChange(event.target.value);
  },
  render() {
    const value = this.props.value || "";
    let week = [];
    if (value.trim() && !hours.problem(value.trim())) week = hours.week(value.trim(), hours.nextMonday(new Date()));
    return h("div", { className: this.props.classNameWrapper },
      h("input", {
        type: "text",
        id: this.props.forID,
        value,
        onChange: this.handleChange,
        onFocus: this.props.setActiveStyle,
        onBlur: this.props.setInactiveStyle,
        spellCheck: false,
        style: { width: "100%", border: 0, font: "inherit", background: "transparent", outline: "none" },
      }),
      week.length ? h("ul", { className: "wegweiser-week", style: { margin: "0.5em 0 0", paddingLeft: "1.2em" } },
        week.map((line) => h("li", { key: line }, line))) : null);
  },
});
const OpeningHoursPreview = (props) => h("p", {}, props.value || "");
CMS.registerWidget("opening_hours", OpeningHoursControl, OpeningHoursPreview);

// ---- "Noch aktuell" in one step, beside `verified`: the same record as
// `wegweiser confirm OFFER --how telefon --source "…"` (generator/confirm.py): verified becomes
// today, a source entry says how and what was checked, with the date, and unconfirmed goes (the
// whole record was checked). The date changes in the form at once; the source entry is added
// when the entry is saved (preSave), since a widget can change only its own field.
let pendingCheck = null; // {title, date}: the check to record when the open entry is saved

function today() {
  const d = new Date();
  return [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
}

const DateWidget = CMS.getWidget("datetime");
const LastCheckControl = createClass({
  getInitialState() {
    return { how: CHECKS[0].value, what: "", problem: null, recorded: null };
  },
  componentWillUnmount() {
    pendingCheck = null; // leaving the entry unsaved records nothing
  },
  confirmCheck() {
    const what = this.state.what.split(/\s+/).filter(Boolean).join(" ");
    if (!what) {
      this.setState({ problem: "Bitte eintragen, was geprüft wurde, z. B. „Anruf im Bürgerbüro“." });
      return;
    }
    const how = CHECKS.find((c) => c.value === this.state.how);
    pendingCheck = { title: `${how.title}: ${what}`, date: today() };
    this.setState({ problem: null, recorded: pendingCheck });
    this.props.onChange(pendingCheck.date);
  },
  render() {
    const id = this.props.forID;
    const recorded = this.state.recorded;
    return h("div", {},
      h(DateWidget.control, this.props),
      h("fieldset", { className: "wegweiser-check", style: { margin: "0.75em 0 0", border: "1px solid #c4c4c4", borderRadius: "4px", padding: "0.5em 0.75em" } },
        h("legend", {}, "Noch aktuell? Prüfung in einem Schritt eintragen"),
        h("label", { htmlFor: `${id}-how`, style: { display: "block" } }, "Wie geprüft"),
        h("select", { id: `${id}-how`, value: this.state.how, onChange: (e) => this.setState({ how: e.target.value }) },
          CHECKS.map((c) => h("option", { key: c.value, value: c.value }, c.label))),
        h("label", { htmlFor: `${id}-what`, style: { display: "block", marginTop: "0.5em" } }, "Was wurde geprüft?"),
        h("input", { type: "text", id: `${id}-what`, value: this.state.what, placeholder: "z. B. Anruf im Bürgerbüro",
          onChange: (e) => this.setState({ what: e.target.value }), style: { width: "100%" } }),
        h("button", { type: "button", onClick: this.confirmCheck, style: { marginTop: "0.5em" } }, "Noch aktuell: heute geprüft"),
        this.state.problem ? h("p", { role: "alert" }, this.state.problem) : null,
        recorded ? h("p", { role: "status" },
          `Beim Veröffentlichen wird eingetragen: Zuletzt geprüft ${recorded.date}, Quelle „${recorded.title}“.`) : null));
  },
});
CMS.registerWidget("last_check", LastCheckControl, DateWidget.preview);
CMS.registerEventListener({
  name: "preSave",
  handler: ({ entry }) => {
    const check = pendingCheck;
    pendingCheck = null;
    const data = entry.get("data");
    if (!check || String(data.get("verified")) !== check.date) return undefined; // date changed again by hand
    const sources = data.get("source");
    return data.setIn(["source", sources ? sources.size : 0], { title: check.title, date: check.date }).delete("unconfirmed");
  },
});

// ---- the offer preview: what a reader needs at the counter, in German ----
function text(entry, ...path) {
  const value = entry.getIn(["data", ...path]);
  return value == null ? "" : String(value);
}
const OfferPreview = createClass({
  render() {
    const entry = this.props.entry;
    const phones = (entry.getIn(["data", "phone"]) || []).toJS ? entry.getIn(["data", "phone"]).toJS() : [];
    const openingHours = text(entry, "opening_hours").trim();
    let week = [];
    let problem = null;
    if (openingHours) {
      problem = hours.problem(openingHours);
      if (!problem) week = hours.week(openingHours, hours.nextMonday(new Date()));
    }
    const street = text(entry, "address", "street");
    const place = [text(entry, "address", "postal_code"), text(entry, "address", "city")].filter(Boolean).join(" ");
    return h("article", { lang: "de", style: { fontFamily: "sans-serif", lineHeight: 1.4 } },
      h("h1", {}, text(entry, "name", "de") || "(noch ohne Namen)"),
      text(entry, "provider") ? h("p", {}, text(entry, "provider")) : null,
      street || place ? h("p", { className: "address" }, street, street && place ? h("br") : null, place) : null,
      phones.length ? h("ul", { className: "phones" }, phones.map((phone) => h("li", { key: phone }, "Telefon " + phone))) : null,
      openingHours ? h("section", { className: "opening-hours" },
        h("h2", {}, "Öffnungszeiten"),
        problem ? h("p", {}, problem) : h("ul", {}, week.map((line) => h("li", { key: line }, line)))) : null,
      text(entry, "verified") ? h("p", { className: "verified" }, "Zuletzt geprüft: " + text(entry, "verified")) : null);
  },
});
for (const name of OFFER_COLLECTIONS) CMS.registerPreviewTemplate(name, OfferPreview);

// ---- a text in Arabic, Persian or Pashto is typed right to left ----
// Decap names a field's input "<field>-field-<n>"; the fields of a text per language are named by
// the language's code (name.ar, description.fa ...). Each gets that language and its direction, so
// the cursor, punctuation and numbers sit where a reader of the language expects them.
const LANGUAGE_INPUT = /^([a-z]{2,3})-field-\d+$/;
function markLanguages(root) {
  for (const input of root.querySelectorAll("input[id], textarea[id]")) {
    const match = LANGUAGE_INPUT.exec(input.id);
    const dir = match && DIRECTIONS[match[1]];
    if (dir && input.dir !== dir) {
      input.lang = match[1];
      input.dir = dir;
    }
  }
}
new MutationObserver(() => markLanguages(document)).observe(document.body, { childList: true, subtree: true });

CMS.init();
