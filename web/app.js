// The clerk page of `redact serve`: drop files, watch them being processed, review what was
// found (switch findings off, draw boxes, whole pages), apply, download. Talks only to the
// local server that served it; the token from the launch URL goes with every request.
import * as pdfjsLib from '/static/pdf.min.mjs';

pdfjsLib.GlobalWorkerOptions.workerSrc = '/static/pdf.worker.min.mjs';

const params = new URLSearchParams(location.search);
const token = params.get('t') || sessionStorage.getItem('redact-token') || '';
sessionStorage.setItem('redact-token', token);
if (params.has('t')) history.replaceState(null, '', '/');  // keep the token out of the address bar

const TEXT = {
  ja: {
    title: '個人情報の墨消し', clerk: '担当者', end: '終了（データを消去）',
    dropHere: 'PDF・TIFF・JPEG・PNG のファイルをここにドロップしてください（複数可）',
    pick: 'ファイルを選ぶ', privacy: 'ファイルはこのパソコンの中だけで処理され、終了すると消去されます。',
    downloadAll: 'すべてダウンロード（zip）',
    ended: 'セッションを終了しました。ファイルは消去されました。このタブを閉じてください。',
    uploading: '送信中', queued: '順番待ち', working: '処理中（個人情報を探しています）', done: '確認してください',
    applied: '適用済み', applying: '適用中…', error: '処理できませんでした',
    apply: '変更を適用', download: 'ダウンロード', summary: '記録用の概要（印刷）',
    dirty: '未適用の変更があります（適用してからダウンロードできます）',
    redact: '墨消し', category: '種類', page: 'ページ', preview: '内容（一部）',
    drawAs: '追加する範囲の種類', extra: '追加した範囲', remove: '取消',
    wholePage: 'ページ全体を墨消し', original: '元の文書（赤: 墨消しする箇所。ドラッグで範囲を追加）',
    result: '墨消し後', nothing: '個人情報は見つかりませんでした', lang: 'English',
    tooBig: 'ファイルが大きすぎます', reason: '理由',
  },
  en: {
    title: 'Personal information redaction', clerk: 'Clerk', end: 'End (wipe data)',
    dropHere: 'Drop PDF, TIFF, JPEG or PNG files here (several at once is fine)',
    pick: 'Choose files', privacy: 'Files are processed on this computer only and wiped when you end.',
    downloadAll: 'Download all (zip)',
    ended: 'The session has ended and its files were wiped. You can close this tab.',
    uploading: 'Uploading', queued: 'Queued', working: 'Working (looking for personal information)', done: 'Please review',
    applied: 'Applied', applying: 'Applying…', error: 'Could not be processed',
    apply: 'Apply changes', download: 'Download', summary: 'Record summary (print)',
    dirty: 'Changes not applied yet (apply them to download)',
    redact: 'Redact', category: 'Category', page: 'Page', preview: 'Content (masked)',
    drawAs: 'Category of drawn boxes', extra: 'Drawn box', remove: 'Remove',
    wholePage: 'Redact the whole page', original: 'Original (red: to be redacted; drag to add a box)',
    result: 'Redacted', nothing: 'No personal information found', lang: '日本語',
    tooBig: 'The file is too large', reason: 'Reason',
  },
};
const CATEGORIES = {
  person: ['氏名', 'Name'], address: ['住所', 'Address'], postal_code: ['郵便番号', 'Postal code'],
  phone: ['電話番号', 'Phone'], email: ['メールアドレス', 'Email'], birth_date: ['生年月日', 'Birth date'],
  my_number: ['個人番号', 'My Number'], corporate_number: ['法人番号', 'Corporate number'],
  bank_account: ['口座番号', 'Bank account'], drivers_license: ['運転免許証番号', "Driver's licence"],
  passport: ['旅券番号', 'Passport'], residence_card: ['在留カード番号', 'Residence card'],
  pension_number: ['基礎年金番号', 'Pension number'], insurance_number: ['被保険者番号', 'Insurance number'],
};
// Plain-language versions of the engine's most common reasons.
const REASONS_JA = [
  [/encrypt/i, '暗号化（パスワード保護）された PDF は処理できません。'],
  [/unsupported input/i, '対応していない形式です（PDF・TIFF・JPEG・PNG のみ）。'],
  [/damaged|does not load|not a PDF/i, 'ファイルが壊れているため読めません。'],
  [/verification/i, '墨消し後の確認で個人情報が残ったため、出力しませんでした。'],
  [/OCR/i, '画像の文字を読み取れませんでした。'],
  [/image lies under/i, '個人情報の下に小さな画像があり、消去できません。'],
  [/limit|too large|too many/i, '大きさの上限を超えています。'],
];

