// The people grid: one mark per person (colour AND shape per outcome), one focusable grid,
// arrow keys between people, Enter or a click opens the person's path (a live region).
// Updates arrive as runs [[code, count], ...]; only marks whose code changed are redrawn.
const SVG = "http://www.w3.org/2000/svg";

function cellSize(n) {
  return n <= 1200 ? 14 : n <= 3000 ? 10 : 7;
}

function decode(runs) {
  let n = 0;
  for (const [, k] of runs) n += k;
  const codes = new Uint8Array(n);
  let i = 0;
  for (const [c, k] of runs) { codes.fill(c, i, i + k); i += k; }
  return codes;
}

function shapeNode(shape, colour, size) {
  // a shape centred on (0, 0) that fits in a cell of `size` px with a gap to the next
  const r = size * 0.36;
  let node;
  if (shape === "circle") {
    node = document.createElementNS(SVG, "circle");
    node.setAttribute("r", r); node.setAttribute("fill", colour);
  } else if (shape === "ring") {
    node = document.createElementNS(SVG, "circle");
    node.setAttribute("r", r - 1); node.setAttribute("fill", "none");
    node.setAttribute("stroke", colour); node.setAttribute("stroke-width", "2");
  } else if (shape === "cross") {
    node = document.createElementNS(SVG, "path");
    node.setAttribute("d", `M${-r},${-r}L${r},${r}M${-r},${r}L${r},${-r}`);
    node.setAttribute("stroke", colour); node.setAttribute("stroke-width", "2.5");
  } else {
    node = document.createElementNS(SVG, "path");
    node.setAttribute("d", `M0,${-r}L${r},${r}L${-r},${r}Z`); node.setAttribute("fill", colour);
  }
  return node;
}

