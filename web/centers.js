// centers.js - the center finder: the nearest places to a position, open
// or not at a time, on a list and on two SVG maps (the whole city, and the
// neighbourhood of the position), plus the list of districts.
import { api, h, s, t, pick, lang, initPage, onLanguageChange, showError, clearError,
  sampleMark, formatShanghai, ApiError } from './app.js';

const DEFAULT = { lat: 31.305, lng: 121.45 };	// Pengpu Xincun

const form = document.getElementById('near-form');
const errorBox = document.getElementById('near-error');
const countEl = document.getElementById('places-count');
const list = document.getElementById('places');
const mapBox = document.getElementById('map');
const districtBody = document.querySelector('#district-table tbody');

let outline = null;		// {rings: [[[lng, lat], ...], ...]}
let allPlaces = [];		// every place, for the map
let districts = new Map();	// code -> district
let nearest = null;		// the last GET /centers/nearest answer
let position = { ...DEFAULT };
let seq = 0;

initPage('centers');

// "2026-11-23T10:00" from <input type="datetime-local"> is Shanghai time.
export function toRfc3339(local) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?/.exec(local || '');
  return m ? `${m[1]}T${m[2]}:${m[3] || '00'}+08:00` : '';
}

function distanceText(m) {
  if (m < 1000) return lang() === 'en' ? `${m} m` : `${m} 米`;
  const km = (m / 1000).toFixed(m < 10000 ? 1 : 0);
  return lang() === 'en' ? `${km} km` : `${km} 公里`;
}

function hoursText(hours) {
  if (!hours) return '—';
  if (hours.always) return t('centers.hours.always');
  return t('centers.hours.week', hours.weekday[0], hours.weekday[1], hours.weekend[0], hours.weekend[1]);
}

function synthetic(p, ...fields) {
  return (p.synthetic || []).some((f) => fields.includes(f)) ? [' ', sampleMark()] : [];
}

// ---- the form -------------------------------------------------------

function readForm() {
  const lat = Number(form.elements.namedItem('lat').value);
  const lng = Number(form.elements.namedItem('lng').value);
  const latRaw = form.elements.namedItem('lat').value.trim();
  const lngRaw = form.elements.namedItem('lng').value.trim();
  if (latRaw === '' || !Number.isFinite(lat) || lat < -90 || lat > 90)
    throw new ApiError(400, 'invalid_lat', '', 'lat');
  if (lngRaw === '' || !Number.isFinite(lng) || lng < -180 || lng > 180)
    throw new ApiError(400, 'invalid_lng', '', 'lng');
  return {
    lat, lng,
    at: toRfc3339(form.elements.namedItem('at').value),
    kind: form.elements.namedItem('kind').value,
    open: form.elements.namedItem('open').checked ? 'true' : '',
    limit: form.elements.namedItem('limit').value,
  };
}

function fillForm(params) {
  for (const name of ['lat', 'lng']) {
    const v = params.get(name);
    if (v !== null && v !== '') form.elements.namedItem(name).value = v;
  }
  const at = params.get('at');
  if (at) form.elements.namedItem('at').value = at.slice(0, 16);
  const kind = params.get('kind');
  if (kind) form.elements.namedItem('kind').value = kind;
  const limit = params.get('limit');
  if (limit) form.elements.namedItem('limit').value = limit;
  form.elements.namedItem('open').checked = params.get('open') === 'true';
}

async function find() {
  const mine = ++seq;
  clearError(errorBox, form);
  let q;
  try {
    q = readForm();
  } catch (e) {
    showError(errorBox, e, form);
    return;
  }
  const url = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== '') url.set(k, k === 'at' ? form.elements.namedItem('at').value : String(v));
  history.replaceState(null, '', `centers.html?${url}`);
  list.setAttribute('aria-busy', 'true');
  try {
    const r = await api('/centers/nearest', { query: q });
    if (mine !== seq) return;
    position = { lat: q.lat, lng: q.lng };
    nearest = { ...r, kind: q.kind, explicitTime: !!q.at };
    renderPlaces();
    renderMap();
  } catch (e) {
    if (mine !== seq) return;
    nearest = null;
    list.replaceChildren();
    countEl.textContent = '';
    showError(errorBox, e, form);
  } finally {
    if (mine === seq) list.removeAttribute('aria-busy');
  }
}

// ---- the list -------------------------------------------------------

function fact(key, ...value) {
  return h('div', { class: 'fact' }, h('dt', {}, t(key)), h('dd', {}, ...value));
}

