// Renders /schema/openapi.json as a browsable reference with a "try it" form per endpoint.
// Plain DOM APIs only (text goes in through textContent, nothing is evaluated): it runs under the
// CSP of the page, which allows scripts and requests to this origin only.
"use strict";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "text") node.textContent = value; else node.setAttribute(key, value);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

// The OpenAPI descriptions are CommonMark; this reads the little of it they use (paragraphs, "* " lists,
// `code`, **strong**, *emphasis*) into elements. Markdown libraries (marked, markdown-it, snarkdown) return
// an HTML string for the page to parse, which this script never does: text only ever goes in as text.
function inline(text) {
  const out = [];
  for (const part of text.split(/(`[^`]+`|\*\*[^*]+\*\*|\*[^*\s][^*]*\*)/)) {
    if (!part) continue;
    if (part.startsWith("`")) out.push(el("code", { text: part.slice(1, -1) }));
    else if (part.startsWith("**")) out.push(el("strong", { text: part.slice(2, -2) }));
    else if (part.length > 2 && part.startsWith("*") && part.endsWith("*")) out.push(el("em", { text: part.slice(1, -1) }));
    else out.push(part);
  }
  return out;
}

function markdown(text) {
  const blocks = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split("\n");
    if (lines[0].startsWith("* ")) {
      const items = [];
      for (const line of lines) {
        if (line.startsWith("* ")) items.push(line.slice(2)); else items[items.length - 1] += " " + line.trim();
      }
      blocks.push(el("ul", {}, ...items.map((item) => el("li", {}, ...inline(item)))));
    } else {
      blocks.push(el("p", {}, ...inline(lines.map((line) => line.trim()).join(" "))));
    }
  }
  return blocks;
}

