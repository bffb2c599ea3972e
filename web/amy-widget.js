/*!
 * Ask Amy chat widget — dependency-free embeddable client for the Ask Amy Rasa bot.
 *
 * Embed with one tag (see web/README.md):
 *   <script src="https://bot.example.com/web/amy-widget.js"
 *           data-server="https://bot.example.com"
 *           data-title="Ask Amy"
 *           data-greeting="Hi! Waiting to hear back after an interview? Ask me."
 *           defer></script>
 *
 * Transport: Rasa REST channel, POST {server}/webhooks/rest/webhook
 *   request  {"sender": sessionId, "message": text}
 *   response [{"recipient_id": ..., "text"?: ..., "buttons"?: [...], "custom"?: ...}, ...]
 *
 * Security: every piece of user and bot text is inserted with textContent / text nodes,
 * never innerHTML. Links are built with createElement and only for http(s) URLs.
 *
 * Plain ES2017, no build step, no dependencies.
 */
(function (global) {
  'use strict';

  var VERSION = '1.0.0';
  var KEY_SESSION = 'askamy.session';
  var KEY_TRANSCRIPT = 'askamy.transcript';
  var KEY_OPEN = 'askamy.open';
  var MAX_TRANSCRIPT = 200;
  var DEFAULT_TIMEOUT_MS = 15000;
  var ERROR_TEXT = "Can't reach the Ask Amy server right now.";
  var DEFAULTS = {
    server: '',
    title: 'Ask Amy',
    greeting: 'Hi! Waiting to hear back after an interview? Ask me.',
    timeout: DEFAULT_TIMEOUT_MS,
    stylesheet: '',
    color: ''
  };

  // ---------------------------------------------------------------------------
  // Pure helpers (no DOM). Exported for unit tests under Node (see bottom).
  // ---------------------------------------------------------------------------

  /** Strip trailing slashes so `${server}/webhooks/...` never doubles them. */
  function normalizeServer(server) {
    return String(server || '').trim().replace(/\/+$/, '');
  }

  function webhookUrl(server) {
    return normalizeServer(server) + '/webhooks/rest/webhook';
  }

  /** Parse a timeout in ms; fall back to the default for junk values. */
  function parseTimeout(value) {
    var n = Number(value);
    if (!isFinite(n) || n <= 0) return DEFAULT_TIMEOUT_MS;
    return Math.round(n);
  }

  /** True only for absolute http: / https: URLs. */
  function isHttpUrl(s) {
    if (typeof s !== 'string' || !/^https?:\/\//i.test(s)) return false;
    try {
      var u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch (e) {
      return false;
    }
  }

  var TRAILING_PUNCT = /[.,;:!?'"\u2019\u201d*_]$/;

  /** Drop trailing punctuation that is almost certainly not part of a URL. */
  function trimUrl(url) {
    for (;;) {
      if (TRAILING_PUNCT.test(url)) { url = url.slice(0, -1); continue; }
      var last = url.charAt(url.length - 1);
      var pairs = { ')': '(', ']': '[', '}': '{' };
      if (pairs[last]) {
        var open = url.split(pairs[last]).length - 1;
        var close = url.split(last).length - 1;
        if (close > open) { url = url.slice(0, -1); continue; }
      }
      return url;
    }
  }

  /**
   * Split text into parts: {type:'text', text} and {type:'link', text, href}.
   * Recognises bare http(s) URLs and Markdown links [label](http(s)://...).
   * Anything else (javascript:, data:, ...) stays plain text.
   */
  function linkify(text) {
    text = String(text == null ? '' : text);
    var parts = [];
    var re = /\[([^\]\n]{1,300})\]\((https?:\/\/[^\s()<>]+(?:\([^\s()<>]*\))?[^\s()<>]*)\)|\bhttps?:\/\/[^\s<>"'`]+/gi;
    var last = 0;
    var m;
    function pushText(t) {
      if (!t) return;
      var prev = parts[parts.length - 1];
      if (prev && prev.type === 'text') prev.text += t;
      else parts.push({ type: 'text', text: t });
    }
    while ((m = re.exec(text)) !== null) {
      var start = m.index;
      var whole = m[0];
      var label;
      var href;
      var consumed;
      if (m[1] !== undefined) {
        label = m[1];
        href = m[2];
        consumed = whole.length;
      } else {
        href = trimUrl(whole);
        label = href;
        consumed = href.length;
      }
      if (!href || !isHttpUrl(href)) {
        pushText(text.slice(last, start + consumed));
        last = start + consumed;
        re.lastIndex = last;
        continue;
      }
      pushText(text.slice(last, start));
      parts.push({ type: 'link', text: label, href: href });
      last = start + consumed;
      re.lastIndex = last;
    }
    pushText(text.slice(last));
    return parts;
  }

  /** True when any line of the message starts with "Subject:" (an email draft). */
  function isEmailDraft(text) {
    return /^[ \t]*Subject:/m.test(String(text || ''));
  }

  /** The part of an email-draft message to copy: from the Subject: line to the end. */
  function draftText(text) {
    text = String(text || '');
    var m = /^[ \t]*Subject:/m.exec(text);
    return (m ? text.slice(m.index) : text).replace(/^[ \t]+/, '').replace(/\s+$/, '');
  }

  /**
   * Split an email draft into its subject and body: the text after "Subject:" on that line,
   * and everything after that line with the blank lines that open it removed.
   */
  function draftParts(text) {
    var draft = draftText(text);
    var m = /^Subject:[ \t]*([^\n]*)\n?/.exec(draft);
    if (!m) return { subject: '', body: draft };
    return { subject: m[1].replace(/\s+$/, ''), body: draft.slice(m[0].length).replace(/^\s*\n/, '') };
  }

  /** Percent-encode one mailto: header value (RFC 6068): UTF-8, every line break as %0D%0A. */
  function mailtoEncode(value) {
    return encodeURIComponent(String(value).replace(/\r\n?|\n/g, '\r\n'));
  }

  /** A `mailto:` URL (no recipient) with the draft's subject and body filled in. */
  function mailtoLink(text) {
    var parts = draftParts(text);
    var fields = [];
    if (parts.subject) fields.push('subject=' + mailtoEncode(parts.subject));
    if (parts.body) fields.push('body=' + mailtoEncode(parts.body));
    return 'mailto:' + (fields.length ? '?' + fields.join('&') : '');
  }

  /**
   * The index of the chosen button of a transcript entry, or null: `value` must be a whole
   * number that points at one of the entry's buttons.
   */
  function chosenIndex(entry, value) {
    var count = entry && Array.isArray(entry.buttons) ? entry.buttons.length : 0;
    if (typeof value !== 'number' || value % 1 !== 0 || value < 0 || value >= count) return null;
    return value;
  }

  /**
   * Record that button `index` of `entry` was chosen. Returns false (and changes nothing)
   * when the entry already has a choice or `index` is not one of its buttons: a row of
   * quick replies can be answered once.
   */
  function chooseButton(entry, index) {
    if (!entry || chosenIndex(entry, entry.chosen) !== null) return false;
    if (chosenIndex(entry, index) === null) return false;
    entry.chosen = index;
    return true;
  }

  /** Keep only the last `max` transcript entries. */
  function capTranscript(list, max) {
    max = max || MAX_TRANSCRIPT;
    if (!Array.isArray(list)) return [];
    return list.length > max ? list.slice(list.length - max) : list.slice();
  }

  /** Validate a transcript loaded from storage; drops malformed entries. */
  function sanitizeTranscript(list) {
    if (!Array.isArray(list)) return [];
    var out = [];
    for (var i = 0; i < list.length; i++) {
      var e = list[i];
      if (!e || (e.who !== 'user' && e.who !== 'bot') || typeof e.text !== 'string') continue;
      var clean = { who: e.who, text: e.text };
      if (e.greeting) clean.greeting = true;
      if (e.draft) clean.draft = true;
      if (Array.isArray(e.buttons)) {
        clean.buttons = e.buttons.filter(function (b) {
          return b && typeof b.title === 'string';
        }).map(function (b) {
          return { title: b.title, payload: typeof b.payload === 'string' ? b.payload : b.title };
        });
        var chosen = chosenIndex(clean, e.chosen);
        if (chosen !== null) clean.chosen = chosen;
      }
      out.push(clean);
    }
    return capTranscript(out);
  }

  /**
   * Convert a Rasa REST reply array into transcript entries.
   * Handles text, text+buttons and image (shown as a link). Custom payloads are ignored
   * unless they carry a plain `text` string; `{"custom": {"type": "email_draft", "text": ...}}`
   * is shown as an email draft with a Copy button. (Rasa's REST channel splits plain `text`
   * on blank lines into separate messages, but never splits custom payloads, so bots should
   * send multi-paragraph drafts as custom payloads.)
   */
  function repliesToEntries(replies) {
    var out = [];
    if (!Array.isArray(replies)) return out;
    for (var i = 0; i < replies.length; i++) {
      var r = replies[i];
      if (!r || typeof r !== 'object') continue;
      var text = typeof r.text === 'string' ? r.text : '';
      var draft = false;
      if (!text && r.custom && typeof r.custom === 'object' && typeof r.custom.text === 'string') {
        text = r.custom.text;
        draft = r.custom.type === 'email_draft';
      }
      if (!text && typeof r.image === 'string' && isHttpUrl(r.image)) {
        text = r.image;
      }
      var buttons = [];
      if (Array.isArray(r.buttons)) {
        for (var j = 0; j < r.buttons.length; j++) {
          var b = r.buttons[j];
          if (b && typeof b.title === 'string' && b.title) {
            buttons.push({ title: b.title, payload: typeof b.payload === 'string' && b.payload ? b.payload : b.title });
          }
        }
      }
      if (!text && !buttons.length) continue;
      var entry = { who: 'bot', text: text };
      if (draft) entry.draft = true;
      if (buttons.length) entry.buttons = buttons;
      out.push(entry);
    }
    return mergeSplitDrafts(out);
  }

  /**
   * Undo Rasa's REST-channel paragraph split for email drafts.
   *
   * Rasa's CollectingOutputChannel splits every text response on blank lines, so a draft
   * "Subject: ...\n\nHi Priya,\n\n...\n\nBest regards,\nSam" arrives as separate messages.
   * When a text-only message is a single "Subject:" line, it is merged (joined with "\n\n",
   * which restores the original text exactly) with the following text-only messages up to and
   * including the first one that spans several lines (the sign-off, e.g. "Best regards,\nSam").
   * If no such sign-off follows in the same reply, nothing is merged.
   */
  function mergeSplitDrafts(entries) {
    var out = [];
    var i = 0;
    function plain(e) { return e && e.who === 'bot' && !e.buttons && !e.greeting; }
    while (i < entries.length) {
      var e = entries[i];
      if (plain(e) && /^[ \t]*Subject:[^\n]*$/.test(e.text)) {
        var end = -1;
        for (var j = i + 1; j < entries.length && plain(entries[j]); j++) {
          if (/^[ \t]*Subject:/m.test(entries[j].text)) break;
          if (entries[j].text.indexOf('\n') !== -1) { end = j; break; }
        }
        if (end !== -1) {
          var texts = [];
          for (var k = i; k <= end; k++) texts.push(entries[k].text);
          out.push({ who: 'bot', text: texts.join('\n\n'), draft: true });
          i = end + 1;
          continue;
        }
      }
      out.push(e);
      i++;
    }
    return out;
  }

  /** 128-bit random hex session id from a getRandomValues-compatible source. */
  function makeSessionId(cryptoObj) {
    var bytes = new Uint8Array(16);
    cryptoObj.getRandomValues(bytes);
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return 'amy-' + s;
  }

  /** Merge config: defaults < data-* attributes < window.AskAmyConfig. */
  function mergeConfig(dataset, globalConfig) {
    var cfg = {};
    var k;
    for (k in DEFAULTS) cfg[k] = DEFAULTS[k];
    var sources = [dataset || {}, globalConfig || {}];
    for (var i = 0; i < sources.length; i++) {
      var src = sources[i];
      for (k in DEFAULTS) {
        if (src[k] !== undefined && src[k] !== null && src[k] !== '') cfg[k] = src[k];
      }
    }
    cfg.server = normalizeServer(cfg.server);
    cfg.timeout = parseTimeout(cfg.timeout);
    cfg.title = String(cfg.title);
    cfg.greeting = String(cfg.greeting);
    return cfg;
  }

  var pure = {
    VERSION: VERSION,
    ERROR_TEXT: ERROR_TEXT,
    MAX_TRANSCRIPT: MAX_TRANSCRIPT,
    normalizeServer: normalizeServer,
    webhookUrl: webhookUrl,
    forgetUrl: forgetUrl,
    parseTimeout: parseTimeout,
    isHttpUrl: isHttpUrl,
    trimUrl: trimUrl,
    linkify: linkify,
    isEmailDraft: isEmailDraft,
    draftText: draftText,
    draftParts: draftParts,
    mailtoLink: mailtoLink,
    chosenIndex: chosenIndex,
    chooseButton: chooseButton,
    capTranscript: capTranscript,
    sanitizeTranscript: sanitizeTranscript,
    repliesToEntries: repliesToEntries,
    mergeSplitDrafts: mergeSplitDrafts,
    makeSessionId: makeSessionId,
    mergeConfig: mergeConfig
  };

  // Under Node (unit tests): export the pure helpers and stop here.
  if (typeof module !== 'undefined' && module.exports && typeof document === 'undefined') {
    module.exports = pure;
    return;
  }
  if (typeof document === 'undefined') return;
  if (global.AskAmy && global.AskAmy.__loaded) return; // embedded twice: keep the first one

  // ---------------------------------------------------------------------------
  // Browser part
  // ---------------------------------------------------------------------------

  var scriptEl = document.currentScript || (function () {
    var all = document.getElementsByTagName('script');
    for (var i = all.length - 1; i >= 0; i--) {
      if (/amy-widget(\.min)?\.js(\?|#|$)/.test(all[i].src || '')) return all[i];
    }
    return null;
  })();

  // --- storage (falls back to memory when localStorage is blocked) ---
  var memoryStore = {};
  var store = {
    get: function (k) {
      try { return global.localStorage.getItem(k); } catch (e) { return memoryStore.hasOwnProperty(k) ? memoryStore[k] : null; }
    },
    set: function (k, v) {
      try { global.localStorage.setItem(k, v); } catch (e) { memoryStore[k] = String(v); }
    },
    remove: function (k) {
      try { global.localStorage.removeItem(k); } catch (e) { /* ignore */ }
      delete memoryStore[k];
    }
  };

  function randomSessionId() {
    var c = global.crypto || global.msCrypto;
    // The id is the only key to the conversation (it can delete it): never a guessable one.
    if (!c || !c.getRandomValues) throw new Error('Ask Amy needs a browser with crypto.getRandomValues');
    return makeSessionId(c);
  }

  function loadSession() {
    var id = store.get(KEY_SESSION);
    if (!id || !/^[A-Za-z0-9_-]{8,80}$/.test(id)) {
      id = randomSessionId();
      store.set(KEY_SESSION, id);
    }
    return id;
  }

  function loadTranscript() {
    var raw = store.get(KEY_TRANSCRIPT);
    if (!raw) return [];
    try { return sanitizeTranscript(JSON.parse(raw)); } catch (e) { return []; }
  }

  function saveTranscript(list) {
    store.set(KEY_TRANSCRIPT, JSON.stringify(capTranscript(list)));
  }

  // --- DOM helpers ---
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (!attrs.hasOwnProperty(k)) continue;
        var v = attrs[k];
        if (v === null || v === undefined || v === false) continue;
        if (k === 'className') node.className = v;
        else if (k === 'text') node.textContent = v;
        else node.setAttribute(k, v === true ? '' : String(v));
      }
    }
    if (children) {
      for (var i = 0; i < children.length; i++) {
        if (children[i]) node.appendChild(children[i]);
      }
    }
    return node;
  }

  /** Fill `node` with text + safe <a> elements. Never uses innerHTML. */
  function renderRichText(node, text) {
    var parts = linkify(text);
    for (var i = 0; i < parts.length; i++) {
      var p = parts[i];
      if (p.type === 'link') {
        var a = document.createElement('a');
        a.href = p.href;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        a.className = 'askamy-link';
        a.textContent = p.text;
        node.appendChild(a);
      } else {
        node.appendChild(document.createTextNode(p.text));
      }
    }
  }

  function copyToClipboard(text) {
    if (global.navigator && navigator.clipboard && navigator.clipboard.writeText && global.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var ta = document.createElement('textarea');
      ta.value = text;
      ta.setAttribute('readonly', '');
      ta.style.position = 'fixed';
      ta.style.top = '-1000px';
      ta.style.opacity = '0';
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      document.body.removeChild(ta);
      if (ok) resolve(); else reject(new Error('copy failed'));
    });
  }

  function deriveStylesheetUrl(cfg) {
    if (cfg.stylesheet) return cfg.stylesheet;
    var base = (scriptEl && scriptEl.src) || '';
    if (!base) return '';
    try { return new URL('amy-widget.css', base).href; } catch (e) { return ''; }
  }

  function ensureStylesheet(href) {
    if (!href) return;
    var links = document.querySelectorAll('link[data-askamy-css]');
    if (links.length) return;
    var link = el('link', { rel: 'stylesheet', href: href, 'data-askamy-css': '' });
    (document.head || document.documentElement).appendChild(link);
  }

  // ---------------------------------------------------------------------------
  // Widget
  // ---------------------------------------------------------------------------

  function Widget(cfg) {
    this.cfg = cfg;
    this.sessionId = loadSession();
    this.transcript = loadTranscript();
    this.queue = [];          // texts waiting to be sent, in order
    this.busy = false;        // a request is in flight
    this.generation = 0;      // bumped on reset so stale replies are dropped
    this.controller = null;   // AbortController of the in-flight request
    this.isOpen = false;
  }

  Widget.prototype.build = function () {
    var cfg = this.cfg;
    var self = this;

    this.root = el('div', { id: 'askamy-root', className: 'askamy-root', 'data-askamy-version': VERSION });
    if (cfg.color) this.root.style.setProperty('--askamy-accent', String(cfg.color));

    // Launcher
    this.launcher = el('button', {
      type: 'button',
      id: 'askamy-launcher',
      className: 'askamy-launcher',
      'aria-label': 'Chat with ' + cfg.title,
      'aria-expanded': 'false',
      'aria-controls': 'askamy-panel'
    });
    var bubble = el('span', { className: 'askamy-launcher-icon', 'aria-hidden': 'true' });
    bubble.appendChild(svgChatIcon());
    this.launcher.appendChild(bubble);
    this.launcher.appendChild(el('span', { className: 'askamy-launcher-label', 'aria-hidden': 'true', text: cfg.title }));

    // Panel
    this.panel = el('div', {
      id: 'askamy-panel',
      className: 'askamy-panel',
      role: 'dialog',
      'aria-modal': 'false',
      'aria-labelledby': 'askamy-title',
      hidden: true
    });

    var title = el('h2', { id: 'askamy-title', className: 'askamy-title', text: cfg.title });
    this.newBtn = el('button', {
      type: 'button', id: 'askamy-new', className: 'askamy-new',
      'aria-label': 'Start a new conversation', text: 'New conversation'
    });
    this.closeBtn = el('button', {
      type: 'button', id: 'askamy-close', className: 'askamy-close',
      'aria-label': 'Close chat'
    });
    this.closeBtn.appendChild(el('span', { 'aria-hidden': 'true', text: '\u00d7' }));
    var header = el('div', { className: 'askamy-header' }, [
      title,
      el('div', { className: 'askamy-header-actions' }, [this.newBtn, this.closeBtn])
    ]);

    this.scroller = el('div', { className: 'askamy-scroller' });
    this.log = el('div', {
      id: 'askamy-messages',
      className: 'askamy-messages',
      role: 'log',
      'aria-live': 'polite',
      'aria-relevant': 'additions',
      'aria-label': 'Conversation with ' + cfg.title,
      tabindex: '0'
    });
    this.typing = el('div', {
      id: 'askamy-typing',
      className: 'askamy-typing',
      role: 'status',
      'aria-label': 'Amy is typing',
      hidden: true
    }, [
      el('span', { className: 'askamy-sr', text: 'Amy is typing' }),
      el('span', { className: 'askamy-dot', 'aria-hidden': 'true' }),
      el('span', { className: 'askamy-dot', 'aria-hidden': 'true' }),
      el('span', { className: 'askamy-dot', 'aria-hidden': 'true' })
    ]);
    this.scroller.appendChild(this.log);
    this.scroller.appendChild(this.typing);

    this.input = el('textarea', {
      id: 'askamy-input',
      className: 'askamy-input',
      rows: '1',
      maxlength: '2000',
      'aria-label': 'Type your question',
      placeholder: 'Ask about following up\u2026',
      autocomplete: 'off'
    });
    this.sendBtn = el('button', {
      type: 'submit', id: 'askamy-send', className: 'askamy-send',
      'aria-label': 'Send message'
    });
    this.sendBtn.appendChild(el('span', { className: 'askamy-send-label', text: 'Send' }));
    this.form = el('form', { className: 'askamy-form', id: 'askamy-form', novalidate: true }, [
      this.input, this.sendBtn
    ]);
    var hint = el('p', { className: 'askamy-hint', id: 'askamy-hint', text: 'Enter to send \u00b7 Shift+Enter for a new line' });
    this.input.setAttribute('aria-describedby', 'askamy-hint');

    this.panel.appendChild(header);
    this.panel.appendChild(this.scroller);
    this.panel.appendChild(this.form);
    this.panel.appendChild(hint);

    this.root.appendChild(this.panel);
    this.root.appendChild(this.launcher);
    document.body.appendChild(this.root);

    // Events
    this.launcher.addEventListener('click', function () { self.toggle(); });
    this.closeBtn.addEventListener('click', function () { self.close(true); });
    this.newBtn.addEventListener('click', function () { self.reset(); });
    this.form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      self.submitInput();
    });
    this.input.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing && ev.keyCode !== 229) {
        ev.preventDefault();
        self.submitInput();
      }
    });
    this.input.addEventListener('input', function () { self.autosize(); });
    this.root.addEventListener('keydown', function (ev) {
      if ((ev.key === 'Escape' || ev.key === 'Esc') && self.isOpen) {
        ev.preventDefault();
        ev.stopPropagation();
        self.close(true);
      }
    });
    global.addEventListener('storage', function (ev) { self.onStorage(ev); });
  };

  function svgChatIcon() {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '24');
    svg.setAttribute('height', '24');
    svg.setAttribute('focusable', 'false');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('fill', 'currentColor');
    path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z');
    svg.appendChild(path);
    return svg;
  }

  Widget.prototype.autosize = function () {
    var ta = this.input;
    ta.style.height = 'auto';
    var max = 140;
    ta.style.height = Math.min(ta.scrollHeight, max) + 'px';
    ta.style.overflowY = ta.scrollHeight > max ? 'auto' : 'hidden';
  };

  Widget.prototype.scrollToBottom = function () {
    var s = this.scroller;
    s.scrollTop = s.scrollHeight;
  };

  /** Render one transcript entry into the log. */
  Widget.prototype.renderEntry = function (entry) {
    var isBot = entry.who === 'bot';
    var cls = 'askamy-msg ' + (isBot ? 'askamy-msg--bot' : 'askamy-msg--user');
    if (entry.greeting) cls += ' askamy-msg--greeting';
    var msg = el('div', { className: cls, 'data-sender': entry.who });
    msg.appendChild(el('span', { className: 'askamy-sr', text: isBot ? 'Amy said: ' : 'You said: ' }));
    var body = el('div', { className: 'askamy-msg-text' });
    if (isBot) renderRichText(body, entry.text);
    else body.textContent = entry.text;
    msg.appendChild(body);

    if (isBot && (entry.draft || isEmailDraft(entry.text))) {
      msg.className += ' askamy-msg--draft';
      msg.appendChild(this.renderDraftActions(entry));
    }
    if (isBot && entry.buttons && entry.buttons.length) {
      msg.appendChild(this.renderQuickReplies(entry));
    }
    this.log.appendChild(msg);
    return msg;
  };

  /** The actions under an email draft: Copy, and a mailto: link that opens the person's email app. */
  Widget.prototype.renderDraftActions = function (entry) {
    var self = this;
    var copyBtn = el('button', {
      type: 'button', className: 'askamy-copy', 'aria-label': 'Copy email draft', text: 'Copy'
    });
    copyBtn.addEventListener('click', function () {
      copyToClipboard(draftText(entry.text)).then(function () {
        copyBtn.textContent = 'Copied';
        copyBtn.setAttribute('data-copied', 'true');
        self.announce('Email draft copied to the clipboard.');
      }, function () {
        copyBtn.textContent = 'Copy failed';
      }).then(function () {
        setTimeout(function () {
          copyBtn.textContent = 'Copy';
          copyBtn.removeAttribute('data-copied');
        }, 2000);
      });
    });
    var mailto = el('a', { className: 'askamy-mailto', href: mailtoLink(entry.text), text: 'Open in my email app' });
    return el('div', { className: 'askamy-msg-actions' }, [copyBtn, mailto]);
  };

  /**
   * A bot message's quick replies: a labelled group of real buttons. Choosing one shows its
   * title as the person's message, sends its payload, and disables the whole row; the choice
   * is kept in the transcript, so the row stays answered after a reload.
   */
  Widget.prototype.renderQuickReplies = function (entry) {
    var self = this;
    var row = el('div', { className: 'askamy-quick-replies', role: 'group', 'aria-label': 'Reply options' });
    var buttons = entry.buttons.map(function (b, index) {
      var qb = el('button', { type: 'button', className: 'askamy-quick-reply', text: b.title });
      qb.addEventListener('click', function () {
        if (!chooseButton(entry, index)) return;
        var hadFocus = document.activeElement === qb;
        markRowChosen(row, buttons, index);
        saveTranscript(self.transcript);
        self.send(b.title, b.payload);
        if (hadFocus) self.input.focus();
      });
      row.appendChild(qb);
      return qb;
    });
    var chosen = chosenIndex(entry, entry.chosen);
    if (chosen !== null) markRowChosen(row, buttons, chosen);
    return row;
  };

  /** Disable every button of an answered row and mark the one that was chosen. */
  function markRowChosen(row, buttons, index) {
    row.setAttribute('data-answered', 'true');
    buttons.forEach(function (qb, i) {
      qb.disabled = true;
      if (i === index) qb.setAttribute('data-chosen', 'true');
    });
  }

  Widget.prototype.renderAll = function () {
    while (this.log.firstChild) this.log.removeChild(this.log.firstChild);
    for (var i = 0; i < this.transcript.length; i++) this.renderEntry(this.transcript[i]);
    this.scrollToBottom();
  };

  Widget.prototype.addEntry = function (entry) {
    this.transcript.push(entry);
    this.transcript = capTranscript(this.transcript);
    saveTranscript(this.transcript);
    var node = this.renderEntry(entry);
    // Keep the DOM in step with the cap as well.
    var msgs = this.log.querySelectorAll('.askamy-msg');
    for (var i = 0; i < msgs.length - MAX_TRANSCRIPT; i++) this.log.removeChild(msgs[i]);
    this.scrollToBottom();
    return node;
  };

  Widget.prototype.ensureGreeting = function () {
    if (!this.transcript.length && this.cfg.greeting) {
      this.addEntry({ who: 'bot', text: this.cfg.greeting, greeting: true });
    }
  };

  /** Short polite announcement (visually hidden) for things that aren't messages. */
  Widget.prototype.announce = function (text) {
    if (!this.liveNote) {
      this.liveNote = el('div', { className: 'askamy-sr', 'aria-live': 'polite', id: 'askamy-announcer' });
      this.panel.appendChild(this.liveNote);
    }
    var note = this.liveNote;
    note.textContent = '';
    setTimeout(function () { note.textContent = text; }, 50);
  };

  Widget.prototype.setTyping = function (on) {
    this.typing.hidden = !on;
    this.log.setAttribute('aria-busy', on ? 'true' : 'false');
    if (on) this.scrollToBottom();
  };

  Widget.prototype.open = function (opts) {
    var focus = !(opts && opts.focus === false);
    this.isOpen = true;
    this.panel.hidden = false;
    this.root.classList.add('askamy-is-open');
    this.launcher.setAttribute('aria-expanded', 'true');
    store.set(KEY_OPEN, '1');
    this.ensureGreeting();
    this.scrollToBottom();
    this.autosize();
    if (focus) this.input.focus();
  };

  Widget.prototype.close = function (returnFocus) {
    this.isOpen = false;
    this.panel.hidden = true;
    this.root.classList.remove('askamy-is-open');
    this.launcher.setAttribute('aria-expanded', 'false');
    store.set(KEY_OPEN, '0');
    if (returnFocus !== false) this.launcher.focus();
  };

  Widget.prototype.toggle = function () {
    if (this.isOpen) this.close(true); else this.open();
  };

  Widget.prototype.clearErrors = function () {
    var errs = this.log.querySelectorAll('.askamy-error');
    for (var i = 0; i < errs.length; i++) errs[i].parentNode.removeChild(errs[i]);
  };

  Widget.prototype.reset = function () {
    this.generation++;
    if (this.controller) { try { this.controller.abort(); } catch (e) { /* ignore */ } }
    this.controller = null;
    this.queue = [];
    this.busy = false;
    this.setTyping(false);
    store.remove(KEY_SESSION);
    store.remove(KEY_TRANSCRIPT);
    this.sessionId = loadSession();
    this.transcript = [];
    this.renderAll();
    this.input.value = '';
    this.autosize();
    this.updateSendState();
    if (this.isOpen) {
      this.ensureGreeting();
      this.input.focus();
    }
    this.announce('Started a new conversation.');
  };

  Widget.prototype.updateSendState = function () {
    // The input itself is never disabled; the send button only shows a busy state.
    this.sendBtn.setAttribute('aria-busy', this.busy ? 'true' : 'false');
  };

  Widget.prototype.submitInput = function () {
    var text = this.input.value.replace(/\s+$/, '').replace(/^\s+/, '');
    if (!text) { this.input.focus(); return; }
    this.input.value = '';
    this.autosize();
    this.send(text);
    this.input.focus();
  };

  /**
   * Show the user's message and queue it. `payload` (quick-reply buttons) is what is sent
   * to Rasa; `text` is what is shown.
   */
  Widget.prototype.send = function (text, payload) {
    text = String(text == null ? '' : text).trim();
    if (!text) return;
    if (!this.isOpen) this.open({ focus: false });
    this.addEntry({ who: 'user', text: text });
    this.queue.push({ message: payload || text, generation: this.generation });
    this.pump();
  };

  Widget.prototype.pump = function () {
    if (this.busy) return;
    var job = this.queue.shift();
    if (!job) return;
    if (job.generation !== this.generation) { this.pump(); return; }
    var self = this;
    this.busy = true;
    this.updateSendState();
    this.setTyping(true);
    var generation = this.generation;
    this.post(job.message).then(function (replies) {
      if (generation !== self.generation) return;
      var entries = repliesToEntries(replies);
      for (var i = 0; i < entries.length; i++) self.addEntry(entries[i]);
    }, function (err) {
      if (generation !== self.generation) return;
      self.showError(job.message, err);
    }).then(function () {
      if (generation !== self.generation) return;
      self.busy = false;
      self.controller = null;
      self.setTyping(false);
      self.updateSendState();
      self.pump();
    });
  };

  Widget.prototype.post = function (message) {
    var url = webhookUrl(this.cfg.server);
    var timeoutMs = this.cfg.timeout;
    var body = JSON.stringify({ sender: this.sessionId, message: message });
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    this.controller = controller;
    var timer = null;
    var timedOut = false;

    var timeoutPromise = new Promise(function (resolve, reject) {
      timer = setTimeout(function () {
        timedOut = true;
        if (controller) { try { controller.abort(); } catch (e) { /* ignore */ } }
        var err = new Error('timeout');
        err.kind = 'timeout';
        reject(err);
      }, timeoutMs);
    });

    var request = Promise.resolve().then(function () {
      return fetch(url, {
        method: 'POST',
        mode: 'cors',
        credentials: 'omit',
        cache: 'no-store',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: body,
        signal: controller ? controller.signal : undefined
      });
    }).then(function (res) {
      if (!res.ok) {
        var err = new Error('HTTP ' + res.status);
        err.kind = 'http';
        err.status = res.status;
        throw err;
      }
      return res.text();
    }).then(function (raw) {
      if (!raw || !raw.trim()) return [];
      var data;
      try { data = JSON.parse(raw); } catch (e) {
        var err = new Error('Bad JSON');
        err.kind = 'parse';
        throw err;
      }
      if (!Array.isArray(data)) {
        var err2 = new Error('Unexpected response');
        err2.kind = 'parse';
        throw err2;
      }
      return data;
    }, function (err) {
      if (timedOut) { var t = new Error('timeout'); t.kind = 'timeout'; throw t; }
      if (!err.kind) err.kind = 'network';
      throw err;
    });

    return Promise.race([request, timeoutPromise]).then(function (v) {
      clearTimeout(timer);
      return v;
    }, function (e) {
      clearTimeout(timer);
      throw e;
    });
  };

  Widget.prototype.showError = function (message, err) {
    var self = this;
    var detail = '';
    if (err && err.kind === 'timeout') detail = 'The request timed out.';
    else if (err && err.kind === 'http') detail = 'The server answered with an error (' + err.status + ').';
    else if (err && err.kind === 'parse') detail = 'The server sent a reply the widget could not read.';
    else detail = 'Check your connection and try again.';

    var retry = el('button', {
      type: 'button', className: 'askamy-retry', 'aria-label': 'Retry sending your message', text: 'Retry'
    });
    var box = el('div', { className: 'askamy-error', role: 'alert', 'data-error-kind': (err && err.kind) || 'network' }, [
      el('p', { className: 'askamy-error-text', text: ERROR_TEXT }),
      el('p', { className: 'askamy-error-detail', text: detail }),
      retry
    ]);
    retry.addEventListener('click', function () {
      var hadFocus = document.activeElement === retry;
      if (box.parentNode) box.parentNode.removeChild(box);
      self.queue.push({ message: message, generation: self.generation });
      self.pump();
      if (hadFocus) self.input.focus();
    });
    this.log.appendChild(box);
    this.scrollToBottom();
  };

  /** Another tab changed the conversation: follow it. */
  Widget.prototype.onStorage = function (ev) {
    if (!ev || (ev.key !== KEY_TRANSCRIPT && ev.key !== KEY_SESSION && ev.key !== null)) return;
    var sid = store.get(KEY_SESSION);
    if (sid && sid !== this.sessionId) {
      this.generation++;
      this.queue = [];
      this.busy = false;
      this.setTyping(false);
      this.sessionId = sid;
    }
    this.transcript = loadTranscript();
    this.renderAll();
    if (this.isOpen && !this.transcript.length && this.cfg.greeting) {
      // Show the greeting locally without fighting the other tab over storage.
      this.renderEntry({ who: 'bot', text: this.cfg.greeting, greeting: true });
    }
  };

  // ---------------------------------------------------------------------------
  // Privacy: the header menu's "Delete this conversation" (docs/privacy.md)
  // ---------------------------------------------------------------------------

  var DELETED_TEXT = 'Your conversation was deleted from the server. This is a new conversation.';
  var DELETE_FAILED_TEXT = "Couldn't delete this conversation right now. Nothing was changed; try again.";

  /** POST {server}/webhooks/privacy/forget {"sender": id}: deletes that conversation on the server. */
  function forgetUrl(server) {
    return normalizeServer(server) + '/webhooks/privacy/forget';
  }

  /** The "more" menu next to "New conversation", with its one item. */
  Widget.prototype.buildPrivacyMenu = function () {
    var self = this;
    var actions = this.panel.querySelector('.askamy-header-actions');
    if (!actions) return;
    this.menuBtn = el('button', {
      type: 'button', id: 'askamy-menu-button', className: 'askamy-menu-button',
      'aria-label': 'More options', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': 'askamy-menu'
    });
    this.menuBtn.appendChild(el('span', { 'aria-hidden': 'true', text: '\u22ef' }));
    this.deleteItem = el('button', {
      type: 'button', id: 'askamy-delete', className: 'askamy-menu-item', role: 'menuitem',
      text: 'Delete this conversation'
    });
    this.menu = el('div', {
      id: 'askamy-menu', className: 'askamy-menu', role: 'menu', 'aria-label': 'More options', hidden: true
    }, [this.deleteItem]);
    actions.insertBefore(this.menuBtn, actions.firstChild);
    this.panel.appendChild(this.menu);

    this.menuBtn.addEventListener('click', function () { self.toggleMenu(); });
    this.deleteItem.addEventListener('click', function () {
      self.toggleMenu(false);
      self.deleteConversation();
    });
    this.menu.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape' || ev.key === 'Esc') {
        ev.preventDefault();
        ev.stopPropagation();
        self.toggleMenu(false);
        self.menuBtn.focus();
      }
    });
    document.addEventListener('click', function (ev) {
      if (!self.menu.hidden && !self.menu.contains(ev.target) && !self.menuBtn.contains(ev.target)) {
        self.toggleMenu(false);
      }
    });
  };

  Widget.prototype.toggleMenu = function (open) {
    if (!this.menu) return;
    var show = open === undefined ? this.menu.hidden : !!open;
    this.menu.hidden = !show;
    this.menuBtn.setAttribute('aria-expanded', show ? 'true' : 'false');
    if (show) this.deleteItem.focus();
  };

  /** Delete the conversation on the server, then start afresh and say so; on failure keep it all. */
  Widget.prototype.deleteConversation = function () {
    var self = this;
    if (this.deleting) return Promise.resolve(false);
    this.deleting = true;
    this.deleteItem.setAttribute('aria-disabled', 'true');
    var errs = this.log.querySelectorAll('.askamy-delete-error');
    for (var i = 0; i < errs.length; i++) errs[i].parentNode.removeChild(errs[i]);
    return fetch(forgetUrl(this.cfg.server), {
      method: 'POST',
      mode: 'cors',
      credentials: 'omit',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ sender: this.sessionId })
    }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    }).then(function () {
      self.reset();
      self.addEntry({ who: 'bot', text: DELETED_TEXT });
      self.announce(DELETED_TEXT);
      return true;
    }, function () {
      var box = el('div', { className: 'askamy-error askamy-delete-error', role: 'alert' }, [
        el('p', { className: 'askamy-error-text', text: DELETE_FAILED_TEXT })
      ]);
      self.log.appendChild(box);
      self.scrollToBottom();
      return false;
    }).then(function (done) {
      self.deleting = false;
      self.deleteItem.removeAttribute('aria-disabled');
      return done;
    });
  };

  // ---------------------------------------------------------------------------
  // Boot
  // ---------------------------------------------------------------------------

  function readConfig() {
    var ds = {};
    if (scriptEl) {
      var d = scriptEl.dataset || {};
      ds = {
        server: d.server, title: d.title, greeting: d.greeting,
        timeout: d.timeout, stylesheet: d.stylesheet, color: d.color
      };
    }
    var g = global.AskAmyConfig && typeof global.AskAmyConfig === 'object' ? global.AskAmyConfig : {};
    var cfg = mergeConfig(ds, g);
    if (!cfg.server) {
      // Default: the origin the script was served from (the widget usually sits next to the bot).
      try { cfg.server = normalizeServer(new URL(scriptEl.src).origin); } catch (e) { cfg.server = ''; }
    }
    return cfg;
  }

  var widget = null;
  var pending = [];
  function whenReady(fn) {
    if (widget) fn(widget); else pending.push(fn);
  }

  var api = {
    __loaded: true,
    version: VERSION,
    open: function () { whenReady(function (w) { w.open(); }); },
    close: function () { whenReady(function (w) { if (w.isOpen) w.close(true); }); },
    toggle: function () { whenReady(function (w) { w.toggle(); }); },
    reset: function () { whenReady(function (w) { w.reset(); }); },
    send: function (text) { whenReady(function (w) { w.send(text); }); },
    get sessionId() { return widget ? widget.sessionId : store.get(KEY_SESSION); },
    get config() {
      if (!widget) return null;
      var c = {};
      for (var k in widget.cfg) c[k] = widget.cfg[k];
      return c;
    },
    _pure: pure
  };
  global.AskAmy = api;

  function boot() {
    var cfg = readConfig();
    ensureStylesheet(deriveStylesheetUrl(cfg));
    widget = new Widget(cfg);
    widget.build();
    widget.buildPrivacyMenu();
    widget.renderAll();
    if (store.get(KEY_OPEN) === '1') widget.open({ focus: false });
    widget.updateSendState();
    var fns = pending;
    pending = [];
    for (var i = 0; i < fns.length; i++) fns[i](widget);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', boot);
  } else {
    boot();
  }
})(typeof window !== 'undefined' ? window : this);
