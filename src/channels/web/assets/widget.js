// The embed script (GET /widget.js). One tag on another site:
//   <script src="https://<deployment>/widget.js" data-lang="zh" data-color="#b3261e" data-position="right"></script>
// adds a floating button and a chat panel that talk to the deployment's POST /api/chat
// (its address comes from this script's own src; the site must be in WEB_ALLOWED_ORIGINS).
// No dependencies; everything lives in a shadow root so the host page's CSS and ours do not
// mix. Server text is inserted as text, never as HTML.
(function () {
  'use strict';
  var script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  if (!script || window.talentbotWidgetLoaded) return;
  window.talentbotWidgetLoaded = true;

  // The district's titles and default language: the server writes them from the district profile.
  var PROFILE = /* profile */ { widgetTitle: { zh: '', en: '' }, defaultLanguage: 'zh' } /* /profile */;
  // The widget's wording in both languages (locales/<language>/web.json, with the profile's title): the server writes it.
  var UI = /* texts */ { zh: {}, en: {} } /* /texts */;
  // The data- attributes, each checked, with a safe default for anything else.
  var languageAttribute = script.getAttribute('data-lang');
  var language = languageAttribute === 'en' || languageAttribute === 'zh' ? languageAttribute : PROFILE.defaultLanguage;
  var colorAttribute = (script.getAttribute('data-color') || '').trim();
  var color = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(colorAttribute) ? colorAttribute : '#b3261e';
  var side = script.getAttribute('data-position') === 'left' ? 'left' : 'right';
  var endpoint = new window.URL('api/chat', new window.URL('./', script.src)).href;

  // Dark or light text on the chosen colour, whichever reads better (WCAG relative luminance).
  function textColorOn(hex) {
    var h = hex.length === 4 ? hex.replace(/[0-9a-f]/gi, '$&$&') : hex;
    var channels = [1, 3, 5].map(function (i) {
      var c = parseInt(h.substr(i, 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
    return luminance > 0.179 ? '#1d2733' : '#ffffff';
  }
  var ink = textColorOn(color);

  function storage(key, value) {
    try {
      if (value === undefined) return window.localStorage.getItem(key);
      window.localStorage.setItem(key, value);
    } catch { /* storage blocked: the conversation lasts as long as the page */ }
    return value;
  }
  var user = storage('talentbot.widget.user');
  if (!user) user = storage('talentbot.widget.user', 'web-' + (window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2)));

  var CSS =
    ':host{all:initial}' +
    '*{box-sizing:border-box;font:15px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif}' +
    '.launcher{position:fixed;bottom:20px;' + side + ':20px;z-index:2147483000;width:56px;height:56px;border-radius:50%;border:0;cursor:pointer;' +
    'background:' + color + ';color:' + ink + ';box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center}' +
    '.launcher:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}' +
    '.panel{position:fixed;bottom:88px;' + side + ':20px;z-index:2147483001;width:min(380px,calc(100vw - 40px));height:min(560px,calc(100vh - 110px));' +
    'background:#f4f6f8;color:#1d2733;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.3);display:flex;flex-direction:column;overflow:hidden}' +
    '.panel[hidden]{display:none}' +
    'header{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:10px 12px;background:' + color + ';color:' + ink + '}' +
    'h2{margin:0;font-size:16px;font-weight:600}' +
    '.close{background:transparent;color:inherit;border:0;font-size:22px;line-height:1;cursor:pointer;padding:4px 8px;border-radius:4px}' +
    '.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px}' +
    '.message{padding:8px 10px;border-radius:8px;max-width:90%;overflow-wrap:anywhere}' +
    '.user{align-self:flex-end;background:#dbe9ff}' +
    '.bot{align-self:flex-start;background:#fff;border:1px solid #dde3ea}' +
    '.error{color:#b3261e}' +
    'p{margin:0 0 6px}ul{margin:0 0 6px;padding-left:18px}' +
    '.source{font-size:12px;color:#5b6b7c;border-top:1px dashed #dde3ea;margin-top:6px;padding-top:4px}' +
    '.buttons{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}' +
    '.buttons button{border:1px solid ' + color + ';color:#1d2733;background:#fff;border-radius:16px;padding:3px 12px;cursor:pointer;font-size:14px}' +
    '.buttons button:disabled{border-color:#c3ccd6;color:#8a96a3;cursor:default;background:#f4f6f8}.buttons button.used{border-color:#8a96a3;color:#1d2733;font-weight:600}.buttons button.used::before{content:"\\2713  "}' +
    '.typing{display:flex;gap:4px;padding:12px}.dot{width:7px;height:7px;border-radius:50%;background:#8a96a3;animation:tb-typing 1.2s infinite ease-in-out}.dot:nth-of-type(3){animation-delay:.2s}.dot:nth-of-type(4){animation-delay:.4s}' +
    '@keyframes tb-typing{0%,80%,100%{opacity:.3}40%{opacity:1}}@media (prefers-reduced-motion:reduce){.dot{animation:none}}' +
    'form{display:flex;gap:6px;padding:10px;border-top:1px solid #dde3ea;background:#fff}' +
    'input{flex:1;min-width:0;padding:8px 10px;border:1px solid #c3ccd6;border-radius:6px;font-size:16px}' +
    'form button{padding:8px 14px;border:0;border-radius:6px;background:' + color + ';color:' + ink + ';cursor:pointer}' +
    '.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}' +
    '@media (max-width:480px){.panel{inset:0;width:100%;height:100%;border-radius:0}}';

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  var host = element('div', { id: 'talentbot-widget' });
  var root = host.attachShadow({ mode: 'open' });
  var style = element('style');
  style.textContent = CSS;
  var launcher = element('button', { type: 'button', 'class': 'launcher', 'aria-expanded': 'false', 'aria-controls': 'talentbot-panel', 'data-testid': 'talentbot-launcher' });
  launcher.innerHTML = '<svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h2V9zm4 0v2h2V9zm4 0v2h2V9z"/></svg>';
  var panel = element('div', { id: 'talentbot-panel', 'class': 'panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'talentbot-title', 'data-testid': 'talentbot-panel' });
  panel.hidden = true;
  var header = element('header');
  var title = element('h2', { id: 'talentbot-title' });
  var close = element('button', { type: 'button', 'class': 'close', 'data-testid': 'talentbot-close' }, '×');
  header.appendChild(title);
  header.appendChild(close);
  var log = element('div', { 'class': 'log', role: 'log', 'aria-live': 'polite', 'data-testid': 'talentbot-messages' });
  var form = element('form', { autocomplete: 'off' });
  var label = element('label', { 'for': 'talentbot-question', 'class': 'visually-hidden' });
  var input = element('input', { id: 'talentbot-question', maxlength: '2000', 'data-testid': 'talentbot-question' });
  var send = element('button', { type: 'submit', 'data-testid': 'talentbot-send' });
  [label, input, send].forEach(function (n) { form.appendChild(n); });
  [header, log, form].forEach(function (n) { panel.appendChild(n); });
  [style, launcher, panel].forEach(function (n) { root.appendChild(n); });

  function applyLanguage() {
    var t = UI[language];
    panel.setAttribute('lang', t.lang);
    launcher.setAttribute('aria-label', t.open);
    close.setAttribute('aria-label', t.close);
    title.textContent = t.title;
    label.textContent = t.label;
    input.placeholder = t.placeholder;
    send.textContent = t.send;
  }

  // The engine's simple Markdown (paragraphs, "- " bullets, **bold**) as DOM nodes.
  function renderText(container, text) {
    var list = null;
    text.split('\n').forEach(function (line) {
      var bullet = /^\s*[-*]\s+(.*)$/.exec(line);
      if (bullet) {
        if (!list) { list = element('ul'); container.appendChild(list); }
        appendInline(list.appendChild(element('li')), bullet[1]);
        return;
      }
      list = null;
      if (line.trim() !== '') appendInline(container.appendChild(element('p')), line);
    });
  }
  function appendInline(parent, text) {
    text.split(/(\*\*[^*]+\*\*)/).forEach(function (part) {
      if (/^\*\*[^*]+\*\*$/.test(part)) parent.appendChild(element('strong', {}, part.slice(2, -2)));
      else if (part) parent.appendChild(document.createTextNode(part));
    });
  }
  function show(node) {
    log.appendChild(node);
    log.scrollTop = log.scrollHeight;
  }
  function addBotReply(reply) {
    var div = element('div', { 'class': 'message bot', 'data-testid': 'bot-reply' });
    renderText(div, reply.text);
    if (reply.sources && reply.sources.length) {
      var s = reply.sources[0];
      div.appendChild(element('div', { 'class': 'source' }, UI[language].source + '：' + s.title + '（' + s.publisher + '）· ' + UI[language].asOf + ' ' + s.asOf));
    }
    if (reply.buttons && reply.buttons.length) {
      var row = div.appendChild(element('div', { 'class': 'buttons' }));
      reply.buttons.forEach(function (b) {
        var button = row.appendChild(element('button', { type: 'button' }, b.label));
        button.addEventListener('click', function () {
          button.className = 'used';
          button.setAttribute('aria-pressed', 'true');
          // The pressed button is disabled next: the focus goes on to the question field (Esc keeps working).
          input.focus();
          show(element('div', { 'class': 'message user' }, b.label));
          ask({ action: b.action });
        });
      });
    }
    show(div);
  }

  // Once the applicant answers, the buttons shown so far are spent (the pressed one stays marked);
  // three dots show while the answer is on its way.
  function retireButtons() {
    var live = log.querySelectorAll('.buttons button:not(:disabled)');
    for (var i = 0; i < live.length; i++) live[i].disabled = true;
  }
  function showTyping() {
    var div = element('div', { 'class': 'message bot typing', role: 'status', 'data-testid': 'talentbot-typing' });
    div.appendChild(element('span', { 'class': 'visually-hidden' }, UI[language].typing));
    for (var i = 0; i < 3; i++) div.appendChild(element('span', { 'class': 'dot', 'aria-hidden': 'true' }));
    show(div);
    return function () { if (div.parentNode) div.parentNode.removeChild(div); };
  }

  function ask(payload) {
    retireButtons();
    var hideTyping = showTyping();
    if (payload.action && payload.action.indexOf('lang:') === 0) {
      language = payload.action.slice(5) === 'en' ? 'en' : 'zh';
      applyLanguage();
    }
    // The panel does not show earlier messages again, so the server keeps none for it.
    var body = { user: user, lang: language, keepHistory: false };
    if (payload.text !== undefined) body.text = payload.text; else body.action = payload.action;
    return fetch(endpoint, { method: 'POST', mode: 'cors', credentials: 'omit', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) throw new Error(data && data.error ? data.error.message : String(response.status));
          return data;
        });
      })
      .then(function (data) { hideTyping(); data.replies.forEach(addBotReply); })
      .catch(function () { hideTyping(); show(element('div', { 'class': 'message bot error', 'data-testid': 'talentbot-error' }, UI[language].error)); });
  }

  var greeted = false;
  function setOpen(open) {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    if (open) {
      input.focus();
      if (!greeted) { greeted = true; ask({ action: 'menu' }); }
    } else {
      launcher.focus();
    }
  }
  launcher.addEventListener('click', function () { setOpen(panel.hidden); });
  close.addEventListener('click', function () { setOpen(false); });
  // Esc closes the panel wherever the focus is in the widget (the panel or its button).
  root.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !panel.hidden) { event.stopPropagation(); setOpen(false); }
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    show(element('div', { 'class': 'message user' }, text));
    ask({ text: text });
  });

  applyLanguage();
  function mount() { document.body.appendChild(host); }
  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);
})();
