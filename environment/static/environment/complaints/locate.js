// Place picking for the complaint form, as progressive enhancement of the latitude/longitude
// fields: "Usar mi ubicación" (phone GPS) and a small tile map where a tap drops the pin.
(function () {
  "use strict";
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  if (!lat || !lon) return;
  var status = document.getElementById("location-status");

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
      status.textContent = "Buscando su ubicación…";
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          setPlace(pos.coords.latitude, pos.coords.longitude);
          status.textContent = "Ubicación lista.";
        },
        function () {
          status.textContent = "No pudimos obtener su ubicación; marque el punto en el mapa o elija la parroquia.";
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

  box.hidden = false;
  var zoomIn = document.getElementById("pin-map-in");
  var zoomOut = document.getElementById("pin-map-out");
  zoomIn.addEventListener("click", function () { view.z = Math.min(MAX_Z, view.z + 1); draw(); });
  zoomOut.addEventListener("click", function () { view.z = Math.max(MIN_Z, view.z - 1); draw(); });
  box.addEventListener("click", function (event) {
    if (event.target.tagName === "BUTTON") return;
    var rect = box.getBoundingClientRect();
    var c = project(view.lat, view.lon, view.z);
    var x = c.x - box.clientWidth / 2 + (event.clientX - rect.left);
    var y = c.y - box.clientHeight / 2 + (event.clientY - rect.top);
    var place = unproject(x, y, view.z);
    setPlace(place.lat, place.lon);
    // Each tap also centres and zooms in, so a second tap can be precise.
    view = { lat: place.lat, lon: place.lon, z: Math.min(MAX_Z, Math.max(view.z, 14)) };
    status.textContent = "Punto marcado en el mapa.";
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
