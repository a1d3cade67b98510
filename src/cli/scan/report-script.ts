/**
 * The HTML report's only script: sorting and filtering the findings table. It is a constant (no
 * value from a scan is ever written into it), allowed by its hash in the page's
 * Content-Security-Policy, and it touches the page through `textContent`, `hidden` and attribute
 * reads only, so nothing it handles is parsed as markup. Without it the table still reads in the
 * terminal table's order; the controls stay hidden.
 *
 * Plain ES2017 in a string: it runs in the reader's browser, not in Node.
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('findings');
  var controls = document.getElementById('controls');
  if (!table || !controls) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var status = document.getElementById('shown');
  var text = document.getElementById('filter-text');
  var selects = Array.prototype.slice.call(controls.querySelectorAll('select[data-filter]'));
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var sorted = { column: 0, direction: 1 };
  var shown = rows.length;

  function sortKey(row, column) {
    var cell = row.cells[column];
    return cell ? cell.getAttribute('data-sort') || '' : '';
  }

  function compare(a, b) {
    var header = headers[sorted.column];
    var x = sortKey(a, sorted.column);
    var y = sortKey(b, sorted.column);
    var order = header && header.getAttribute('data-type') === 'number'
      ? Number(x) - Number(y)
      : x.localeCompare(y);
    // Ties keep the terminal table's order, whichever way the column runs.
    return order * sorted.direction || Number(a.getAttribute('data-order')) - Number(b.getAttribute('data-order'));
  }

  function describe() {
    var header = headers[sorted.column];
    var name = header ? header.getAttribute('data-name') : '';
    var way = sorted.direction === 1 ? header.getAttribute('data-ascending') : header.getAttribute('data-descending');
    var count = shown === rows.length
      ? 'Showing all ' + rows.length + ' findings'
      : 'Showing ' + shown + ' of ' + rows.length + ' findings';
    status.textContent = count + ', sorted by ' + name + ' (' + way + ').';
  }

  function filter() {
    var terms = text.value.toLowerCase().split(/\\s+/).filter(Boolean);
    shown = 0;
    rows.forEach(function (row) {
      var haystack = row.getAttribute('data-search') || '';
      var visible = terms.every(function (term) { return haystack.indexOf(term) !== -1; }) &&
        selects.every(function (select) {
          return select.value === '' || row.getAttribute('data-' + select.getAttribute('data-filter')) === select.value;
        });
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    describe();
  }

  // Filtering only hides rows; the rows move only when the order changes.
  function sort() {
    rows.slice().sort(compare).forEach(function (row) { body.appendChild(row); });
    headers.forEach(function (header, column) {
      if (column === sorted.column) {
        header.setAttribute('aria-sort', sorted.direction === 1 ? 'ascending' : 'descending');
      } else {
        header.removeAttribute('aria-sort');
      }
    });
    describe();
  }

  headers.forEach(function (header, column) {
    var button = header.querySelector('button');
    if (!button) return;
    button.addEventListener('click', function () {
      sorted = { column: column, direction: sorted.column === column ? -sorted.direction : 1 };
      sort();
    });
  });
  text.addEventListener('input', filter);
  selects.forEach(function (select) { select.addEventListener('change', filter); });
  controls.hidden = false;
  headers.forEach(function (header) {
    var button = header.querySelector('button');
    if (button) button.disabled = false;
  });
  filter();
})();
`;
