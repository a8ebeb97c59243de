// "Usar mi ubicación": fills latitude/longitude from the phone's GPS. Shown only where it works.
(function () {
  var button = document.getElementById("use-location");
  var status = document.getElementById("location-status");
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  if (!button || !lat || !lon || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = "Buscando su ubicación…";
    navigator.geolocation.getCurrentPosition(
      function (pos) {
        lat.value = pos.coords.latitude.toFixed(6);
        lon.value = pos.coords.longitude.toFixed(6);
        status.textContent = "Ubicación lista.";
      },
      function () {
        status.textContent = "No pudimos obtener su ubicación; elija la parroquia y una referencia.";
      },
      { enableHighAccuracy: true, timeout: 15000 }
    );
  });
})();
