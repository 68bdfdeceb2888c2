/* global document, window, fetch, FormData, URLSearchParams */
// The console's only script, and it is optional: every form works without it. It adds the
// live preview to the entry form: while the editor types a question (or changes the entry),
// the form is posted to /admin/content/preview and the server's answer preview — markup the
// server built with everything escaped — replaces the preview box. In the partner portal it keeps
// the reply deadlines' countdowns current (the server wrote them as of the page's loading).
(function () {
  var countdowns = document.querySelectorAll('[data-testid="portal-countdown"][data-due]');
  if (countdowns.length === 0) return;
  var loadedAt = Date.now();
  function tick() {
    for (var i = 0; i < countdowns.length; i++) {
      var node = countdowns[i];
      var now = Number(node.getAttribute('data-now')) + (Date.now() - loadedAt);
      var minutes = Math.round((Number(node.getAttribute('data-due')) - now) / 60000);
      var m = Math.abs(minutes);
      var template = node.getAttribute(minutes >= 0 ? (m >= 60 ? 'data-left-hours' : 'data-left-minutes') : m >= 60 ? 'data-overdue-hours' : 'data-overdue-minutes') || '';
      node.textContent = template.replace('{h}', String(Math.floor(m / 60))).replace('{m}', String(m >= 60 ? m % 60 : m));
      if (node.parentNode && minutes < 0) node.parentNode.classList.add('overdue');
    }
  }
  window.setInterval(tick, 30000);
})();

(function () {
  var form = document.querySelector('form[data-preview-url]');
  if (!form) return;
  var box = document.getElementById('preview');
  var question = form.querySelector('[name="previewQuestion"]');
  if (!box || !question) return;
  var timer = null;
  var sequence = 0;

  function refresh() {
    if (!question.value.trim()) return;
    var mine = ++sequence;
    var body = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (typeof value === 'string') body.append(key, value);
    });
    fetch(form.getAttribute('data-preview-url'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString()
    })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(new Error(String(response.status))); })
      .then(function (markup) { if (mine === sequence) box.innerHTML = markup; })
      .catch(function () { /* the preview button still works without the script */ });
  }

  function later() {
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  }

  form.addEventListener('input', later);
  var button = form.querySelector('[data-testid="preview-button"]');
  if (button) {
    button.addEventListener('click', function (event) {
      event.preventDefault();
      refresh();
    });
  }
})();
