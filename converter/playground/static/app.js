// converter playground: the record beside its source, provenance both ways, the rule file edited live.
// Offsets from the server count code points; the text is kept as an array of code points to match.
"use strict";

const $ = (id) => document.getElementById(id);
const state = {
  source: null,        // what was converted: {text} | {doc} | {upload, name}
  view: null,          // the server's answer: {name, text, record, furniture, explain, rule_problems}
  chars: [],           // view.text as code points
  rule: null,          // {name, text, editable} of the rule file in the editor
  ruleSchema: null,
  extractors: [],
};
window.playground = state;  // for the browser test and the curious

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function status(message, isError = false) {
  $("status").textContent = message;
  $("status").classList.toggle("error", isError);
}

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)};
  const response = await fetch(path, init);
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error || response.statusText);
  return answer;
}

// --- converting ----------------------------------------------------------------------------------

let converting = 0;
async function convert(source) {
  state.source = source || state.source;
  if (!state.source) return;
  const ticket = ++converting;
  status("converting…");
  const body = {source: state.source, type: $("type").value || null};
  if (state.rule && state.rule.dirty) body.rule = {name: state.rule.name, text: $("rule").value};
  try {
    const view = await api("/api/convert", body);
    if (ticket !== converting) return;  // a later edit already asked again
    state.view = view;
    state.chars = Array.from(view.text);
    showSource();
    showRecord();
    showExplain();
    if (body.rule) showProblems(view.rule_problems);
    const docs = view.record.documents.length;
    status(view.rule_problems.length
      ? `rule file has problems: showing the saved rules' record (${docs} documents)`
      : `${docs} document${docs === 1 ? "" : "s"}, ${view.record.errors.length} errors`,
      view.rule_problems.length > 0 || view.record.errors.length > 0);
    $("download").disabled = false;
  } catch (err) {
    if (ticket === converting) status(err.message, true);
  }
}

// --- the source text: documents outlined, furniture shaded, provenance spans ----------------------

function provenanceSpans(record) {
  const out = [];  // {ptr: "doc|/pointer", start, end}
  record.documents.forEach((doc, i) => {
    for (const [pointer, [start, end]] of Object.entries(doc.provenance)) out.push({ptr: `${i}|${pointer}`, start, end});
  });
  return out;
}

function showSource() {
  const {record, furniture} = state.view;
  const n = state.chars.length;
  const unclassified = record.warnings.filter((w) => w.kind === "unclassified" && w.span).map((w) => w.span);
  const spans = provenanceSpans(record);
  const cuts = new Set([0, n]);
  for (const [s, e] of [...furniture, ...unclassified, ...record.documents.map((d) => d.span)]) { cuts.add(s); cuts.add(e); }
  for (const p of spans) { cuts.add(p.start); cuts.add(p.end); }
  const points = [...cuts].filter((c) => c >= 0 && c <= n).sort((a, b) => a - b);
  const inside = (list, s, e) => list.some(([a, b]) => a <= s && e <= b);

  // documents nest (a listing holds a report): each is a box holding its pieces and its children
  const docs = record.documents.map((d, i) => ({i, type: d.type, start: d.span[0], end: d.span[1], children: []}));
  const roots = [];
  for (const d of [...docs].sort((a, b) => a.start - b.start || b.end - a.end)) {
    const parent = docs.filter((p) => p !== d && p.start <= d.start && d.end <= p.end && (p.end - p.start) > (d.end - d.start))
      .sort((a, b) => (a.end - a.start) - (b.end - b.start))[0];
    (parent ? parent.children : roots).push(d);
  }
  const pieces = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const s = points[k], e = points[k + 1];
    if (e <= s) continue;
    const node = el("span", {"data-s": s, "data-e": e});
    node.textContent = state.chars.slice(s, e).join("");
    if (inside(furniture, s, e)) node.classList.add("furniture");
    if (inside(unclassified, s, e)) node.classList.add("unclassified");
    if (spans.some((p) => p.start <= s && e <= p.end)) node.classList.add("prov");
    pieces.push({s, e, node});
  }
  function fill(container, from, to, children) {
    let pos = from;
    for (const child of children.sort((a, b) => a.start - b.start)) {
      append(container, pos, child.start);
      const box = el("div", {class: "doc", "data-doc": child.i},
        el("span", {class: "doc-label"}, `document ${child.i}: ${child.type}`));
      fill(box, child.start, child.end, child.children);
      container.append(box);
      pos = Math.max(pos, child.end);
    }
    append(container, pos, to);
  }
  function append(container, from, to) {
    for (const p of pieces) if (p.s >= from && p.e <= to) container.append(p.node);
  }
  const pre = $("source");
  pre.replaceChildren();
  fill(pre, 0, n, roots);
  $("paste").hidden = state.source && state.source.text === undefined;
  $("source-name").textContent = state.view.name;
}

