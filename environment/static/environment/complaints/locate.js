// Place picking for the complaint form, as progressive enhancement of the latitude/longitude
// fields: "Usar mi ubicación" (phone GPS) and a small tile map where a tap drops the pin.
// Also: the photo's size and type checked before upload, and the open complaints near the
// place shown before sending. Every message comes translated from data-* attributes.
(function () {
  "use strict";
  // --- Photos: refused in the browser before a 20 MB upload --------------------------------
  var check = document.getElementById("photo-check");
  var input = document.getElementById("id_photos");
  if (check && input) {
    var photoStatus = document.getElementById("photo-status");
    var TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"];
    input.addEventListener("change", function () {
      var max = parseInt(check.dataset.maxBytes, 10), problems = [];
      var files = Array.prototype.slice.call(input.files || []);
      if (files.length > parseInt(check.dataset.maxFiles, 10)) problems.push(check.dataset.tooMany);
      files.forEach(function (f) {
        if (TYPES.indexOf(f.type) < 0) problems.push(check.dataset.badType.replace("%(name)s", f.name));
        else if (f.size > max) problems.push(check.dataset.tooBig.replace("%(name)s", f.name));
      });
      photoStatus.textContent = problems.join(" ");
      if (problems.length) {
        input.value = "";
        input.setAttribute("aria-invalid", "true");
      } else {
        input.removeAttribute("aria-invalid");
      }
    });
  }

  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  if (!lat || !lon) return;
  var status = document.getElementById("location-status");

  // --- Open complaints near the place -------------------------------------------------------
  var nearby = document.getElementById("nearby");
  var parish = document.getElementById("id_parish");
  function showNearby() {
    if (!nearby || !window.fetch) return;
    var q = "";
    if (lat.value && lon.value) q = "lat=" + encodeURIComponent(lat.value) + "&lon=" + encodeURIComponent(lon.value);
    else if (parish && parish.value) q = "parroquia=" + encodeURIComponent(parish.value);
    if (!q) { nearby.hidden = true; return; }
    fetch(nearby.dataset.url + "?" + q, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) {
        var list = nearby.querySelector("ul");
        list.textContent = "";
        data.results.forEach(function (c) {
          var li = document.createElement("li"), a = document.createElement("a");
          a.href = c.url;
          a.textContent = c.code;
          li.appendChild(a);
          li.appendChild(document.createTextNode(" · " + c.category + (c.parish ? " · " + c.parish : "") + " · " + c.date));
          list.appendChild(li);
        });
        nearby.hidden = data.results.length === 0;
      })
      .catch(function () { nearby.hidden = true; });
  }
  lat.addEventListener("change", showNearby);
  if (parish) parish.addEventListener("change", showNearby);
  showNearby();

  function setPlace(la, lo) {
    lat.value = la.toFixed(6);
    lon.value = lo.toFixed(6);
    lat.dispatchEvent(new Event("change"));
  }

  // --- GPS ---------------------------------------------------------------------------
  var button = document.getElementById("use-location");
  if (button && navigator.geolocation) {
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = button.dataset.searching;
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          setPlace(pos.coords.latitude, pos.coords.longitude);
          status.textContent = button.dataset.found;
        },
        function () {
          status.textContent = button.dataset.failed;
        },
        { enableHighAccuracy: true, timeout: 15000 }
      );
    });
  }

  // --- Tile map with a pin -------------------------------------------------------------
  var box = document.getElementById("pin-map");
  if (!box || !box.dataset.tiles) return;
  var tiles = box.dataset.tiles;
  var view = { lat: -0.25, lon: -79.2, z: 9 };
  var MIN_Z = 8, MAX_Z = 17, SIZE = 256;

  function project(la, lo, z) {
    var n = SIZE * Math.pow(2, z);
    var s = Math.sin((la * Math.PI) / 180);
    return { x: ((lo + 180) / 360) * n, y: (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n };
  }
  function unproject(x, y, z) {
    var n = SIZE * Math.pow(2, z);
    var lo = (x / n) * 360 - 180;
    var la = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
    return { lat: la, lon: lo };
  }

  var layer = document.createElement("div");
  layer.className = "pin-map-layer";
  box.appendChild(layer);

  function draw() {
    layer.textContent = "";
    var w = box.clientWidth, h = box.clientHeight;
    var c = project(view.lat, view.lon, view.z);
    var x0 = c.x - w / 2, y0 = c.y - h / 2;
    var max = Math.pow(2, view.z);
    for (var tx = Math.floor(x0 / SIZE); tx <= Math.floor((x0 + w) / SIZE); tx++) {
      for (var ty = Math.floor(y0 / SIZE); ty <= Math.floor((y0 + h) / SIZE); ty++) {
        if (ty < 0 || ty >= max) continue;
        var img = document.createElement("img");
        img.alt = "";
        img.width = SIZE;
        img.height = SIZE;
        img.onerror = offline;
        img.src = tiles.replace("{z}", view.z).replace("{x}", ((tx % max) + max) % max).replace("{y}", ty);
        img.style.left = Math.round(tx * SIZE - x0) + "px";
        img.style.top = Math.round(ty * SIZE - y0) + "px";
        layer.appendChild(img);
      }
    }
    var la = parseFloat(lat.value), lo = parseFloat(lon.value);
    if (!isNaN(la) && !isNaN(lo)) {
      var p = project(la, lo, view.z);
      var pin = document.createElement("span");
      pin.className = "pin-map-pin";
      pin.style.left = Math.round(p.x - x0) + "px";
      pin.style.top = Math.round(p.y - y0) + "px";
      layer.appendChild(pin);
    }
  }

  // Offline (or tiles blocked): say so instead of a grey box, and never let a blind tap
  // replace a GPS fix or a typed place with a point kilometres away.
  var isOffline = false;
  function offline() {
    if (isOffline) return;
    isOffline = true;
    box.hidden = true;
    var note = document.getElementById("pin-map-offline");
    if (note) { note.textContent = box.dataset.offline; note.hidden = false; }
  }
  window.addEventListener("offline", offline);
  if (navigator.onLine === false) { offline(); return; }

  box.hidden = false;
  var zoomIn = document.getElementById("pin-map-in");
  var zoomOut = document.getElementById("pin-map-out");
  zoomIn.addEventListener("click", function () { view.z = Math.min(MAX_Z, view.z + 1); draw(); });
  zoomOut.addEventListener("click", function () { view.z = Math.max(MIN_Z, view.z - 1); draw(); });
  var PRECISE_Z = 13;  // below it one pixel is more than ~20 m: a tap only zooms in
  box.addEventListener("click", function (event) {
    if (event.target.tagName === "BUTTON" || isOffline) return;
    var rect = box.getBoundingClientRect();
    var c = project(view.lat, view.lon, view.z);
    var x = c.x - box.clientWidth / 2 + (event.clientX - rect.left);
    var y = c.y - box.clientHeight / 2 + (event.clientY - rect.top);
    var place = unproject(x, y, view.z);
    if (view.z < PRECISE_Z) {
      view = { lat: place.lat, lon: place.lon, z: Math.min(MAX_Z, view.z + 3) };
      status.textContent = box.dataset.closer;
      draw();
      return;
    }
    setPlace(place.lat, place.lon);
    view.lat = place.lat;
    view.lon = place.lon;
    status.textContent = box.dataset.marked;
    draw();
  });
  lat.addEventListener("change", function () {
    var la = parseFloat(lat.value), lo = parseFloat(lon.value);
    if (!isNaN(la) && !isNaN(lo)) { view.lat = la; view.lon = lo; }
    draw();
  });
  window.addEventListener("resize", draw);
  draw();
})();
