/*
 * View: the Widget, its DOM (launcher, panel, message log, input) and its state in the page:
 * rendering the transcript, opening and closing, starting afresh, following other tabs.
 * Sending (transport.js), drafts and quick replies (replies.js) and the privacy menu
 * (privacy.js) are mixed into Widget.prototype by boot.js.
 */
'use strict';

var dom = require('./dom');
var storage = require('./storage');
var replies = require('./replies');

var VERSION = '1.0.0';
var el = dom.el;

/** The widget for config `cfg`, keeping its session and transcript in `store` (storage.js). */
function Widget(cfg, store) {
  this.cfg = cfg;
  this.store = store;
  this.sessionId = storage.loadSession(store, window);
  this.transcript = storage.loadTranscript(store);
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
    placeholder: replies.DEFAULT_PLACEHOLDER,
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
  this.newBtn.addEventListener('click', function () { self.newConversation(); });
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
  window.addEventListener('storage', function (ev) { self.onStorage(ev); });
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

/**
 * After a reply: show its end, but never scroll an email draft's top out of view, so its
 * Subject line and greeting are what the person sees first.
 */
Widget.prototype.revealReply = function (nodes) {
  var s = this.scroller;
  for (var i = 0; i < nodes.length; i++) {
    var n = nodes[i];
    if (n && n.classList.contains('askamy-msg--draft') && n.getBoundingClientRect) {
      var top = s.scrollTop + n.getBoundingClientRect().top - s.getBoundingClientRect().top - 8;
      if (top < s.scrollTop) s.scrollTop = Math.max(0, top);
      return;
    }
  }
};

/** Render one transcript entry into the log. */
Widget.prototype.renderEntry = function (entry) {
  var isBot = entry.who === 'bot';
  var cls = 'askamy-msg ' + (isBot ? 'askamy-msg--bot' : 'askamy-msg--user');
  if (entry.greeting) cls += ' askamy-msg--greeting';
  var msg = el('div', { className: cls, 'data-sender': entry.who });
  msg.appendChild(el('span', { className: 'askamy-sr', text: isBot ? 'Amy said: ' : 'You said: ' }));
  var body = el('div', { className: 'askamy-msg-text' });
  if (isBot) dom.renderRichText(body, entry.text);
  else body.textContent = entry.text;
  msg.appendChild(body);

  if (isBot && (entry.draft || replies.isEmailDraft(entry.text))) {
    msg.className += ' askamy-msg--draft';
    msg.appendChild(this.renderDraftActions(entry));
  }
  if (isBot && entry.buttons && entry.buttons.length) {
    msg.appendChild(this.renderQuickReplies(entry));
  }
  this.log.appendChild(msg);
  return msg;
};

Widget.prototype.renderAll = function () {
  while (this.log.firstChild) this.log.removeChild(this.log.firstChild);
  for (var i = 0; i < this.transcript.length; i++) this.renderEntry(this.transcript[i]);
  this.retireQuickReplies();
  this.updatePlaceholder();
  this.scrollToBottom();
};

Widget.prototype.addEntry = function (entry) {
  this.transcript.push(entry);
  this.transcript = storage.capTranscript(this.transcript);
  storage.saveTranscript(this.store, this.transcript);
  var node = this.renderEntry(entry);
  // Keep the DOM in step with the cap as well.
  var msgs = this.log.querySelectorAll('.askamy-msg');
  for (var i = 0; i < msgs.length - storage.MAX_TRANSCRIPT; i++) this.log.removeChild(msgs[i]);
  if (entry.who === 'user') {
    this.retireQuickReplies();  // typed instead of choosing: the older rows are answered
    this.dismissUndo();         // the new conversation has begun
  }
  this.updatePlaceholder();
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
  this.store.set(storage.KEY_OPEN, '1');
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
  this.store.set(storage.KEY_OPEN, '0');
  if (returnFocus !== false) this.launcher.focus();
};

Widget.prototype.toggle = function () {
  if (this.isOpen) this.close(true); else this.open();
};

Widget.prototype.clearErrors = function () {
  var errs = this.log.querySelectorAll('.askamy-error');
  for (var i = 0; i < errs.length; i++) errs[i].parentNode.removeChild(errs[i]);
};

/** Start afresh at once: new session id, empty transcript (New conversation adds an Undo). */
Widget.prototype.reset = function () {
  this.dismissUndo();
  this.generation++;
  if (this.controller) { try { this.controller.abort(); } catch (e) { /* ignore */ } }
  this.controller = null;
  this.queue = [];
  this.busy = false;
  this.setTyping(false);
  this.store.remove(storage.KEY_SESSION);
  this.store.remove(storage.KEY_TRANSCRIPT);
  this.sessionId = storage.loadSession(this.store, window);
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

/** Another tab changed the conversation: follow it. */
Widget.prototype.onStorage = function (ev) {
  if (!ev || (ev.key !== storage.KEY_TRANSCRIPT && ev.key !== storage.KEY_SESSION && ev.key !== null)) return;
  this.dismissUndo();
  var sid = this.store.get(storage.KEY_SESSION);
  if (sid && sid !== this.sessionId) {
    this.generation++;
    this.queue = [];
    this.busy = false;
    this.setTyping(false);
    this.sessionId = sid;
  }
  this.transcript = storage.loadTranscript(this.store);
  this.renderAll();
  if (this.isOpen && !this.transcript.length && this.cfg.greeting) {
    // Show the greeting locally without fighting the other tab over storage.
    this.renderEntry({ who: 'bot', text: this.cfg.greeting, greeting: true });
  }
};

exports.VERSION = VERSION;
exports.Widget = Widget;