let lang = localStorage.getItem('redact-lang') || 'ja';
const t = (k) => TEXT[lang][k] || k;
const catName = (c) => (CATEGORIES[c] || [c, c])[lang === 'ja' ? 0 : 1];
function reasonText(msg) {
  if (lang === 'en') return msg;
  for (const [re, ja] of REASONS_JA) if (re.test(msg)) return `${ja}（${msg}）`;
  return `処理できませんでした（${msg}）`;
}

function applyLanguage() {
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.getElementById('lang').textContent = t('lang');
  document.title = t('title');
  for (const f of files.values()) render(f);
}

function api(path, opts = {}) {
  opts.headers = Object.assign({ 'X-Redact-Token': token }, opts.headers || {});
  return fetch(path, opts);
}

const files = new Map();  // local key → state
let nextKey = 0;

function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids) if (kid) e.append(kid);
  return e;
}

// --- upload and progress --------------------------------------------------------------------

function addFiles(list) {
  for (const file of list) {
    const f = { key: ++nextKey, name: file.name, status: 'uploading', progress: 0, id: null,
      info: null, disabled: new Set(), extra: [], whole: new Set(), dirty: false, resultVersion: 0,
      card: el('article', { class: 'file' }) };
    files.set(f.key, f);
    document.getElementById('files').append(f.card);
    render(f);
    upload(f, file);
    // The original is already here: draw its pages while the server works on it.
    if (/\.pdf$/i.test(file.name) || file.type === 'application/pdf') {
      f.originalPromise = file.arrayBuffer().then((b) => openPdf(new Uint8Array(b))).then(async (doc) => {
        for (let n = 1; n <= Math.min(doc.numPages, 4); n++) await (await drawn(f, 'original', n, pageWidth(), doc, 0)).ready;
        return doc;
      });
      f.originalPromise.catch(() => {});
    }
  }
}

function upload(f, file) {
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/files');
  xhr.setRequestHeader('X-Redact-Token', token);
  xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
  xhr.setRequestHeader('Content-Type', 'application/octet-stream');
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) { f.progress = e.loaded / e.total; renderStatus(f); } };
  xhr.onload = () => {
    if (xhr.status === 200) {
      f.id = JSON.parse(xhr.responseText).id;
      f.status = 'queued';
      render(f);
      poll(f);
    } else {
      f.status = 'error';
      f.error = xhr.status === 413 ? t('tooBig') : (xhr.responseText || String(xhr.status));
      render(f);
    }
  };
  xhr.onerror = () => { f.status = 'error'; f.error = 'upload failed'; render(f); };
  xhr.send(file);
}

async function poll(f) {
  for (;;) {
    const r = await api(`/api/files/${f.id}`);
    const info = await r.json();
    if (info.status !== f.status) { f.status = info.status; renderStatus(f); }
    if (info.status === 'done') { f.info = info; await showReview(f); return; }
    if (info.status === 'error') { f.error = info.error; render(f); return; }
    await new Promise((res) => setTimeout(res, 100));
  }
}

// --- review ---------------------------------------------------------------------------------

