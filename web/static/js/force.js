// A small force-directed layout (Fruchterman–Reingold) for the collaboration picture.
// It is deterministic: nodes start on a sunflower spiral in id order and no random
// number is drawn, so the same graph always gives the same picture.

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
const GRAVITY = 3;

/**
 * Places nodes in a width × height box. ids: node ids; pairs: [a, b] edges (a pair
 * once, however many links it stands for). Returns Map id → {x, y}.
 */
export function layout(ids, pairs, { width, height, margin = 40, iterations = 300 }) {
  const nodes = [...ids].sort().map((id, i) => {
    const r = Math.sqrt(i + 0.5);
    return { id, x: r * Math.cos(i * GOLDEN_ANGLE), y: r * Math.sin(i * GOLDEN_ANGLE), dx: 0, dy: 0 };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = pairs.map(([a, b]) => [byId.get(a), byId.get(b)]).filter(([a, b]) => a && b && a !== b);
  const degree = new Map();
  for (const [a, b] of edges) {
    degree.set(a, (degree.get(a) || 0) + 1);
    degree.set(b, (degree.get(b) || 0) + 1);
  }
  const n = nodes.length;
  if (n === 0) return new Map();

  // Work in a unit box around the origin; scale to the picture at the end.
  const k = Math.sqrt(4 / n); // ideal distance between nodes
  let temperature = 0.2;
  const cooling = temperature / (iterations + 1);
  for (let it = 0; it < iterations; it++) {
    for (const v of nodes) { v.dx = 0; v.dy = 0; }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = nodes[i], b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y;
        const d2 = Math.max(dx * dx + dy * dy, 1e-6);
        const f = (k * k) / d2; // repulsion k²/d, along the unit vector (dx, dy)/d
        dx *= f; dy *= f;
        a.dx += dx; a.dy += dy; b.dx -= dx; b.dy -= dy;
      }
    }
    for (const [a, b] of edges) {
      const dx = a.x - b.x, dy = a.y - b.y;
      const d = Math.sqrt(dx * dx + dy * dy) || 1e-3;
      // Attraction d²/k, along the unit vector, damped for busy nodes so that a
      // meeting many cities attended does not pull them all into one point.
      const f = d / k / Math.sqrt(degree.get(a) * degree.get(b));
      a.dx -= dx * f; a.dy -= dy * f; b.dx += dx * f; b.dy += dy * f;
    }
    for (const v of nodes) {
      // Gravity grows with the square of the distance, so lone cities and small
      // clusters stay near the crowd instead of pushing it into a corner.
      const g = GRAVITY * Math.hypot(v.x, v.y);
      v.dx -= v.x * g; v.dy -= v.y * g;
      const d = Math.sqrt(v.dx * v.dx + v.dy * v.dy) || 1;
      const step = Math.min(d, temperature);
      v.x += (v.dx / d) * step;
      v.y += (v.dy / d) * step;
    }
    temperature -= cooling;
  }
  return fit(nodes, width, height, margin);
}

/**
 * Scales positions into the box. Each axis is stretched on its own (up to twice the
 * other) because labels are wide: spreading the picture sideways keeps them apart.
 */
function fit(nodes, width, height, margin) {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const v of nodes) {
    minX = Math.min(minX, v.x); maxX = Math.max(maxX, v.x);
    minY = Math.min(minY, v.y); maxY = Math.max(maxY, v.y);
  }
  const spanX = maxX - minX, spanY = maxY - minY;
  let sx = spanX ? (width - 2 * margin) / spanX : Infinity;
  let sy = spanY ? (height - 2 * margin) / spanY : Infinity;
  if (!Number.isFinite(sx) && !Number.isFinite(sy)) sx = sy = 1; // one node: centre it
  sx = Math.min(sx, 2 * sy);
  sy = Math.min(sy, 2 * sx);
  const offX = (width - spanX * sx) / 2, offY = (height - spanY * sy) / 2;
  return new Map(nodes.map((v) => [v.id, {
    x: Math.round((offX + (v.x - minX) * sx) * 10) / 10,
    y: Math.round((offY + (v.y - minY) * sy) * 10) / 10,
  }]));
}

/**
 * Chooses a side for each label (right, left, below, above its dot) so that labels
 * overlap each other and the dots as little as possible; busiest nodes choose first.
 * items: {id, x, y, r, width} with width the label's estimated width. Returns
 * Map id → {x, y, anchor} relative to the node, for an SVG <text>.
 */
export function placeLabels(items, { height: lineHeight = 14, boxWidth, boxHeight }) {
  const placed = items.map((n) => ({ x0: n.x - n.r, y0: n.y - n.r, x1: n.x + n.r, y1: n.y + n.r }));
  const out = new Map();
  const order = [...items].sort((a, b) => b.r - a.r || (a.id < b.id ? -1 : 1));
  for (const n of order) {
    const gap = n.r + 7; // clear of the focus ring
    const sides = [
      { x: gap, y: 4, anchor: 'start', box: [n.x + gap, n.y - lineHeight / 2, n.x + gap + n.width, n.y + lineHeight / 2] },
      { x: -gap, y: 4, anchor: 'end', box: [n.x - gap - n.width, n.y - lineHeight / 2, n.x - gap, n.y + lineHeight / 2] },
      { x: 0, y: gap + lineHeight - 2, anchor: 'middle', box: [n.x - n.width / 2, n.y + gap, n.x + n.width / 2, n.y + gap + lineHeight] },
      { x: 0, y: -gap - 3, anchor: 'middle', box: [n.x - n.width / 2, n.y - gap - lineHeight, n.x + n.width / 2, n.y - gap] },
    ];
    let best = null;
    for (const [i, side] of sides.entries()) {
      const [x0, y0, x1, y1] = side.box;
      let cost = i * 0.5; // prefer right, then left, below, above
      if (x0 < 0 || x1 > boxWidth || y0 < 0 || y1 > boxHeight) cost += 10000;
      for (const b of placed) {
        const w = Math.min(x1, b.x1) - Math.max(x0, b.x0);
        const h = Math.min(y1, b.y1) - Math.max(y0, b.y0);
        if (w > 0 && h > 0) cost += w * h;
      }
      if (!best || cost < best.cost) best = { ...side, cost };
    }
    const [x0, y0, x1, y1] = best.box;
    placed.push({ x0, y0, x1, y1 });
    out.set(n.id, { x: best.x, y: best.y, anchor: best.anchor });
  }
  return out;
}
