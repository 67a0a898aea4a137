// baocao giao-dien: the page's script. No framework, no network beyond the
// server that served it. The server does all the work; this only asks and
// shows. State: the data session (phien), the unit shown, the templates.
"use strict";

const $ = (id) => document.getElementById(id);
const state = {
  phien: null,      // session id of the data loaded
  info: null,       // the session's check result (JSON from the server)
  generation: -1,   // the server's change counter (templates, data file)
  zoom: 1,
  fit: true,
  pageWidthPt: 595.3,
  previewSeq: 0,
  problems: { data: "", preview: "" },
};

function showProblems() {
  const box = $("thong-bao");
  const text = [state.problems.data, state.problems.preview].filter(Boolean).join("\n\n");
  box.textContent = text;
  box.hidden = !text;
}

function options() {
  const q = new URLSearchParams();
  const town = $("mau").value, ward = $("mau-don-vi").value;
  if (town) q.set("mau", town);
  if (ward) q.set("mau-don-vi", ward);
  return q;
}

async function getJson(url, init) {
  const r = await fetch(url, init);
  let body = null;
  try { body = await r.json(); } catch (_) { body = null; }
  if (!r.ok) {
    const msg = body && body.loi ? body.loi : "Máy chủ trả lỗi " + r.status + ".";
    throw new Error(msg);
  }
  return body;
}

function fillSelect(sel, names, defaultLabel) {
  const keep = sel.value;
  sel.textContent = "";
  const def = document.createElement("option");
  def.value = "";
  def.textContent = defaultLabel;
  sel.appendChild(def);
  for (const n of names) {
    const o = document.createElement("option");
    o.value = n;
    o.textContent = n;
    sel.appendChild(o);
  }
  if ([...sel.options].some((o) => o.value === keep)) sel.value = keep;
}

async function loadInfo() {
  const info = await getJson("/api/thong-tin");
  fillSelect($("mau"), info.mau, "Mặc định (" + info.mau_chung + ")");
  fillSelect($("mau-don-vi"), info.mau, "Mặc định (" + info.mau_don_vi + ")");
  $("mau-thu-muc").textContent = info.thu_muc_mau
    ? "Mẫu của bạn: " + info.thu_muc_mau + " (lưu tệp là trang tự cập nhật)"
    : "";
  state.generation = info.the_he;
  if (info.phien && !state.phien) {
    await openSession(info.phien);
  }
}

function cell(tr, text, cls) {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) td.className = cls;
  tr.appendChild(td);
}

function table(t) {
  const el = document.createElement("table");
  el.className = "bang so";
  const head = document.createElement("tr");
  for (const h of t.cot) {
    const th = document.createElement("th");
    th.textContent = h;
    head.appendChild(th);
  }
  el.appendChild(head);
  for (const row of t.hang) {
    const tr = document.createElement("tr");
    row.forEach((c, i) => cell(tr, c, i ? "so" : ""));
    el.appendChild(tr);
  }
  return el;
}

function showCheck(info) {
  $("ten-tep").textContent = "Dữ liệu: " + info.ten;
  const body = $("ket-qua-kiem-tra").tBodies[0];
  body.textContent = "";
  for (const f of info.ket_qua) {
    const tr = document.createElement("tr");
    tr.className = f.loi ? "loi" : "canh-bao";
    tr.title = f.dong;
    cell(tr, f.muc, "muc");
    cell(tr, f.vi_tri, "vi-tri");
    cell(tr, f.noi_dung);
    body.appendChild(tr);
  }
  if (!info.ket_qua.length) {
    const tr = document.createElement("tr");
    cell(tr, "", "muc");
    cell(tr, "", "vi-tri");
    cell(tr, "Không có điểm nào không khớp.");
    body.appendChild(tr);
  }
  $("tom-tat").textContent = info.tom_tat;
  const figures = $("bang-so-lieu");
  figures.textContent = "";
  const title = document.createElement("p");
  title.textContent = info.tieu_de;
  figures.appendChild(title);
  for (const t of info.bang) figures.appendChild(table(t));
  state.problems.data = info.chan || "";
  showProblems();

  const sel = $("chon-don-vi");
  const keep = sel.value;
  sel.textContent = "";
  for (const u of info.bao_cao) {
    const o = document.createElement("option");
    o.value = u.ma;
    o.textContent = u.ten;
    sel.appendChild(o);
  }
  if ([...sel.options].some((o) => o.value === keep)) sel.value = keep;
  sel.disabled = info.bao_cao.length < 2;
  setDownloads();
}

