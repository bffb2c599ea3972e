/*
 * Transport: the Rasa REST channel, POST {server}/webhooks/rest/webhook
 *   request  {"sender": sessionId, "message": text}
 *   response [{"recipient_id": ..., "text"?: ..., "buttons"?: [...], "custom"?: ...}, ...]
 * Messages are sent one at a time, in order; a failure shows an error with a Retry button.
 */
'use strict';

var dom = require('./dom');

var DEFAULT_TIMEOUT_MS = 15000;
var ERROR_TEXT = "Can't reach the Ask Amy server right now.";
var CORS_TEXT = "This site isn't allowed to reach the Ask Amy server yet.";
var CORS_DETAIL = 'The site owner can add it to CORS_ORIGINS.';

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
    if (!text && typeof r.image === 'string' && dom.isHttpUrl(r.image)) {
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

// The widget's sending methods (mixed into Widget.prototype by boot.js).
var methods = {};

/**
 * Show the user's message and queue it. `payload` (quick-reply buttons) is what is sent
 * to Rasa; `text` is what is shown.
 */
methods.send = function (text, payload) {
  text = String(text == null ? '' : text).trim();
  if (!text) return;
  if (!this.isOpen) this.open({ focus: false });
  this.addEntry({ who: 'user', text: text });
  this.queue.push({ message: payload || text, generation: this.generation });
  this.pump();
};

methods.pump = function () {
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
    var nodes = [];
    for (var i = 0; i < entries.length; i++) nodes.push(self.addEntry(entries[i]));
    self.revealReply(nodes);
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

methods.post = function (message) {
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
    if (err.kind) throw err;
    return networkOrCors(url).then(function (kind) {
      if (timedOut) { var t2 = new Error('timeout'); t2.kind = 'timeout'; throw t2; }
      err.kind = kind;
      throw err;
    });
  });

  return Promise.race([request, timeoutPromise]).then(function (v) {
    clearTimeout(timer);
    return v;
  }, function (e) {
    clearTimeout(timer);
    throw e;
  });
};

/**
 * A request that failed without a response (a TypeError from fetch) is either a server that
 * can't be reached or one that refused this page's origin (CORS): the browser says the same
 * for both. A `no-cors` request to the server's root succeeds whenever the server answers at
 * all, so it tells them apart. Resolves to 'cors' or 'network'.
 */
function networkOrCors(url) {
  var root = url.replace(/\/webhooks\/rest\/webhook$/, '') + '/';
  return Promise.resolve().then(function () {
    return fetch(root, { method: 'GET', mode: 'no-cors', credentials: 'omit', cache: 'no-store' });
  }).then(function () { return 'cors'; }, function () { return 'network'; });
}

/** The console message for a refused origin: what the site owner has to change. */
function corsAdvice(server, origin) {
  return 'Ask Amy: the server ' + server + ' is up but refused this page\'s origin (' + origin +
    '). Add ' + origin + ' to CORS_ORIGINS (rasa run --cors) on the Ask Amy server.';
}

methods.showError = function (message, err) {
  var self = this;
  var el = dom.el;
  var detail = '';
  if (err && err.kind === 'timeout') detail = 'The request timed out.';
  else if (err && err.kind === 'http') detail = 'The server answered with an error (' + err.status + ').';
  else if (err && err.kind === 'parse') detail = 'The server sent a reply the widget could not read.';
  else if (err && err.kind === 'cors') detail = CORS_DETAIL;
  else detail = 'Check your connection and try again.';
  var isCors = !!(err && err.kind === 'cors');
  if (isCors && typeof console !== 'undefined' && console.error) {
    console.error(corsAdvice(normalizeServer(this.cfg && this.cfg.server), typeof window !== 'undefined' && window.location ? window.location.origin : ''));
  }

  var retry = el('button', {
    type: 'button', className: 'askamy-retry', 'aria-label': 'Retry sending your message', text: 'Retry'
  });
  var box = el('div', { className: 'askamy-error', role: 'alert', 'data-error-kind': (err && err.kind) || 'network' }, [
    el('p', { className: 'askamy-error-text', text: isCors ? CORS_TEXT : ERROR_TEXT }),
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

exports.DEFAULT_TIMEOUT_MS = DEFAULT_TIMEOUT_MS;
exports.ERROR_TEXT = ERROR_TEXT;
exports.CORS_TEXT = CORS_TEXT;
exports.CORS_DETAIL = CORS_DETAIL;
exports.networkOrCors = networkOrCors;
exports.corsAdvice = corsAdvice;
exports.normalizeServer = normalizeServer;
exports.webhookUrl = webhookUrl;
exports.parseTimeout = parseTimeout;
exports.repliesToEntries = repliesToEntries;
exports.mergeSplitDrafts = mergeSplitDrafts;
exports.methods = methods;