async function fetchBytes(path) {
  const r = await api(path);
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

// isImageDecoderSupported: scanned pages are 300 dpi JPEGs; the browser's own decoder (WebCodecs
// ImageDecoder) reads them several times faster than pdf.js's JavaScript one. pdf.js 4.10 turns
// it off in Chromium for bugs fixed long before the Chromium this page is used with.
// One pdf.js worker for every document: without it each getDocument (every file, every applied
// result) starts a new Web Worker and compiles pdf.js's 1.4 MB worker script again.
let pdfWorker = null;
function openPdf(data) {
  pdfWorker = pdfWorker || new pdfjsLib.PDFWorker();
  return pdfjsLib.getDocument({ data, worker: pdfWorker, cMapUrl: '/static/cmaps/', cMapPacked: true,
    standardFontDataUrl: '/static/standard_fonts/', isEvalSupported: false,
    isImageDecoderSupported: true }).promise;
}

async function showReview(f) {
  const original = f.info.image_file ? null
    : (f.originalPromise || Promise.reject(new Error('not read'))).catch(() => fetchBytes(`/api/files/${f.id}/original`).then(openPdf));
  await loadResult(f);
  if (original) f.originalPdf = await original;
  render(f);
  f.card.dataset.ready = '1';
}

async function loadResult(f) {
  f.resultVersion++;
  if (f.info.image_file) return;
  const old = f.resultPdf;
  f.resultPdf = await openPdf(await fetchBytes(`/api/files/${f.id}/result`));
  if (old) old.destroy();
}

function renderStatus(f) {
  const s = f.card.querySelector('.status');
  if (!s) return;
  f.card.dataset.status = f.status;
  let text = t(f.applied ? 'applied' : f.status);
  if (f.status === 'error') text += `: ${reasonText(f.error || '')}`;
  s.textContent = text;
  const bar = f.card.querySelector('progress');
  if (bar) {
    if (f.status === 'uploading') bar.value = f.progress;
    else if (f.status === 'queued' || f.status === 'working') bar.removeAttribute('value');
    else bar.hidden = true;
  }
}

function render(f) {
  const c = f.card;
  c.replaceChildren();
  c.dataset.fileId = f.id ?? '';
  c.dataset.name = f.name;
  c.append(el('h2', {}, el('span', { class: 'name', text: f.name }), el('progress', { max: 1 }),
    el('span', { class: 'status' })));
  renderStatus(f);
  document.getElementById('all-bar').hidden = ![...files.values()].some((x) => x.info);
  if (!f.info || (!f.originalPdf && !f.info.image_file)) return;

  const select = el('select', { class: 'draw-category', 'aria-label': t('drawAs') },
    ...Object.keys(CATEGORIES).map((k) => el('option', { value: k, text: catName(k) })));
  select.value = f.drawCategory || 'person';
  select.addEventListener('change', () => { f.drawCategory = select.value; });
  const download = el('a', { class: 'button download' + (f.dirty || f.busy ? ' disabled' : ''),
    href: `/api/files/${f.id}/download`, download: f.info.download_name, text: t('download') });
  c.append(el('div', { class: 'toolbar' },
    el('label', {}, t('drawAs') + ' ', select),
    el('button', { class: 'apply primary', type: 'button', disabled: !f.dirty || f.busy, onclick: () => apply(f), text: t('apply') }),
    download,
    el('button', { class: 'summary', type: 'button', onclick: () => openSummary(f), text: t('summary') }),
    f.dirty ? el('span', { class: 'dirty', text: t('dirty') }) : null,
    f.applyError ? el('span', { class: 'error apply-error', text: reasonText(f.applyError) }) : null));

  // The findings list: category, page and a masked preview only.
  const table = el('table', { class: 'findings' },
    el('tr', {}, el('th', { text: t('redact') }), el('th', { text: t('category') }),
      el('th', { text: t('page') }), el('th', { text: t('preview') })));
  for (const fd of f.info.findings) {
    const on = !f.disabled.has(fd.id);
    const box = el('input', { type: 'checkbox', class: 'toggle', checked: on,
      onchange: () => { toggle(f, fd.id); } });
    table.append(el('tr', { class: 'finding' + (on ? '' : ' off'), 'data-id': fd.id,
      'data-category': fd.category, 'data-page': fd.page },
    el('td', {}, box), el('td', { text: catName(fd.category) }), el('td', { text: String(fd.page) }),
    el('td', { class: 'preview', text: fd.preview })));
  }
  f.extra.forEach((x, i) => {
    table.append(el('tr', { class: 'extra-row', 'data-page': x.page },
      el('td', {}, el('button', { type: 'button', class: 'remove', text: t('remove'),
        onclick: () => { f.extra.splice(i, 1); f.dirty = true; render(f); } })),
      el('td', { text: catName(x.category) }), el('td', { text: String(x.page) }), el('td', { text: t('extra') })));
  });
  if (!f.info.findings.length && !f.extra.length) table.append(el('tr', {}, el('td', { colspan: 4, text: t('nothing') })));
  c.append(table);

  const pages = el('div', { class: 'pages' });
  c.append(pages);
  f.info.pages.forEach((pg, i) => pages.append(renderPage(f, i + 1, pg)));
}

function pageWidth() {
  return Math.floor(Math.max(280, Math.min(640, (document.getElementById('files').clientWidth - 60) / 2)));
}

function renderPage(f, n, pg) {
  const whole = el('input', { type: 'checkbox', class: 'whole-page', checked: f.whole.has(n),
    onchange: () => { if (whole.checked) f.whole.add(n); else f.whole.delete(n); f.dirty = true; render(f); } });
  const orig = el('div', { class: 'view orig', 'data-page': n });
  const res = el('div', { class: 'view result', 'data-page': n });
  const width = pageWidth();
  const fig = el('div', { class: 'pair' },
    el('figure', {}, el('figcaption', {}, `${t('page')} ${n} — ${t('original')} `,
      el('label', {}, whole, t('wholePage'))), orig),
    el('figure', {}, el('figcaption', { text: `${t('page')} ${n} — ${t('result')}` }), res));
  if (f.info.image_file) {
    const s = width / pg.width;
    const img = el('img', { src: `/api/files/${f.id}/original/${n}.png`, width: Math.round(width), height: Math.round(pg.height * s), alt: '' });
    const out = el('img', { src: `/api/files/${f.id}/result/${n}.png?v=${f.resultVersion}`, width: Math.round(width), height: Math.round(pg.height * s), alt: '', class: 'result-img' });
    orig.append(img);
    res.append(out);
    const version = f.resultVersion;
    out.addEventListener('load', () => { res.dataset.rendered = String(version); });
    img.addEventListener('load', () => { orig.dataset.rendered = '1'; });
    // Image user space: pixels, origin bottom-left.
    const toScreen = (b) => [b[0] * s, (pg.height - b[3]) * s, b[2] * s, (pg.height - b[1]) * s];
    const toUser = (x, y) => [x / s, pg.height - y / s];
    orig.append(overlay(f, n, toScreen, toUser));
  } else {
    renderPdfPage(f, n, width, orig, res);
  }
  return fig;
}

// Pages are drawn once per document version and width: switching findings off or drawing
// boxes only redraws the overlay.
async function drawn(f, which, n, width, doc, version) {
  f.canvases = f.canvases || {};
  const key = `${which}:${n}`;
  let c = f.canvases[key];
  if (!c || c.width !== width || c.version !== version) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: width / page.getViewport({ scale: 1 }).width });
    const canvas = el('canvas', { width: Math.floor(viewport.width), height: Math.floor(viewport.height) });
    c = f.canvases[key] = { width, version, viewport, canvas,
      ready: page.render({ canvasContext: canvas.getContext('2d'), viewport }).promise };
  }
  return c;
}

