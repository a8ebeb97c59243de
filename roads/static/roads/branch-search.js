/* Report form: the branch list is fetched as the citizen types (the page no longer carries
   every branch). Without this script the field still takes a branch code or exact name. */
(function () {
  "use strict";
  var list = document.getElementById("ramales");
  var input = document.querySelector('input[list="ramales"]');
  if (!list || !input || !window.fetch) return;
  var url = list.getAttribute("data-search");
  var timer;
  var last = "";
  function fill(results) {
    list.textContent = "";
    results.forEach(function (r) {
      var option = document.createElement("option");
      option.value = r.code + " · " + r.name;
      if (r.parish) option.label = r.parish;
      list.appendChild(option);
    });
  }
  input.addEventListener("input", function () {
    var text = input.value.trim();
    if (text.indexOf(" · ") > 0 || text.length < 2 || text === last) return;
    clearTimeout(timer);
    timer = setTimeout(function () {
      last = text;
      fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (last === text) fill(data.results || []); })
        .catch(function () {});
    }, 200);
  });
})();