function resolve(doc, obj) {
  let seen = 0;
  while (obj && obj.$ref && seen++ < 10) {
    obj = obj.$ref.replace(/^#\//, "").split("/").reduce((o, k) => (o ? o[k] : undefined), doc);
  }
  return obj || {};
}

function describeSchema(schema) {
  if (!schema) return "";
  if (schema.type === "array") return "list of " + describeSchema(schema.items) + " (comma-separated)";
  const parts = [schema.type || "any"];
  if (schema.enum) parts.push("one of: " + schema.enum.join(", "));
  if (schema.pattern) parts.push("pattern " + schema.pattern);
  if (schema.minimum !== undefined || schema.maximum !== undefined) parts.push(`${schema.minimum ?? ""}…${schema.maximum ?? ""}`);
  if (schema.maxLength !== undefined) parts.push(`≤ ${schema.maxLength} chars`);
  if (schema.default !== undefined) parts.push("default " + JSON.stringify(schema.default));
  return parts.join("; ");
}

function anchor(method, path) {
  return "op-" + method + path.replace(/[^A-Za-z0-9]+/g, "-");
}

function tryForm(path, op) {
  const form = el("form", { class: "try" });
  const inputs = [];
  for (const p of op.parameters || []) {
    const id = anchor("in", path + "-" + p.name);
    const schema = p.schema || {};
    let input;
    if (schema.enum && schema.type !== "array") {
      input = el("select", { id });
      if (!p.required) input.append(el("option", { value: "", text: "" }));
      for (const v of schema.enum) input.append(el("option", { value: v, text: v }));
    } else {
      input = el("input", { id, type: "text", placeholder: p.example !== undefined ? String(p.example) : "" });
      if (p.in === "path" && p.example !== undefined) input.value = String(p.example);
    }
    inputs.push([p, input]);
    form.append(el("label", { for: id, text: `${p.name} (${p.in})` }), input);
  }
  const media = Object.keys(((op.responses || {})["200"] || {}).content || {});
  let accept = null;
  if (media.length > 1) {
    accept = el("select", { id: anchor("accept", path) });
    for (const m of media) accept.append(el("option", { value: m, text: m }));
    form.append(el("label", { for: accept.id, text: "Accept" }), accept);
  }
  const out = el("div", { class: "result" });
  form.append(el("button", { type: "submit", text: "Send GET" }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    let url = path;
    const query = new URLSearchParams();
    for (const [p, input] of inputs) {
      if (!input.value) continue;
      if (p.in === "path") url = url.replace("{" + p.name + "}", encodeURIComponent(input.value));
      else query.append(p.name, input.value);
    }
    const qs = query.toString();
    if (qs) url += "?" + qs;
    out.replaceChildren(el("p", { text: "GET " + url }));
    try {
      const response = await fetch(url, { headers: accept ? { Accept: accept.value } : {} });
      const type = response.headers.get("content-type") || "";
      let body = await response.text();
      if (type.includes("json") && !type.includes("ndjson")) {
        try { body = JSON.stringify(JSON.parse(body), null, 2); } catch (e) { /* show as sent */ }
      }
      const heads = ["content-type", "etag", "link", "x-total-count", "x-dataset-version"]
        .filter((h) => response.headers.get(h)).map((h) => `${h}: ${response.headers.get(h)}`).join("\n");
      out.append(el("p", { text: `${response.status} ${response.statusText}` }), el("pre", { text: heads }),
        el("pre", { text: body.length > 200000 ? body.slice(0, 200000) + "\n…" : body }));
    } catch (error) {
      out.append(el("p", { class: "error", text: String(error) }));
    }
  });
  return [form, out];
}

// An operation is its summary line until a reader opens it; its description, tables and form are drawn then,
// once (as Swagger UI draws an operation). Drawn up front, the 246 operations made 44,714 elements.
function operation(doc, path, method, op) {
  const box = el("details", { class: "op", id: anchor(method, path) },
    el("summary", {}, el("span", { class: "method", text: method.toUpperCase() }), path + "  —  " + (op.summary || "")));
  box.addEventListener("toggle", () => {
    if (box.open && !box.dataset.drawn) {
      box.dataset.drawn = "";
      box.append(...body(doc, path, op));
    }
  });
  return box;
}

function body(doc, path, op) {
  const box = [];
  if (op.description) box.push(el("div", { class: "desc" }, ...markdown(op.description)));
  if ((op.parameters || []).length) {
    const rows = op.parameters.map((p) => el("tr", {},
      el("td", {}, el("code", { text: p.name })), el("td", { text: p.in + (p.required ? ", required" : "") }),
      el("td", { text: describeSchema(p.schema) }), el("td", {}, ...inline(p.description || ""))));
    box.push(el("table", {}, el("thead", {}, el("tr", {}, ...["Parameter", "In", "Schema", "Description"]
      .map((h) => el("th", { text: h })))), el("tbody", {}, ...rows)));
  }
  const responses = Object.entries(op.responses || {}).map(([status, r]) => {
    const resolved = resolve(doc, r);
    return el("tr", {}, el("td", { text: status }), el("td", { text: resolved.description || "" }),
      el("td", { text: Object.keys(resolved.content || {}).join(", ") }));
  });
  box.push(el("table", {}, el("thead", {}, el("tr", {}, ...["Status", "Meaning", "Media types"]
    .map((h) => el("th", { text: h })))), el("tbody", {}, ...responses)));
  box.push(el("h4", { text: "Try it" }), ...tryForm(path, op));
  return box;
}

function render(doc) {
  document.getElementById("title").textContent = doc.info.title + " " + doc.info.version;
  document.getElementById("summary").replaceChildren(...markdown(doc.info.description || ""));
  const byTag = new Map();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = (op.tags || ["other"])[0];
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push([path, method, op]);
    }
  }
  const main = document.getElementById("reference");
  const toc = el("ul");
  main.replaceChildren();
  for (const [tag, ops] of byTag) {
    const section = el("section", { id: "tag-" + tag }, el("h2", { text: tag }));
    const info = (doc.tags || []).find((t) => t.name === tag);
    if (info && info.description) section.append(el("div", { class: "muted" }, ...markdown(info.description)));
    for (const [path, method, op] of ops) {
      section.append(operation(doc, path, method, op));
      toc.append(el("li", {}, el("a", { href: "#" + anchor(method, path), text: path })));
    }
    main.append(section);
  }
  document.getElementById("toc").replaceChildren(toc);
}

function fail(message) {
  const status = document.getElementById("status");
  status.className = "error";
  status.textContent = message;
}

fetch("/schema/openapi.json")
  .then((r) => { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
  .then(
    (doc) => {
      try { render(doc); } catch (error) { fail("Could not render /schema/openapi.json: " + error); }
    },
    (error) => fail("Could not load /schema/openapi.json: " + error),
  );