function render({ model, el }) {
  globalThis.__kitPeopleSeq = (globalThis.__kitPeopleSeq || 0) + 1;
  const uid = `kit-people-${globalThis.__kitPeopleSeq}-${Math.random().toString(36).slice(2, 8)}`;
  el.classList.add("kit-people");

  const title = document.createElement("h4");
  title.id = uid + "-title";
  title.className = "kit-people-title";
  const legend = document.createElement("ul");
  legend.className = "kit-people-legend";
  legend.setAttribute("aria-label", "Legend");
  const desc = document.createElement("p");
  desc.id = uid + "-desc";
  desc.className = "kit-people-desc";

  const grid = document.createElement("div");
  grid.className = "kit-people-grid";
  grid.tabIndex = 0;
  grid.setAttribute("role", "grid");
  grid.setAttribute("aria-labelledby", title.id);
  grid.setAttribute("aria-describedby", desc.id);
  grid.setAttribute("aria-readonly", "true");
  grid.setAttribute("data-lm-suppress-shortcuts", "true");
  const row = document.createElement("div");
  row.setAttribute("role", "row");
  row.className = "kit-people-row";
  const cell = document.createElement("div");
  cell.setAttribute("role", "gridcell");
  cell.className = "kit-people-cell";
  row.append(cell);
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.classList.add("kit-people-svg");
  const defs = document.createElementNS(SVG, "defs");
  const layer = document.createElementNS(SVG, "g");
  const ring = document.createElementNS(SVG, "rect");
  ring.setAttribute("class", "kit-people-ring");
  ring.setAttribute("fill", "none");
  svg.append(defs, layer, ring);
  grid.append(row, svg);

  const detail = document.createElement("div");
  detail.className = "kit-people-detail";
  detail.setAttribute("role", "status");
  detail.setAttribute("aria-live", "polite");
  el.append(title, legend, desc, grid, detail);

  let codes = new Uint8Array(0);
  let marks = [];
  let size = 14;
  let columns = 1;
  let active = 0;

  const hrefs = () => model.get("shapes").map((_, k) => `#${uid}-shape-${k}`);

  function buildDefs() {
    defs.replaceChildren();
    const shapes = model.get("shapes"), colours = model.get("colours");
    shapes.forEach((shape, k) => {
      const g = document.createElementNS(SVG, "g");
      g.id = `${uid}-shape-${k}`;
      g.append(shapeNode(shape, colours[k], size));
      defs.append(g);
    });
  }

  function place(i, node) {
    node.setAttribute("x", (i % columns) * size + size / 2);
    node.setAttribute("y", Math.floor(i / columns) * size + size / 2);
  }

  function layout() {
    const width = Math.max(size, grid.clientWidth || el.clientWidth || 600);
    const cols = Math.max(1, Math.min(codes.length, Math.floor(width / size)));
    const rows = Math.ceil(codes.length / cols);
    svg.setAttribute("width", cols * size);
    svg.setAttribute("height", rows * size);
    svg.setAttribute("viewBox", `0 0 ${cols * size} ${rows * size}`);
    grid.setAttribute("aria-colcount", cols);
    grid.setAttribute("aria-rowcount", rows);
    if (cols !== columns) {
      columns = cols;
      marks.forEach((node, i) => place(i, node));
    }
    moveRing();
  }

  function rebuild() {
    size = cellSize(codes.length);
    buildDefs();
    const refs = hrefs();
    const frag = document.createDocumentFragment();
    marks = Array.from(codes, (c, i) => {
      const node = document.createElementNS(SVG, "use");
      node.setAttribute("href", refs[c]);
      frag.append(node);
      return node;
    });
    layer.replaceChildren(frag);
    columns = -1;
    layout();
  }

  function words(i) {
    const labels = model.get("labels");
    const per = model.get("per_mark");
    const r = Math.floor(i / columns) + 1, c = (i % columns) + 1;
    const who = per > 1 ? `Mark ${i + 1} of ${codes.length}, about ${Math.round(per).toLocaleString()} people`
                        : `Person ${i + 1} of ${codes.length}`;
    return `${who}, row ${r}, column ${c}: ${labels[codes[i]]}. Press Enter for the path.`;
  }

  function moveRing() {
    if (!codes.length) return;
    active = Math.min(active, codes.length - 1);
    ring.setAttribute("x", (active % columns) * size + 0.5);
    ring.setAttribute("y", Math.floor(active / columns) * size + 0.5);
    ring.setAttribute("width", size - 1);
    ring.setAttribute("height", size - 1);
    cell.id = `${uid}-cell-${active}`;
    row.setAttribute("aria-rowindex", Math.floor(active / columns) + 1);
    cell.setAttribute("aria-colindex", (active % columns) + 1);
    cell.textContent = words(active);
    grid.setAttribute("aria-activedescendant", cell.id);
    grid.dataset.active = String(active);
  }

  function drawRuns() {
    const next = decode(model.get("runs"));
    if (next.length !== codes.length) {
      codes = next;
      rebuild();
    } else {
      const refs = hrefs();
      let changed = 0;
      for (let i = 0; i < next.length; i++) {
        if (next[i] !== codes[i]) { marks[i].setAttribute("href", refs[next[i]]); changed++; }
      }
      codes = next;
      grid.dataset.changed = String(changed);
      moveRing();
    }
    grid.dataset.draws = String(Number(grid.dataset.draws || 0) + 1);
  }

  function drawLegend() {
    const shapes = model.get("shapes"), colours = model.get("colours"), labels = model.get("labels");
    const counts = model.get("counts");
    legend.replaceChildren(...labels.map((label, k) => {
      const li = document.createElement("li");
      const icon = document.createElementNS(SVG, "svg");
      icon.setAttribute("width", 16); icon.setAttribute("height", 16);
      icon.setAttribute("viewBox", "-8 -8 16 16"); icon.setAttribute("aria-hidden", "true");
      icon.append(shapeNode(shapes[k], colours[k], 16));
      li.append(icon, document.createTextNode(` ${label}: ${Math.round(counts[k] || 0).toLocaleString("en")}`));
      return li;
    }));
  }

  function drawText() {
    title.textContent = model.get("title");
    const d = model.get("description");
    desc.textContent = (d ? d + " " : "") +
      "Arrow keys move between people, Home and End go to the start and end of a row, " +
      "Enter or a click opens that person's path.";
  }

  function drawDetail() {
    const text = model.get("detail");
    detail.replaceChildren(...text.split(/\n\s*\n/).filter((p) => p.trim()).map((p) => {
      const para = document.createElement("p");
      para.textContent = p.trim();
      return para;
    }));
  }

  function go(i) {
    active = Math.max(0, Math.min(codes.length - 1, i));
    moveRing();
  }

  function open(i) {
    go(i);
    model.set("selected", active);
    model.save_changes();
  }

  grid.addEventListener("keydown", (event) => {
    const rowStart = active - (active % columns);
    const moves = {
      ArrowRight: active + 1, ArrowLeft: active - 1, ArrowDown: active + columns, ArrowUp: active - columns,
      Home: event.ctrlKey ? 0 : rowStart, End: event.ctrlKey ? codes.length - 1 : rowStart + columns - 1,
      PageDown: active + 10 * columns, PageUp: active - 10 * columns,
    };
    if (event.key in moves) {
      const target = moves[event.key];
      if ((event.key === "ArrowDown" || event.key === "ArrowUp") && (target < 0 || target >= codes.length)) {
        // stay: no person there
      } else {
        go(target);
      }
    } else if (event.key === "Enter" || event.key === " ") {
      open(active);
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  });
  svg.addEventListener("click", (event) => {
    const box = svg.getBoundingClientRect();
    const c = Math.floor((event.clientX - box.left) / size);
    const r = Math.floor((event.clientY - box.top) / size);
    const i = r * columns + c;
    if (c >= 0 && c < columns && i >= 0 && i < codes.length) {
      grid.focus();
      open(i);
    }
  });

  model.on("change:runs", drawRuns);
  model.on("change:counts", drawLegend);
  model.on("change:title", drawText);
  model.on("change:description", drawText);
  model.on("change:detail", drawDetail);
  drawText();
  drawLegend();
  codes = decode(model.get("runs"));
  rebuild();
  drawDetail();
  const observer = new ResizeObserver(() => layout());
  observer.observe(grid);
  return () => observer.disconnect();
}
export default { render };