function renderPlaces() {
  if (!nearest) return;
  const items = nearest.items;
  countEl.textContent = t('centers.count', items.length, formatShanghai(nearest.at));
  list.replaceChildren(...items.map((p, i) => {
    const d = districts.get(p.district);
    const state = p.open_now
      ? [h('span', { class: 'badge badge-open' }, t('centers.open')),
        p.closes_at ? h('span', { class: 'when' }, t('centers.closes', formatShanghai(p.closes_at))) : null]
      : [h('span', { class: 'badge badge-closed' }, t('centers.closed')),
        p.next_opening ? h('span', { class: 'when' }, t('centers.next', formatShanghai(p.next_opening))) : null];
    return h('li', { class: 'place', 'data-code': p.code, id: `place-${p.code}` },
      h('h3', { class: 'place-name' },
        h('span', { class: 'num', 'aria-hidden': 'true' }, String(i + 1)), ' ',
        h('span', { class: 'name' }, pick(p, 'name')), ...synthetic(p, 'name_zh', 'name_en')),
      h('p', { class: 'place-state' }, ...state),
      h('dl', { class: 'place-facts' },
        fact('centers.distance', distanceText(p.distance_m), ...synthetic(p, 'lat', 'lng')),
        fact('centers.kind', t(`kind.${p.kind}`), ' · ', h('span', { class: 'code' }, p.code)),
        fact('centers.district', d ? pick(d, 'name') : p.district, ' · ', pick(p, 'subdistrict')),
        fact('centers.hours', hoursText(p.hours), ...synthetic(p, 'hours')),
        fact('centers.address', pick(p, 'address'), ...synthetic(p, 'address_zh', 'address_en')),
        fact('centers.phone', p.phone ? h('a', { href: `tel:${p.phone}` }, p.phone) : '—', ...synthetic(p, 'phone'))));
  }));
}

// ---- the maps -------------------------------------------------------

function boundsOf(points) {
  let minLng = Infinity, maxLng = -Infinity, minLat = Infinity, maxLat = -Infinity;
  for (const [lng, lat] of points) {
    if (lng < minLng) minLng = lng;
    if (lng > maxLng) maxLng = lng;
    if (lat < minLat) minLat = lat;
    if (lat > maxLat) maxLat = lat;
  }
  return { minLng, maxLng, minLat, maxLat };
}

// Equirectangular projection of `b` into a W x H box with `pad` around,
// one scale for both axes (longitudes shrink by cos of the mid latitude).
function projection(b, W, H, pad) {
  const kx = Math.cos(((b.minLat + b.maxLat) / 2) * Math.PI / 180);
  const spanX = Math.max((b.maxLng - b.minLng) * kx, 1e-9);
  const spanY = Math.max(b.maxLat - b.minLat, 1e-9);
  const k = Math.min((W - 2 * pad) / spanX, (H - 2 * pad) / spanY);
  const ox = (W - spanX * k) / 2, oy = (H - spanY * k) / 2;
  return {
    x: (lng) => +(ox + (lng - b.minLng) * kx * k).toFixed(1),
    y: (lat) => +(oy + (b.maxLat - lat) * k).toFixed(1),
  };
}

function placeTitle(p, rank) {
  const parts = [rank ? `${rank}. ${pick(p, 'name')}` : pick(p, 'name'), t(`kind.${p.kind}`)];
  if (p.distance_m !== undefined) parts.push(distanceText(p.distance_m));
  if (p.open_now !== undefined) parts.push(p.open_now ? t('centers.open') : t('centers.closed'));
  return parts.join(' · ');
}