function setDownloads() {
  const info = state.info;
  const links = { "tai-pdf": "pdf", "tai-docx": "docx", "tai-zip": "zip" };
  for (const [id, ext] of Object.entries(links)) {
    const a = $(id);
    if (!info || info.chan) {
      a.removeAttribute("href");
      a.removeAttribute("download");
      a.setAttribute("aria-disabled", "true");
      continue;
    }
    let file;
    if (ext === "zip") {
      file = info.tep_zip;
    } else {
      const unit = info.bao_cao.find((u) => u.ma === $("chon-don-vi").value) || info.bao_cao[0];
      file = unit.tep + "." + ext;
    }
    const q = options().toString();
    a.href = "/tai/" + encodeURIComponent(state.phien) + "/" + encodeURIComponent(file) + (q ? "?" + q : "");
    a.setAttribute("download", file);
    a.setAttribute("aria-disabled", "false");
  }
}

// "Lưu tất cả vào thư mục": the server writes every report beside the data
// file (or in Documents for a file chosen here) and names the folder.
function setSave() {
  const info = state.info;
  const ok = info && !info.chan && info.luu_vao;
  $("hop-luu").hidden = !ok;
  if (ok) $("luu-vao").textContent = info.luu_vao;
  $("da-luu").hidden = true;
}

async function save() {
  if (!state.phien) return;
  const button = $("luu");
  button.disabled = true;
  $("da-luu").hidden = true;
  state.problems.preview = "";
  showProblems();
  try {
    const q = options().toString();
    const r = await getJson("/api/phien/" + encodeURIComponent(state.phien) + "/luu" + (q ? "?" + q : ""), { method: "POST" });
    $("da-luu").textContent = "Đã lưu " + r.tep.length + " tệp vào thư mục " + r.thu_muc;
    $("da-luu").hidden = false;
  } catch (e) {
    state.problems.preview = e.message;
    showProblems();
  } finally {
    button.disabled = false;
  }
}

async function openSession(id) {
  state.phien = id;
  const info = await getJson("/api/phien/" + encodeURIComponent(id));
  state.info = info;
  showCheck(info);
  setSave();
  await preview();
}

function applyZoom() {
  const box = $("cac-trang");
  if (state.fit) {
    // Padding and a vertical scroll bar: no horizontal one at "fit".
    const avail = box.clientWidth - 60;
    state.zoom = Math.max(0.25, Math.min(3, avail / (state.pageWidthPt * 4 / 3)));
  }
  for (const p of box.querySelectorAll(".trang")) {
    const w = parseFloat(p.dataset.w || state.pageWidthPt);
    p.style.width = Math.round(w * 4 / 3 * state.zoom) + "px";
  }
  $("ti-le").textContent = Math.round(state.zoom * 100) + "%";
}

