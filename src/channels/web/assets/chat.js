// The web chat page: sends questions to POST /api/chat and shows the replies with their
// sources, buttons and 👍 / 👎 (POST /api/feedback), and three dots while an answer is on
// its way; once the applicant answers, earlier buttons are disabled and the pressed one stays
// marked. On opening, shows the recent conversation again (GET /api/history), its old buttons
// disabled and the pressed ones marked. No framework, no build step. All text from the server is inserted as text (never
// as HTML), with **bold** and "- " lists rendered from that text.
(function () {
  'use strict';
  // The district's titles and default language: the server writes them from the district profile.
  var PROFILE = /* profile */ { pageTitle: { zh: '', en: '' }, example: { zh: '', en: '' }, defaultLanguage: 'zh' } /* /profile */;
  // The page's wording in both languages (locales/<language>/web.json, with the profile's title and example): the server writes it.
  var UI = /* texts */ { zh: { feedback: {} }, en: { feedback: {} } } /* /texts */;
  var storedLanguage = localStorage.getItem('talentbot.lang');
  var language = storedLanguage === 'en' || storedLanguage === 'zh' ? storedLanguage : PROFILE.defaultLanguage;
  var user = localStorage.getItem('talentbot.user');
  if (!user) {
    user = 'web-' + (window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));
    localStorage.setItem('talentbot.user', user);
  }
  var messages = document.getElementById('messages');
  var form = document.getElementById('composer');
  var input = document.getElementById('question');

  function applyLanguage() {
    var t = UI[language];
    document.documentElement.lang = t.lang;
    document.title = t.title;
    document.getElementById('title').textContent = t.title;
    document.getElementById('language-switch').textContent = t.switchTo;
    document.getElementById('send').textContent = t.send;
    document.getElementById('question-label').textContent = t.label;
    document.getElementById('notice').textContent = t.notice;
    input.placeholder = t.placeholder;
  }

  // Renders the engine's simple Markdown (paragraphs, "- " bullets, **bold**) as DOM nodes.
  function renderText(container, text) {
    var list = null;
    text.split('\n').forEach(function (line) {
      var bullet = /^\s*[-*]\s+(.*)$/.exec(line);
      if (bullet) {
        if (!list) { list = document.createElement('ul'); container.appendChild(list); }
        var li = document.createElement('li');
        appendInline(li, bullet[1]);
        list.appendChild(li);
        return;
      }
      list = null;
      if (line.trim() === '') return;
      var p = document.createElement('p');
      appendInline(p, line);
      container.appendChild(p);
    });
  }
  function appendInline(parent, text) {
    text.split(/(\*\*[^*]+\*\*)/).forEach(function (part) {
      if (/^\*\*[^*]+\*\*$/.test(part)) {
        var b = document.createElement('strong');
        b.textContent = part.slice(2, -2);
        parent.appendChild(b);
      } else if (part) {
        parent.appendChild(document.createTextNode(part));
      }
    });
  }

  function addUserMessage(text) {
    var div = document.createElement('div');
    div.className = 'message user';
    div.textContent = text;
    messages.appendChild(div);
    messages.scrollTop = messages.scrollHeight;
  }

  // `pressed` is given for a reply restored from the history: its buttons are shown used, not pressable.
  function addBotReply(reply, fallback, pressed) {
    var restored = Array.isArray(pressed);
    var div = document.createElement('div');
    div.className = 'message bot' + (fallback ? ' fallback' : '') + (restored ? ' restored' : '');
    div.setAttribute('data-testid', 'bot-reply');
    renderText(div, reply.text);
    if (reply.sources && reply.sources.length) {
      var s = reply.sources[0];
      var src = document.createElement('div');
      src.className = 'source';
      src.setAttribute('data-testid', 'source');
      src.textContent = UI[language].source + '：' + s.title + '（' + s.publisher + '）· ' + UI[language].asOf + ' ' + s.asOf;
      div.appendChild(src);
    }
    if (reply.buttons && reply.buttons.length) {
      var row = document.createElement('div');
      row.className = 'buttons';
      reply.buttons.forEach(function (b) {
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = b.label;
        if (restored) {
          button.disabled = true;
          if (pressed.indexOf(b.action) >= 0) { button.className = 'used'; button.setAttribute('aria-pressed', 'true'); }
        } else {
          button.addEventListener('click', function () {
            button.className = 'used';
            button.setAttribute('aria-pressed', 'true');
            // The pressed button is disabled next: the focus goes on to the question field.
            input.focus();
            addUserMessage(b.label);
            send({ action: b.action });
          });
        }
        row.appendChild(button);
      });
      div.appendChild(row);
    }
    if (reply.feedback) div.appendChild(feedbackRow(reply.feedback.entryId, restored));
    messages.appendChild(div);
    messages.scrollTop = messages.scrollHeight;
  }

  // 👍 / 👎 under a sourced answer: POST /api/feedback once, then both are disabled and the choice marked.
  function feedbackRow(entryId, restored) {
    var t = UI[language].feedback;
    var row = document.createElement('div');
    row.className = 'feedback';
    var buttons = [['up', '👍', t.helpful], ['down', '👎', t.notHelpful]].map(function (spec) {
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = spec[1];
      button.title = spec[2];
      button.setAttribute('aria-label', spec[2]);
      button.setAttribute('data-testid', 'feedback-' + spec[0]);
      button.disabled = restored;
      button.addEventListener('click', function () {
        buttons.forEach(function (b) { b.disabled = true; });
        button.className = 'used';
        button.setAttribute('aria-pressed', 'true');
        fetch('/api/feedback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: user, entryId: entryId, rating: spec[0] }) })
          .then(function (response) {
            if (!response.ok) throw new Error(String(response.status));
            var thanks = document.createElement('div');
            thanks.className = 'feedback-thanks';
            thanks.setAttribute('data-testid', 'feedback-thanks');
            thanks.textContent = t.thanks;
            row.appendChild(thanks);
          })
          .catch(function () {
            // Not recorded (offline, busy): the applicant may try again.
            buttons.forEach(function (b) { b.disabled = false; });
            button.className = '';
            button.removeAttribute('aria-pressed');
          });
      });
      row.appendChild(button);
      return button;
    });
    return row;
  }

  // Once the applicant answers (types or presses), the buttons shown so far are spent: disabled, the pressed one stays marked.
  function retireButtons() {
    var live = messages.querySelectorAll('.buttons button:not(:disabled)');
    for (var i = 0; i < live.length; i++) live[i].disabled = true;
  }

  // "Replying…" with three dots while an answer is on its way; announced once, removed when it arrives.
  function showTyping() {
    var div = document.createElement('div');
    div.className = 'message typing';
    div.setAttribute('data-testid', 'typing');
    div.setAttribute('role', 'status');
    var label = document.createElement('span');
    label.className = 'visually-hidden';
    label.textContent = UI[language].typing;
    div.appendChild(label);
    for (var i = 0; i < 3; i++) {
      var dot = document.createElement('span');
      dot.className = 'dot';
      dot.setAttribute('aria-hidden', 'true');
      div.appendChild(dot);
    }
    messages.appendChild(div);
    messages.scrollTop = messages.scrollHeight;
    return function () { if (div.parentNode) div.parentNode.removeChild(div); };
  }

  function send(payload) {
    retireButtons();
    var hideTyping = showTyping();
    var body = { user: user, lang: language };
    if (payload.text !== undefined) body.text = payload.text; else body.action = payload.action;
    if (payload.action && payload.action.indexOf('lang:') === 0) {
      language = payload.action.slice(5) === 'en' ? 'en' : 'zh';
      localStorage.setItem('talentbot.lang', language);
      applyLanguage();
      body.lang = language;
    }
    return fetch('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) throw new Error(data && data.error ? data.error.message : String(response.status));
          return data;
        });
      })
      .then(function (data) {
        hideTyping();
        data.replies.forEach(function (reply) { addBotReply(reply, data.fallback); });
      })
      .catch(function () {
        hideTyping();
        var div = document.createElement('div');
        div.className = 'message bot error';
        div.textContent = UI[language].error;
        messages.appendChild(div);
      });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    addUserMessage(text);
    send({ text: text });
  });
  document.getElementById('language-switch').addEventListener('click', function () {
    send({ action: language === 'zh' ? 'lang:en' : 'lang:zh' });
  });

  // Shows the recent conversation again; resolves true when there was one.
  function restoreHistory() {
    return fetch('/api/history', { headers: { 'x-chat-user': user } })
      .then(function (response) { return response.ok ? response.json() : { messages: [] }; })
      .then(function (data) {
        data.messages.forEach(function (m) {
          if (m.role === 'user') addUserMessage(m.text); else addBotReply(m.reply, m.fallback, m.pressed);
        });
        return data.messages.length > 0;
      })
      .catch(function () { return false; });
  }

  applyLanguage();
  restoreHistory().then(function (restored) {
    if (!restored) send({ action: 'menu' });
  });
})();