function drawMap(id, b, W, H, { labels, radius }) {
  const P = projection(b, W, H, 12);
  const near = nearest ? nearest.items : [];
  const nearCodes = new Set(near.map((p) => p.code));
  const kinds = nearest && nearest.kind ? [nearest.kind] : ['center', 'sub-center'];
  const rings = (outline ? outline.rings : []).map((ring) => s('path', {
    class: 'land',
    d: `M${ring.map(([lng, lat]) => `${P.x(lng)},${P.y(lat)}`).join('L')}Z`,
  }));
  const others = allPlaces
    .filter((p) => kinds.includes(p.kind) && !nearCodes.has(p.code))
    .map((p) => s('circle', { class: 'pt', cx: P.x(p.lng), cy: P.y(p.lat), r: radius },
      s('title', {}, placeTitle(p))));
  // The nearest last, the first of them on top.
  const highlighted = near.slice().reverse().map((p) => {
    const rank = near.indexOf(p) + 1;
    return s('g', { class: 'near-pt' },
      s('title', {}, placeTitle(p, rank)),
      s('circle', { class: 'pt near', cx: P.x(p.lng), cy: P.y(p.lat), r: labels ? 9 : radius + 2.5 }),
      labels ? s('text', { class: 'near-label', x: P.x(p.lng), y: P.y(p.lat) + 4 }, String(rank)) : null);
  });
  const x = P.x(position.lng), y = P.y(position.lat);
  // A target around the position, leaving its centre visible (the
  // nearest place is often right there).
  const r = labels ? 12 : 6, tick = labels ? 7 : 4;
  const you = s('g', { class: 'you-pt' }, s('title', {}, t('centers.map.you')),
    s('circle', { class: 'you', cx: x, cy: y, r }),
    s('path', {
      class: 'you',
      d: `M${x - r - tick},${y}H${x - r}M${x + r},${y}H${x + r + tick}M${x},${y - r - tick}V${y - r}M${x},${y + r}V${y + r + tick}`,
    }));
  return s('svg', {
    class: 'map-svg', viewBox: `0 0 ${W} ${H}`, role: 'img',
    'aria-labelledby': `${id}-title ${id}-desc`, id, preserveAspectRatio: 'xMidYMid meet',
  },
  s('title', { id: `${id}-title` }, t('centers.map.title')),
  s('desc', { id: `${id}-desc` }, t('centers.map.desc')),
  s('rect', { class: 'sea', x: 0, y: 0, width: W, height: H }),
  s('g', { class: 'outline' }, ...rings),
  s('g', { class: 'others' }, ...others),
  s('g', { class: 'nearest' }, ...highlighted),
  you);
}

function renderMap() {
  const pts = outline ? outline.rings.flat() : allPlaces.map((p) => [p.lng, p.lat]);
  if (!pts.length) return;
  const city = boundsOf(pts);
  const W = 400;
  const kx = Math.cos(((city.minLat + city.maxLat) / 2) * Math.PI / 180);
  const H = Math.round(W * (city.maxLat - city.minLat) / ((city.maxLng - city.minLng) * kx));
  const maps = [drawMap('map-city', city, W, H, { labels: false, radius: 1.8 })];
  // The neighbourhood: the position and the nearest places, with a margin.
  const near = nearest ? nearest.items.map((p) => [p.lng, p.lat]) : [];
  const local = boundsOf([[position.lng, position.lat], ...near]);
  const padLat = Math.max((local.maxLat - local.minLat) * 0.15, 0.004);
  const padLng = Math.max((local.maxLng - local.minLng) * 0.15, 0.004);
  maps.push(drawMap('map-local', {
    minLng: local.minLng - padLng, maxLng: local.maxLng + padLng,
    minLat: local.minLat - padLat, maxLat: local.maxLat + padLat,
  }, 400, 300, { labels: true, radius: 4 }));
  mapBox.replaceChildren(...maps);
}

// ---- districts ------------------------------------------------------

function renderDistricts() {
  const fmt = new Intl.NumberFormat(lang() === 'en' ? 'en' : 'zh-CN');
  districtBody.replaceChildren(...[...districts.values()].map((d) => h('tr', {},
    h('th', { scope: 'row' }, h('button', {
      type: 'button', class: 'linklike', 'data-district': d.code,
      onclick: () => {
        form.elements.namedItem('lat').value = d.lat.toFixed(4);
        form.elements.namedItem('lng').value = d.lng.toFixed(4);
        find();
      },
    }, pick(d, 'name'))),
    h('td', { class: 'num-cell' }, fmt.format(d.population)),
    h('td', { class: 'num-cell' }, String(d.centers)))));
}

// ---- start ----------------------------------------------------------

async function loadAllPlaces() {
  const out = [];
  for (let offset = 0; ; offset += 200) {
    const r = await api('/centers', { query: { limit: 200, offset } });
    out.push(...r.items);
    if (r.items.length < 200 || out.length >= r.total) break;
  }
  return out;
}

form.addEventListener('submit', (ev) => { ev.preventDefault(); find(); });
onLanguageChange(() => { renderPlaces(); renderMap(); renderDistricts(); });

fillForm(new URLSearchParams(location.search));
find();
Promise.all([
  api('/districts').then((r) => { districts = new Map(r.items.map((d) => [d.code, d])); renderDistricts(); renderPlaces(); }),
  // The outline: data/shanghai_outline.json, served as a static file.
  fetch('/shanghai-outline.json', { credentials: 'same-origin' })
    .then((r) => (r.ok ? r.json() : null)).then((j) => { outline = j; }).catch(() => { outline = null; }),
  loadAllPlaces().then((p) => { allPlaces = p; }),
]).then(renderMap, (e) => showError(errorBox, e));
