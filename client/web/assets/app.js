// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';

  // Keyboard: j/k move between rows, Enter opens the row, "/" jumps to the filters.
  var rows = Array.prototype.slice.call(document.querySelectorAll('[data-keyboard-rows] tr[data-href]'));
  rows.forEach(function (r) { r.tabIndex = -1; });
  var at = -1;
  function focusRow(i) {
    if (!rows.length) return;
    at = Math.max(0, Math.min(rows.length - 1, i));
    rows[at].focus();
  }
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return;
    if (e.key === 'j') { focusRow(at + 1); e.preventDefault(); }
    else if (e.key === 'k') { focusRow(at - 1); e.preventDefault(); }
    else if (e.key === 'Enter' && at >= 0 && document.activeElement === rows[at]) { location.href = rows[at].dataset.href; }
    else if (e.key === '/') { var f = document.querySelector('.filters select, .filters input:not([type=hidden])'); if (f) { f.focus(); e.preventDefault(); } }
  });

  // Countdowns stay right when a page is left open past midnight.
  function daysLeft(due) {
    var today = new Date(); today = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
    return Math.round((Date.parse(due + 'T00:00:00Z') - today) / 86400000);
  }
  function refreshCountdowns() {
    document.querySelectorAll('[data-due]').forEach(function (el) {
      var d = daysLeft(el.dataset.due);
      el.textContent = d < 0 ? (-d) + ' d overdue' : d === 0 ? 'due today' : d + ' d left';
      el.className = 'due ' + (d < 0 ? 'late' : d <= 7 ? 'urgent' : d <= 14 ? 'soon' : 'ok');
    });
  }
  setInterval(refreshCountdowns, 60 * 60 * 1000);

  // Documents upload as the PDF's bytes, then the page reloads to show them on the denial.
  document.querySelectorAll('form[data-upload]').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var out = form.querySelector('output');
      var file = form.querySelector('input[type=file]').files[0];
      if (!file) { out.textContent = 'Choose a PDF first.'; return; }
      out.textContent = 'Uploading…';
      fetch(form.dataset.upload, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'content-type': 'application/pdf',
          'x-csrf-token': csrf,
          'x-file-name': encodeURIComponent(file.name),
          'x-description': encodeURIComponent(form.querySelector('[name=description]').value || ''),
          'x-denial-version': form.dataset.version,
        },
        body: file,
      }).then(function (res) {
        return res.json().then(function (body) {
          if (res.ok) { location.reload(); } else { out.textContent = body.message || ('Upload failed (' + res.status + ')'); }
        });
      }).catch(function () { out.textContent = 'Upload failed: the server could not be reached.'; });
    });
  });
})();
