/* kgraph view: every string from the data is shown with textContent, never parsed as HTML. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kgraph-data").textContent);
  var t0 = performance.now();
  var api = { ready: false, readyAt: null, data: DATA };
  window.kgraph = api;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]); } }
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function safeUrl(u) { return typeof u === "string" && /^https?:\/\/[^\s]+$/i.test(u) ? u : null; }
  function link(url, text) {
    var ok = safeUrl(url);
    if (!ok) return el("span", null, text || url || "");
    var a = el("a", { href: ok, target: "_blank", rel: "noopener noreferrer nofollow" }, text || ok);
    return a;
  }
  function norm(s) { return String(s || "").normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim(); }

  document.getElementById("heading").textContent = document.title;

  var meta = DATA.nodes, emeta = DATA.edges;
  var classStyle = {}, classOn = {}, relOn = {};
  DATA.classes.forEach(function (c) { classStyle[c.name] = c; classOn[c.name] = true; });
  DATA.relations.forEach(function (r) { relOn[r.name] = true; });

  // ------------------------------------------------------------------ edge dates
  emeta.forEach(function (e) {
    e.dates = e.ev.map(function (i) { return i.d; }).filter(function (d) { return !!d; });
  });

  // ------------------------------------------------------------------ vis data
  var big = !DATA.physics;
  var nodes = new vis.DataSet(DATA.visNodes.map(function (n) {
    return Object.assign({}, n, { baseColor: n.color });
  }));
  var edges = new vis.DataSet(DATA.visEdges);
  var dateFrom = "", dateTo = "", hideOrphans = true;
  var visibleEdge = new Uint8Array(DATA.visEdges.length);
  var visibleNode = new Uint8Array(DATA.visNodes.length);

  function edgeOk(j) {
    var e = DATA.visEdges[j], m = emeta[j];
    if (!relOn[m.rel]) return false;
    if (!classOn[meta[e.from].cls] || !classOn[meta[e.to].cls]) return false;
    if (dateFrom || dateTo) {
      for (var i = 0; i < m.dates.length; i++) {
        var d = m.dates[i];
        if ((!dateFrom || d >= dateFrom) && (!dateTo || d <= dateTo)) return true;
      }
      return false;
    }
    return true;
  }
  function computeVisibility() {
    var linked = new Uint8Array(meta.length);
    for (var j = 0; j < DATA.visEdges.length; j++) {
      visibleEdge[j] = edgeOk(j) ? 1 : 0;
      if (visibleEdge[j]) { linked[DATA.visEdges[j].from] = 1; linked[DATA.visEdges[j].to] = 1; }
    }
    for (var i = 0; i < meta.length; i++) {
      visibleNode[i] = classOn[meta[i].cls] && (!hideOrphans || linked[i] || meta[i].degree === 0) ? 1 : 0;
    }
  }
  computeVisibility();
  var nodesView = new vis.DataView(nodes, { filter: function (n) { return visibleNode[n.id] === 1; } });
  var edgesView = new vis.DataView(edges, { filter: function (e) { return visibleEdge[e.id] === 1; } });

  var container = document.getElementById("graph");
  var options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 1 },
    nodes: {
      font: { size: 14, color: "#222", strokeWidth: 3, strokeColor: "#ffffff" },
      borderWidth: 1,
      scaling: { label: { enabled: false, drawThreshold: big ? 8 : 3 } }
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.6 } },
      font: { size: 10, color: "#555", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
      smooth: big ? false : { enabled: true, type: "dynamic" },
      width: 1.2,
      selectionWidth: 2.5,
      hoverWidth: 1.5,
      scaling: { label: { enabled: false, drawThreshold: big ? 8 : 4 } }
    },
    physics: DATA.physics ? {
      enabled: true,
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -70, centralGravity: 0.02, springLength: 100, avoidOverlap: 0.4 },
      stabilization: { enabled: true, iterations: 200, updateInterval: 50, fit: true }
    } : { enabled: false },
    interaction: {
      hover: true, tooltipDelay: 3600000, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
      multiselect: false, navigationButtons: false
    }
  };
  if (!meta.length) {
    container.appendChild(el("p", { id: "empty" }, "Nothing to draw: no relation matches."));
  }
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, options);
  api.network = network; api.nodes = nodes; api.edges = edges;
  api.nodesView = nodesView; api.edgesView = edgesView;

  var physicsBox = document.getElementById("physics");
  physicsBox.checked = !!DATA.physics;
  physicsBox.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physicsBox.checked } });
  });
  function markReady() {
    if (api.ready) return;
    api.ready = true;
    api.readyAt = performance.now();
    api.readyAfter = api.readyAt - t0;
    document.body.setAttribute("data-ready", "1");
  }
  if (DATA.physics && meta.length) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      physicsBox.checked = false;
      network.fit({ animation: false });
      markReady();
    });
  } else {
    network.once("afterDrawing", markReady);
    if (!meta.length) markReady();
  }
  setTimeout(markReady, 15000); // never leave a caller waiting for a frame that never comes
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: false }); });

  // ------------------------------------------------------------------ details panel
  var details = document.getElementById("details");
  function dl(pairs) {
    var d = el("dl");
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === "" || (Array.isArray(p[1]) && !p[1].length)) return;
      d.appendChild(el("dt", null, p[0]));
      var dd = el("dd");
      if (p[1] instanceof Node) dd.appendChild(p[1]);
      else dd.textContent = Array.isArray(p[1]) ? p[1].join("; ") : String(p[1]);
      d.appendChild(dd);
    });
    return d;
  }
  function showNode(id) {
    var m = meta[id];
    clear(details);
    details.setAttribute("data-kind", "node");
    details.setAttribute("data-id", String(id));
    details.appendChild(el("h3", { "class": "label" }, m.label));
    details.appendChild(el("div", { "class": "kind" }, m.cls));
    details.appendChild(dl([
      ["Also called", m.aliases],
      ["Country", m.country],
      ["Wikidata", m.wikidata ? link(m.wikidata) : null],
      ["Relations", String(m.degree)],
      ["IRI", m.iri]
    ]));
  }
  function showEdge(j) {
    var e = DATA.visEdges[j], m = emeta[j];
    clear(details);
    details.setAttribute("data-kind", "edge");
    details.setAttribute("data-id", String(j));
    details.appendChild(el("h3", { "class": "relation" }, m.rel));
    var who = el("div", { "class": "kind" });
    who.appendChild(el("span", { "class": "from" }, meta[e.from].label));
    who.appendChild(document.createTextNode(" \u2192 "));
    who.appendChild(el("span", { "class": "to" }, meta[e.to].label));
    details.appendChild(who);
    if (!m.ev.length) details.appendChild(el("p", { "class": "hint" }, "No evidence recorded."));
    m.ev.forEach(function (i) {
      details.appendChild(el("blockquote", { "class": "evidence" }, i.s || "(no sentence)"));
      var src = el("div", { "class": "source" });
      src.appendChild(el("span", { "class": "title" }, i.t || i.a || "untitled article"));
      if (i.d) src.appendChild(el("span", { "class": "date" }, " \u00b7 " + i.d));
      if (i.c !== null && i.c !== undefined) src.appendChild(el("span", { "class": "confidence" }, " \u00b7 confidence " + i.c));
      if (i.u) { src.appendChild(el("br")); src.appendChild(link(i.u)); }
      details.appendChild(src);
    });
  }

  // ------------------------------------------------------------------ neighbourhood highlight
  var dimmed = false;
  function highlight(id) {
    var keep = {};
    keep[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    var updates = [];
    nodes.forEach(function (n) {
      var colour = keep[n.id] ? n.baseColor : "rgba(200,200,200,0.35)";
      if (n.color !== colour) updates.push({ id: n.id, color: colour, font: { color: keep[n.id] ? "#222" : "rgba(150,150,150,0.5)" } });
    });
    nodes.update(updates);
    dimmed = true;
    api.highlighted = Object.keys(keep).map(Number).sort(function (a, b) { return a - b; });
  }
  function unhighlight() {
    if (!dimmed) return;
    var updates = [];
    nodes.forEach(function (n) { if (n.color !== n.baseColor) updates.push({ id: n.id, color: n.baseColor, font: { color: "#222" } }); });
    nodes.update(updates);
    dimmed = false;
    api.highlighted = [];
  }
  network.on("click", function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); highlight(p.nodes[0]); }
    else if (p.edges.length) { unhighlight(); showEdge(p.edges[0]); }
    else unhighlight();
  });
  network.on("hoverEdge", function (p) { showEdge(p.edge); });
  api.showEdge = showEdge; api.showNode = showNode;

  // ------------------------------------------------------------------ search
  var byName = [];
  var seen = {};
  meta.forEach(function (m, i) {
    [m.label].concat(m.aliases).forEach(function (name) { byName.push([norm(name), i]); });
  });
  var datalist = document.getElementById("labels");
  if (meta.length <= 20000) {
    var frag = document.createDocumentFragment();
    meta.forEach(function (m) {
      [m.label].concat(m.aliases).forEach(function (name) {
        if (seen[name]) return;
        seen[name] = true;
        frag.appendChild(el("option", { value: name }));
      });
    });
    datalist.appendChild(frag);
  }
  function find(q) {
    var n = norm(q), i;
    if (!n) return null;
    for (i = 0; i < byName.length; i++) if (byName[i][0] === n) return byName[i][1];
    for (i = 0; i < byName.length; i++) if (byName[i][0].indexOf(n) === 0) return byName[i][1];
    for (i = 0; i < byName.length; i++) if (byName[i][0].indexOf(n) >= 0) return byName[i][1];
    return null;
  }
  var status = document.getElementById("search-status");
  function focusNode(id) {
    if (!visibleNode[id]) { status.textContent = "found, but hidden by the filters"; showNode(id); return; }
    status.textContent = "";
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: false });
    showNode(id);
    highlight(id);
  }
  function search(q) {
    var id = find(q);
    if (id === null) { status.textContent = "no entity by that name"; return null; }
    focusNode(id);
    return id;
  }
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(document.getElementById("search").value);
  });
  api.search = search;

  // ------------------------------------------------------------------ filters
  var counts = document.getElementById("counts");
  function refresh() {
    computeVisibility();
    unhighlight();
    nodesView.refresh();
    edgesView.refresh();
    var nv = 0, ev = 0, i;
    for (i = 0; i < visibleNode.length; i++) nv += visibleNode[i];
    for (i = 0; i < visibleEdge.length; i++) ev += visibleEdge[i];
    counts.textContent = nv + " of " + meta.length + " nodes, " + ev + " of " + emeta.length + " edges";
  }
  function swatch(colour, shape) {
    var s = el("span", { "class": "swatch " + shape });
    s.style.background = colour;
    return s;
  }
  var classBox = document.getElementById("class-filters");
  DATA.classes.forEach(function (c) {
    var label = el("label", { "class": "legend-class" });
    var box = el("input", { type: "checkbox", "data-class": c.name });
    box.checked = true;
    box.addEventListener("change", function () { classOn[c.name] = box.checked; refresh(); });
    label.appendChild(box);
    label.appendChild(swatch(c.color, c.shape));
    label.appendChild(document.createTextNode(c.name + " "));
    label.appendChild(el("span", { "class": "count" }, "(" + c.count + ")"));
    classBox.appendChild(label);
  });
  var relBox = document.getElementById("relation-filters");
  DATA.relations.forEach(function (r) {
    var label = el("label", { "class": "legend-relation" });
    var box = el("input", { type: "checkbox", "data-relation": r.name });
    box.checked = true;
    box.addEventListener("change", function () { relOn[r.name] = box.checked; refresh(); });
    label.appendChild(box);
    label.appendChild(swatch(r.color, "line"));
    label.appendChild(document.createTextNode(r.name + " "));
    label.appendChild(el("span", { "class": "count" }, "(" + r.count + ")"));
    relBox.appendChild(label);
  });
  var from = document.getElementById("date-from"), to = document.getElementById("date-to");
  function dates() { dateFrom = from.value || ""; dateTo = to.value || ""; refresh(); }
  from.addEventListener("change", dates); to.addEventListener("change", dates);
  var orphans = document.getElementById("hide-orphans");
  orphans.addEventListener("change", function () { hideOrphans = orphans.checked; refresh(); });
  refresh();

  api.visibleNodeIds = function () { return network.body.nodeIndices.map(Number).sort(function (a, b) { return a - b; }); };
  api.visibleEdgeIds = function () { return network.body.edgeIndices.map(Number).sort(function (a, b) { return a - b; }); };
  api.setFilters = function (f) {
    if (f.relations) { for (var r in relOn) relOn[r] = f.relations.indexOf(r) >= 0; }
    if (f.classes) { for (var c in classOn) classOn[c] = f.classes.indexOf(c) >= 0; }
    if (f.from !== undefined) { dateFrom = f.from; from.value = f.from; }
    if (f.to !== undefined) { dateTo = f.to; to.value = f.to; }
    document.querySelectorAll("input[data-relation]").forEach(function (b) { b.checked = !!relOn[b.getAttribute("data-relation")]; });
    document.querySelectorAll("input[data-class]").forEach(function (b) { b.checked = !!classOn[b.getAttribute("data-class")]; });
    refresh();
  };
  api.edgeCenter = function (j) {
    var e = network.body.edges[j];
    if (!e) return null;
    var p = e.edgeType.getPoint(0.5);
    return network.canvasToDOM({ x: p.x, y: p.y });
  };
  api.nodeCenter = function (id) {
    var p = network.getPositions([id])[id];
    return p ? network.canvasToDOM(p) : null;
  };
})();