async function preview() {
  if (!state.phien || !state.info) return;
  if (state.info.chan) {
    $("cac-trang").textContent = "";
    $("so-trang").textContent = "";
    return;
  }
  const seq = ++state.previewSeq;
  const q = options();
  const unit = $("chon-don-vi").value;
  if (unit) q.set("don-vi", unit);
  $("dang-tai").hidden = false;
  try {
    const r = await getJson("/api/phien/" + encodeURIComponent(state.phien) + "/xem?" + q.toString());
    if (seq !== state.previewSeq) return;
    if (r.phong && $("phong").textContent !== r.phong) $("phong").textContent = r.phong;
    const box = $("cac-trang");
    box.textContent = "";
    r.trang.forEach((svg, i) => {
      const div = document.createElement("div");
      div.className = "trang";
      div.setAttribute("data-testid", "trang");
      div.setAttribute("aria-label", "Trang " + (i + 1));
      div.innerHTML = svg;
      const el = div.querySelector("svg");
      const vb = el && el.viewBox && el.viewBox.baseVal;
      if (vb && vb.width) div.dataset.w = vb.width;
      if (el) { el.removeAttribute("width"); el.removeAttribute("height"); }
      box.appendChild(div);
      const n = document.createElement("p");
      n.className = "so-trang-nho";
      n.textContent = "Trang " + (i + 1) + "/" + r.trang.length;
      box.appendChild(n);
    });
    $("so-trang").textContent = r.trang.length + " trang";
    state.problems.preview = r.canh_bao && r.canh_bao.length
      ? "Cảnh báo khi lập báo cáo:\n" + r.canh_bao.join("\n") : "";
    applyZoom();
  } catch (e) {
    if (seq !== state.previewSeq) return;
    // The last good preview stays; the message says what is wrong.
    state.problems.preview = e.message;
  } finally {
    if (seq === state.previewSeq) $("dang-tai").hidden = true;
    showProblems();
  }
}

async function upload(file) {
  if (!file) return;
  state.problems.data = "";
  state.problems.preview = "";
  showProblems();
  $("ten-tep").textContent = "Đang đọc " + file.name + "…";
  try {
    const r = await getJson("/api/tai-len?ten=" + encodeURIComponent(file.name), {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: file,
    });
    await openSession(r.phien);
  } catch (e) {
    state.problems.data = e.message;
    $("ten-tep").textContent = state.info ? "Dữ liệu: " + state.info.ten : "Chưa có dữ liệu.";
    showProblems();
  }
}

// Long poll: the server answers when a template (or the data file given on
// the command line) changed, or after a while with nothing new.
// Only a visible tab waits: a browser keeps 6 connections per server, and
// hidden tabs each holding one would stall the others.
function visible() {
  if (!document.hidden) return Promise.resolve();
  return new Promise((ok) => {
    const on = () => { if (!document.hidden) { document.removeEventListener("visibilitychange", on); ok(); } };
    document.addEventListener("visibilitychange", on);
  });
}

async function watch() {
  for (;;) {
    await visible();
    try {
      const r = await getJson("/api/cho?the-he=" + state.generation);
      if (r.the_he !== state.generation) {
        state.generation = r.the_he;
        await loadInfo();
        if (state.phien) await openSession(state.phien);
      }
    } catch (_) {
      await new Promise((ok) => setTimeout(ok, 2000));
    }
  }
}

function setup() {
  const input = $("tep-du-lieu");
  input.addEventListener("change", () => upload(input.files[0]));
  const zone = $("vung-tha");
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("tren"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("tren"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("tren");
    if (e.dataTransfer.files.length) upload(e.dataTransfer.files[0]);
  });
  $("luu").addEventListener("click", save);
  $("chon-don-vi").addEventListener("change", () => { setDownloads(); preview(); });
  for (const id of ["mau", "mau-don-vi"]) {
    $(id).addEventListener("change", () => { setDownloads(); preview(); });
  }
  $("phong-to").addEventListener("click", () => { state.fit = false; state.zoom = Math.min(3, state.zoom * 1.25); applyZoom(); });
  $("thu-nho").addEventListener("click", () => { state.fit = false; state.zoom = Math.max(0.25, state.zoom / 1.25); applyZoom(); });
  $("vua-khung").addEventListener("click", () => { state.fit = true; applyZoom(); });
  window.addEventListener("resize", () => { if (state.fit) applyZoom(); });
  loadInfo()
    .catch((e) => { state.problems.data = e.message; showProblems(); })
    .finally(watch);
}

setup();