function highlightSource(ranges) {
  let first = null;
  for (const node of $("source").querySelectorAll("span[data-s]")) {
    const s = +node.dataset.s, e = +node.dataset.e;
    const on = ranges.some(([a, b]) => a <= s && e <= b && b > a);
    node.classList.toggle("hl", on);
    if (on && !first) first = node;
  }
  if (first) first.scrollIntoView({block: "nearest"});
}

function selectionOffsets() {
  const sel = window.getSelection();
  if (!sel.rangeCount) return null;
  const at = (node, offset) => {
    const span = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    if (!span || !span.dataset || span.dataset.s === undefined) return null;
    if (node.nodeType !== Node.TEXT_NODE) return offset === 0 ? +span.dataset.s : +span.dataset.e;
    return +span.dataset.s + Array.from(node.textContent.slice(0, offset)).length;
  };
  const range = sel.getRangeAt(0);
  const s = at(range.startContainer, range.startOffset), e = at(range.endContainer, range.endOffset);
  return s === null || e === null ? null : [Math.min(s, e), Math.max(s, e)];
}

function fieldsAt([s, e]) {
  return provenanceSpans(state.view.record).filter((p) => (e > s ? p.start < e && s < p.end : p.start <= s && s < p.end));
}

$("source").addEventListener("mouseup", () => {
  if (!state.view) return;
  const range = selectionOffsets();
  if (!range) return;
  const found = fieldsAt(range);
  const wanted = new Set(found.map((f) => f.ptr));
  for (const leaf of $("record").querySelectorAll(".leaf")) leaf.classList.toggle("hl", wanted.has(leaf.dataset.ptr));
  $("selection-fields").textContent = found.length
    ? `from [${range[0]}, ${range[1]}): ` + found.map((f) => f.ptr.replace("|", " ")).join(", ")
    : `no field came from [${range[0]}, ${range[1]})`;
  const first = $("record").querySelector(".leaf.hl");
  if (first) first.scrollIntoView({block: "nearest"});
});

// --- the record --------------------------------------------------------------------------------

function showRecord() {
  const {record} = state.view;
  const root = el("ul");
  record.documents.forEach((doc, i) => {
    const item = el("li", {}, el("div", {class: "doc-head", "data-doc": i},
      `document ${i}: ${doc.type} [${doc.span.join(", ")}]` + (doc.parent !== undefined && doc.parent !== null ? ` in document ${doc.parent}` : "")));
    item.append(tree(doc.data, "", i, doc.provenance));
    item.querySelector(".doc-head").addEventListener("mouseenter", () => highlightSource([doc.span]));
    root.append(item);
  });
  for (const e of record.errors) root.append(el("li", {class: "issue"}, `error (${e.kind}): ${e.message}`));
  for (const w of record.warnings) root.append(el("li", {class: "warn"}, `warning (${w.kind}): ${w.message}`));
  $("record").replaceChildren(root);
  $("record").classList.remove("hint");
}

