// The column grid of the import preview: shade the rows the header count names as it changes.
// Without this script the shading follows the count after «Применить столбцы».
(function () {
  "use strict";
  var input = document.getElementById("id_header_rows");
  if (!input) return;
  var rows = document.querySelectorAll(".import-grid__table tbody tr[data-row]");
  function shade() {
    var count = parseInt(input.value, 10) || 0;
    rows.forEach(function (row) {
      row.classList.toggle("import-grid__header", Number(row.dataset.row) <= count);
    });
  }
  input.addEventListener("input", shade);
})();