async function renderPdfPage(f, n, width, orig, res) {
  const o = await drawn(f, 'original', n, width, f.originalPdf, 0);
  const viewport = o.viewport;
  orig.prepend(o.canvas);
  const toScreen = (b) => {
    const r = viewport.convertToViewportRectangle(b);
    return [Math.min(r[0], r[2]), Math.min(r[1], r[3]), Math.max(r[0], r[2]), Math.max(r[1], r[3])];
  };
  const toUser = (x, y) => viewport.convertToPdfPoint(x, y);
  orig.append(overlay(f, n, toScreen, toUser));
  const version = f.resultVersion;
  const r = await drawn(f, 'result', n, width, f.resultPdf, version);
  res.append(r.canvas);
  await o.ready;
  orig.dataset.rendered = '1';
  await r.ready;
  res.dataset.rendered = String(version);
}

// Boxes over the original page: click one to switch it off or on; drag to draw a new one.
function overlay(f, n, toScreen, toUser) {
  const ov = el('div', { class: 'overlay' + (f.whole.has(n) ? ' whole' : ''), 'data-page': n });
  const place = (div, r) => {
    Object.assign(div.style, { left: `${r[0]}px`, top: `${r[1]}px`, width: `${r[2] - r[0]}px`, height: `${r[3] - r[1]}px` });
  };
  for (const fd of f.info.findings) {
    if (fd.page !== n) continue;
    for (const b of fd.boxes) {
      const d = el('div', { class: 'box' + (f.disabled.has(fd.id) ? ' off' : ''), 'data-id': fd.id,
        title: catName(fd.category) });
      place(d, toScreen(b));
      ov.append(d);
    }
  }
  for (const x of f.extra) {
    if (x.page !== n) continue;
    const d = el('div', { class: 'box extra', title: catName(x.category) });
    place(d, toScreen(x.box));
    ov.append(d);
  }
  let start = null;
  let rubber = null;
  const at = (e) => { const r = ov.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
  ov.addEventListener('mousedown', (e) => {
    e.preventDefault();
    start = at(e);
    rubber = el('div', { class: 'box rubber' });
    ov.append(rubber);
  });
  ov.addEventListener('mousemove', (e) => {
    if (!start) return;
    const p = at(e);
    place(rubber, [Math.min(start[0], p[0]), Math.min(start[1], p[1]), Math.max(start[0], p[0]), Math.max(start[1], p[1])]);
  });
  const finish = (e) => {
    if (!start) return;
    const p = at(e);
    const s = start;
    start = null;
    rubber.remove();
    if (Math.abs(p[0] - s[0]) < 4 && Math.abs(p[1] - s[1]) < 4) {
      const hit = e.target.closest && e.target.closest('.box[data-id]');
      if (hit) toggle(f, Number(hit.dataset.id));
      return;
    }
    const a = toUser(Math.min(s[0], p[0]), Math.max(s[1], p[1]));
    const b = toUser(Math.max(s[0], p[0]), Math.min(s[1], p[1]));
    const box = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
    f.extra.push({ page: n, box, category: f.drawCategory || 'person' });
    f.dirty = true;
    render(f);
  };
  ov.addEventListener('mouseup', finish);
  ov.addEventListener('mouseleave', (e) => { if (start) finish(e); });
  return ov;
}

function toggle(f, id) {
  if (f.disabled.has(id)) f.disabled.delete(id); else f.disabled.add(id);
  f.dirty = true;
  render(f);
}

async function apply(f) {
  f.busy = true;
  f.applyError = null;
  f.status = 'working';
  render(f);
  renderStatus(f);
  f.card.querySelector('.status').textContent = t('applying');
  const body = { disabled: [...f.disabled], extra: f.extra, whole_pages: [...f.whole] };
  const r = await api(`/api/files/${f.id}/apply`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const out = await r.json();
  f.busy = false;
  f.status = 'done';
  if (r.ok && out.ok) {
    f.dirty = false;
    f.applied = true;
    await loadResult(f);
  } else {
    f.applyError = out.error || String(r.status);
  }
  render(f);
  f.card.dataset.applied = String(f.resultVersion);
}

function openSummary(f) {
  const who = document.getElementById('clerk').value;
  window.open(`/api/files/${f.id}/summary?lang=${lang}&who=${encodeURIComponent(who)}`, '_blank');
}

// --- page wiring ----------------------------------------------------------------------------

const drop = document.getElementById('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  addFiles(e.dataTransfer.files);
});
// A file dropped anywhere else must not make the browser navigate away from the session.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());
document.getElementById('picker').addEventListener('change', (e) => { addFiles(e.target.files); e.target.value = ''; });
document.getElementById('lang').addEventListener('click', () => {
  lang = lang === 'ja' ? 'en' : 'ja';
  localStorage.setItem('redact-lang', lang);
  applyLanguage();
});
document.getElementById('end').addEventListener('click', async () => {
  await api('/api/end', { method: 'POST' });
  document.querySelector('main').replaceChildren(el('p', { id: 'ended', text: t('ended') }));
  clearInterval(heartbeat);
});
const heartbeat = setInterval(() => api('/api/heartbeat', { method: 'POST' }).catch(() => {}), 5000);
applyLanguage();
window.redactReady = true;