function tree(value, pointer, docIndex, provenance) {
  const list = el("ul");
  const entries = Array.isArray(value) ? value.map((v, k) => [k, v]) : Object.entries(value);
  for (const [key, member] of entries) {
    const ptr = `${pointer}/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;
    if (member !== null && typeof member === "object") {
      list.append(el("li", {}, el("span", {class: "key"}, `${key}:`), tree(member, ptr, docIndex, provenance)));
      continue;
    }
    const span = provenance[ptr];
    const leaf = el("li", {class: "leaf" + (span ? " prov" : ""), "data-ptr": `${docIndex}|${ptr}`},
      el("span", {class: "key"}, `${key}: `), JSON.stringify(member));
    if (span) {
      leaf.dataset.span = span.join(",");
      leaf.title = `${ptr} ← source [${span.join(", ")})`;
      leaf.addEventListener("mouseenter", () => highlightSource([span]));
      leaf.addEventListener("click", () => highlightSource([span]));
    }
    list.append(leaf);
  }
  return list;
}

// --- the classification, as classify --explain ---------------------------------------------------

function showExplain() {
  const box = $("explain");
  box.replaceChildren();
  for (const part of state.view.explain) {
    if (part.error) { box.append(el("p", {class: "issue"}, part.error)); continue; }
    box.append(el("p", {}, el("b", {}, `[${part.span.join(", ")}) ${part.type || "no type"}`), ` — ${part.reason}`));
    const table = el("table", {}, el("tr", {}, el("th", {}, "type"), el("th", {}, "score"), el("th", {}, "min"), el("th", {}, "cues")));
    for (const s of part.scores) {
      const cues = el("td");
      for (const [list, sign] of [[s.cues, "+"], [s.against, "−"]]) {
        for (const c of list) {
          cues.append(el("span", {class: "cue", title: `${s.type}.yaml:${c.line}`,
            onclick: () => openRuleAt(`${s.type}.yaml`, c.line)}, `${sign}${c.weight} ${c.name} (:${c.line})`), " ");
        }
      }
      table.append(el("tr", {}, el("td", {}, s.type), el("td", {}, String(s.score)),
        el("td", {}, s.forced ? "chosen" : String(s.min_score)), cues));
    }
    box.append(table);
  }
}

// --- the rule editor -------------------------------------------------------------------------------

async function openRule(name) {
  clearTimeout(editTimer);  // a check still pending for the file being left would re-convert with its text
  const answer = await api(`/api/rule?name=${encodeURIComponent(name)}`);
  const info = state.ruleFiles.find((r) => r.name === name);
  state.rule = {name, editable: info && info.editable, dirty: false};
  $("rule").value = answer.text;
  $("rule-file").value = name;
  $("rule-where").textContent = state.rule.editable ? "in the rules folder" : "built-in: save writes a copy into the rules folder";
  showGutter([]);
  showProblems([]);
  $("tests").replaceChildren();
}

async function openRuleAt(name, line) {
  if (!state.rule || state.rule.name !== name) await openRule(name);
  goToLine(line, 1);
}

function goToLine(line, col) {
  const lines = $("rule").value.split("\n");
  let pos = 0;
  for (let k = 0; k < line - 1 && k < lines.length; k++) pos += lines[k].length + 1;
  pos += Math.max(0, (col || 1) - 1);
  $("rule").focus();
  $("rule").setSelectionRange(pos, pos);
  $("rule").scrollTop = Math.max(0, (line - 4) * lineHeight());
  syncGutter();
}

function lineHeight() { return parseFloat(getComputedStyle($("rule")).lineHeight) || 18; }

function showGutter(problems) {
  const bad = new Set(problems.map((p) => p.line || 1));
  const count = $("rule").value.split("\n").length;
  const gutter = $("gutter");
  gutter.replaceChildren();
  for (let k = 1; k <= count; k++) {
    const mark = problems.find((p) => (p.line || 1) === k);
    gutter.append(el("div", bad.has(k) ? {class: "bad", title: mark.message} : {}, String(k)));
  }
  syncGutter();
}

function syncGutter() { $("gutter").scrollTop = $("rule").scrollTop; }

function showProblems(problems) {
  state.problems = problems;
  showGutter(problems);
  $("problems").replaceChildren(...problems.map((p) =>
    el("li", {onclick: () => goToLine(p.line || 1, p.col || 1)}, p.text)));
}

let editTimer = null;
$("rule").addEventListener("input", () => {
  if (!state.rule) return;
  state.rule.dirty = true;
  showGutter(state.problems || []);
  clearTimeout(editTimer);
  editTimer = setTimeout(ruleChanged, 350);
  maybeComplete(false);
});
$("rule").addEventListener("scroll", syncGutter);

async function ruleChanged() {
  const rule = {name: state.rule.name, text: $("rule").value};
  if (state.source) return convert();  // checks the rule too, and shows its problems
  try {
    showProblems((await api("/api/check", {rule})).problems);
  } catch (err) { status(err.message, true); }
}

$("run-tests").addEventListener("click", async () => {
  if (!state.rule) return;
  status("running the test cases…");
  try {
    const answer = await api("/api/test", {rule: {name: state.rule.name, text: $("rule").value}});
    showProblems(answer.problems);
    $("tests").replaceChildren(...answer.cases.map((c) => el("li", {class: c.skip ? "" : c.ok ? "pass" : "fail",
      onclick: () => goToLine(c.line, 1)},
      `${c.skip ? "skip" : c.ok ? "ok  " : "FAIL"} ${c.id} (line ${c.line})` + (c.problems.length ? "\n    " + c.problems.join("\n    ") : ""))));
    const failed = answer.cases.filter((c) => !c.ok && !c.skip).length;
    status(answer.problems.length ? "the rule file does not load" : `${answer.cases.length - failed} passed, ${failed} failed`,
      failed > 0 || answer.problems.length > 0);
  } catch (err) { status(err.message, true); }
});

$("save").addEventListener("click", async () => {
  if (!state.rule) return;
  try {
    const answer = await api("/api/save", {rule: {name: state.rule.name, text: $("rule").value}});
    state.rule.dirty = false;
    status(`saved ${answer.saved}`);
  } catch (err) { status(err.message, true); }
});

// --- completion from schemas/rule-file.schema.json ------------------------------------------------

function resolve(node) {
  let guard = 0;
  while (node && node.$ref && guard++ < 10) {
    node = node.$ref.replace(/^#\//, "").split("/").reduce((n, part) => (n || {})[part], state.ruleSchema);
  }
  return node || {};
}

function yamlPath(lines, row) {
  // the keys (and "[]" for list items) leading to the line the cursor is on, from indentation
  const current = lines[row];
  const dash = /^(\s*)-\s+/.exec(current);
  let want = dash ? dash[1].length : current.length - current.trimStart().length;
  const path = dash ? ["[]"] : [];
  for (let k = row - 1; k >= 0 && want > 0; k--) {
    const line = lines[k];
    if (!line.trim() || line.trim().startsWith("#")) continue;
    const m = /^(\s*)(-\s+)?([^\s:#'"{}[\]-][^:#]*?)\s*:(\s|$)/.exec(line);
    const indent = line.length - line.trimStart().length;
    const keyCol = m ? indent + (m[2] ? m[2].length : 0) : indent;
    if (m && m[2] && keyCol === want) { path.unshift("[]"); want = indent; continue; }
    if (indent < want && m) {
      path.unshift(m[3]);
      if (m[2]) path.unshift("[]");
      want = indent;
    } else if (indent < want && /^\s*-\s*$/.test(line)) { path.unshift("[]"); want = indent; }
  }
  return path;
}

function schemaAt(path) {
  let node = resolve(state.ruleSchema);
  for (const step of path) {
    if (step === "[]") node = resolve(node.items);
    else if (node.properties && node.properties[step]) node = resolve(node.properties[step]);
    else if (node.additionalProperties && typeof node.additionalProperties === "object") node = resolve(node.additionalProperties);
    else return {};
  }
  return node;
}

function candidates() {
  const area = $("rule");
  const before = area.value.slice(0, area.selectionStart);
  const lines = area.value.split("\n");
  const row = before.split("\n").length - 1;
  const line = before.split("\n")[row];
  const value = /^\s*(?:-\s+)?extractor:\s*(\w*)$/.exec(line);
  if (value) return {prefix: value[1], items: state.extractors.map((name) => ({label: name, insert: name, doc: "extractor"}))};
  const key = /^\s*(?:-\s+)?([\w.-]*)$/.exec(line);
  if (!key) return null;
  const node = schemaAt(yamlPath(lines, row));
  const present = new Set();
  const props = Object.entries(node.properties || {}).filter(([name]) => !present.has(name));
  return {prefix: key[1], items: props.map(([name, sub]) => ({label: name, insert: `${name}: `,
    doc: (resolve(sub).description || sub.description || "").slice(0, 90)}))};
}

function maybeComplete(forced) {
  const box = $("completion");
  const found = candidates();
  const items = found ? found.items.filter((c) => c.label.startsWith(found.prefix) && c.label !== found.prefix) : [];
  if (!items.length || (!forced && !found.prefix)) { box.hidden = true; return; }
  box.replaceChildren(...items.map((c, k) => el("li", {class: k === 0 ? "active" : "", "data-insert": c.insert,
    onmousedown: (ev) => { ev.preventDefault(); accept(c.insert, found.prefix); }}, c.label, el("small", {}, c.doc))));
  box.dataset.prefix = found.prefix;
  const area = $("rule");
  const row = area.value.slice(0, area.selectionStart).split("\n").length;
  box.style.top = `${Math.min(row * lineHeight() - area.scrollTop + 8, area.clientHeight - 40)}px`;
  box.style.left = "60px";
  box.hidden = false;
}

function accept(insert, prefix) {
  const area = $("rule");
  const at = area.selectionStart;
  area.setRangeText(insert.slice(prefix.length), at, at, "end");
  $("completion").hidden = true;
  area.dispatchEvent(new Event("input"));
  $("completion").hidden = true;
}

$("rule").addEventListener("keydown", (ev) => {
  const box = $("completion");
  if (ev.ctrlKey && ev.code === "Space") { ev.preventDefault(); maybeComplete(true); return; }
  if (box.hidden) return;
  const items = [...box.children];
  const active = items.findIndex((li) => li.classList.contains("active"));
  if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
    ev.preventDefault();
    const next = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
    items.forEach((li, k) => li.classList.toggle("active", k === next));
    items[next].scrollIntoView({block: "nearest"});
  } else if (ev.key === "Enter" || ev.key === "Tab") {
    ev.preventDefault();
    accept(items[Math.max(active, 0)].dataset.insert, box.dataset.prefix);
  } else if (ev.key === "Escape") {
    box.hidden = true;
  }
});

// --- documents in: paste, upload, pick ------------------------------------------------------------

$("convert").addEventListener("click", () => convert({text: $("paste").value}));
$("docs").addEventListener("change", () => { if ($("docs").value) convert({doc: $("docs").value}); });
$("type").addEventListener("change", () => convert());
$("upload").addEventListener("change", async () => {
  const file = $("upload").files[0];
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let k = 0; k < bytes.length; k += 0x8000) binary += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  convert({upload: btoa(binary), name: file.name});
});
$("rule-file").addEventListener("change", () => openRule($("rule-file").value));
$("download").addEventListener("click", () => download(`${state.view.name.split("/").pop()}.json`, state.view.record));

function download(name, value) {
  const blob = new Blob([JSON.stringify(value, null, 2) + "\n"], {type: "application/json"});
  const link = el("a", {href: URL.createObjectURL(blob), download: name});
  link.click();
  URL.revokeObjectURL(link.href);
}

$("evaluate").addEventListener("click", async () => {
  status("evaluating the documents folder against gold…");
  const body = state.rule && state.rule.dirty ? {rule: {name: state.rule.name, text: $("rule").value}} : {};
  try {
    const evaluation = await api("/api/evaluate", body);
    const {passed, total, percent} = evaluation.overall;
    status(`gold: ${passed}/${total} checks (${percent}%)` +
      (evaluation.rule_problems.length ? " with the saved rules: the edited file has problems" : ""));
    download("evaluation.json", evaluation);
  } catch (err) { status(err.message, true); }
});

async function start() {
  try {
    const [info, schema] = await Promise.all([api("/api/info"), api("/api/rule-schema")]);
    state.ruleSchema = schema;
    state.ruleFiles = info.rule_files;
    state.extractors = info.extractors;
    for (const t of info.types) $("type").append(el("option", {value: t}, `${t} (chosen)`));
    for (const d of info.docs) $("docs").append(el("option", {value: d}, d));
    $("docs").disabled = !info.docs.length;
    $("evaluate").hidden = !info.gold;
    for (const r of info.rule_files) $("rule-file").append(el("option", {value: r.name}, r.name + (r.editable ? "" : " (built-in)")));
    const first = info.rule_files.find((r) => r.editable) || info.rule_files[0];
    if (first) await openRule(first.name);
    status(info.problems.length ? info.problems.join("; ") : "ready", info.problems.length > 0);
    document.body.dataset.ready = "1";
  } catch (err) { status(err.message, true); }
}
start();
