/* global document, window, fetch, FormData, URLSearchParams */
// The console's only script, and it is optional: every form works without it. It adds the
// live preview to the entry form: while the editor types a question (or changes the entry),
// the form is posted to /admin/content/preview and the server's answer preview — markup the
// server built with everything escaped — replaces the preview box.
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
