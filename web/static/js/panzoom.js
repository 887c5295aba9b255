// Pan and zoom for an SVG picture, by moving its viewBox: drag with a mouse, pen or
// one finger; pinch with two fingers; the wheel; and the keyboard (+ and − to zoom,
// arrows to move, 0 to see the whole picture again) wherever focus is in the picture.

const MIN_SCALE = 1; // never smaller than the whole picture
const MAX_SCALE = 8;
const KEY_STEP = 1.25;
const PAN_STEP = 0.1; // of the visible width or height, per arrow press
const DRAG_THRESHOLD = 4; // px a pointer moves before a press becomes a drag, not a click
const LABEL_PX = 13; // labels keep this size on screen whatever the zoom and the screen

/**
 * Makes svg pannable and zoomable. width, height: its full viewBox; buttons: an
 * element holding #zoom-in, #zoom-out and #zoom-reset; keys: the element whose
 * keyboard events move the picture. Returns the current view {x, y, w, h} getter.
 */
export function panZoom(svg, { width, height, buttons, keys }) {
  const view = { x: 0, y: 0, w: width, h: height };

  const apply = () => {
    svg.setAttribute('viewBox', `${round(view.x)} ${round(view.y)} ${round(view.w)} ${round(view.h)}`);
    svg.dataset.zoom = round(width / view.w);
    // Units per screen pixel: labels are sized in it so they read the same on a phone.
    const unitsPerPx = view.w / (svg.clientWidth || width);
    svg.style.setProperty('--label-size', `${round(LABEL_PX * unitsPerPx)}px`);
  };

  // Zooms by factor around the picture point (cx, cy), keeping that point still.
  const zoom = (factor, cx = view.x + view.w / 2, cy = view.y + view.h / 2) => {
    const scale = clamp((width / view.w) * factor, MIN_SCALE, MAX_SCALE);
    const w = width / scale, h = height / scale;
    view.x = cx - ((cx - view.x) * w) / view.w;
    view.y = cy - ((cy - view.y) * h) / view.h;
    view.w = w;
    view.h = h;
    keepInside();
    apply();
  };
  const pan = (dx, dy) => {
    view.x += dx;
    view.y += dy;
    keepInside();
    apply();
  };
  const reset = () => {
    Object.assign(view, { x: 0, y: 0, w: width, h: height });
    apply();
  };
  // The view never leaves the picture, so nothing can get lost off-screen.
  const keepInside = () => {
    view.x = clamp(view.x, 0, width - view.w);
    view.y = clamp(view.y, 0, height - view.h);
  };

  // From screen pixels to picture units.
  const toPicture = (clientX, clientY) => {
    const r = svg.getBoundingClientRect();
    return { x: view.x + ((clientX - r.left) / r.width) * view.w, y: view.y + ((clientY - r.top) / r.height) * view.h };
  };
  const unitsPerPx = () => view.w / (svg.getBoundingClientRect().width || width);

  buttons.querySelector('#zoom-in').addEventListener('click', () => zoom(KEY_STEP));
  buttons.querySelector('#zoom-out').addEventListener('click', () => zoom(1 / KEY_STEP));
  buttons.querySelector('#zoom-reset').addEventListener('click', reset);

  keys.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const moves = {
      '+': () => zoom(KEY_STEP), '=': () => zoom(KEY_STEP), '-': () => zoom(1 / KEY_STEP), '0': reset,
      ArrowLeft: () => pan(-view.w * PAN_STEP, 0), ArrowRight: () => pan(view.w * PAN_STEP, 0),
      ArrowUp: () => pan(0, -view.h * PAN_STEP), ArrowDown: () => pan(0, view.h * PAN_STEP),
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    move();
  });

  svg.addEventListener('wheel', (e) => {
    e.preventDefault();
    const p = toPicture(e.clientX, e.clientY);
    zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, p.x, p.y);
  }, { passive: false });

  // Pointers: one drags, two pinch. A press that does not move stays a click, so a
  // city still opens when tapped.
  const pointers = new Map(); // pointerId → {x, y} in screen pixels
  let dragged = false;
  let start = null; // {x, y} of the first press
  let pinch = null; // distance between the two pointers at the last move

  svg.addEventListener('pointerdown', (e) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.size === 1) {
      start = { x: e.clientX, y: e.clientY };
      dragged = false;
    }
    if (pointers.size === 2) pinch = distance(...pointers.values());
  });
  svg.addEventListener('pointermove', (e) => {
    const last = pointers.get(e.pointerId);
    if (!last) return;
    if (!dragged && Math.hypot(e.clientX - start.x, e.clientY - start.y) > DRAG_THRESHOLD) {
      dragged = true;
      svg.setPointerCapture?.(e.pointerId);
      svg.classList.add('dragging');
    }
    const now = { x: e.clientX, y: e.clientY };
    if (pointers.size === 2) {
      pointers.set(e.pointerId, now);
      const [a, b] = pointers.values();
      const d = distance(a, b);
      if (pinch && d) {
        const mid = toPicture((a.x + b.x) / 2, (a.y + b.y) / 2);
        zoom(d / pinch, mid.x, mid.y);
      }
      pinch = d;
      dragged = true;
      return;
    }
    if (dragged) {
      const k = unitsPerPx();
      pan(-(now.x - last.x) * k, -(now.y - last.y) * k);
    }
    pointers.set(e.pointerId, now);
  });
  const release = (e) => {
    pointers.delete(e.pointerId);
    if (pointers.size < 2) pinch = null;
    if (pointers.size === 0) svg.classList.remove('dragging');
  };
  svg.addEventListener('pointerup', release);
  svg.addEventListener('pointercancel', release);
  // A drag that ends on a city does not open it.
  svg.addEventListener('click', (e) => {
    if (dragged) {
      e.stopPropagation();
      e.preventDefault();
      dragged = false;
    }
  }, true);

  const resized = new ResizeObserver(() => (svg.isConnected ? apply() : resized.disconnect()));
  resized.observe(svg);
  apply();
  return () => ({ ...view });
}

function clamp(v, lo, hi) {
  return Math.min(Math.max(v, lo), Math.max(lo, hi));
}

function distance(a, b) {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function round(v) {
  return Math.round(v * 100) / 100;
}
