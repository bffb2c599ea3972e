/*
 * Quick replies and email drafts: a bot message's buttons (a row answered once) and the
 * Copy button and mailto: link under an email draft.
 */
'use strict';

var dom = require('./dom');
var storage = require('./storage');

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
 * Record that button `index` of `entry` was chosen. Returns false (and changes nothing)
 * when the entry already has a choice or `index` is not one of its buttons: a row of
 * quick replies can be answered once.
 */
function chooseButton(entry, index) {
  if (!entry || storage.chosenIndex(entry, entry.chosen) !== null) return false;
  if (storage.chosenIndex(entry, index) === null) return false;
  entry.chosen = index;
  return true;
}

/** Disable every button of an answered row and mark the one that was chosen. */
function markRowChosen(row, buttons, index) {
  row.setAttribute('data-answered', 'true');
  buttons.forEach(function (qb, i) {
    qb.disabled = true;
    if (i === index) qb.setAttribute('data-chosen', 'true');
  });
}

/** Disable a row the person answered by typing instead: out of the Tab order, like a chosen one. */
function retireRow(row) {
  row.setAttribute('data-answered', 'typed');
  var buttons = row.querySelectorAll('.askamy-quick-reply');
  for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
}

var DEFAULT_PLACEHOLDER = 'Ask about following up\u2026';
// The bot's questions (matched on their text) and the input's placeholder while they wait.
var PLACEHOLDERS = [
  [/Who should the email go to\?/i, 'Their name, for example Priya Patel'],
  [/Which role and company/i, 'The role and company'],
  [/moment in the interview/i, 'A moment you shared, or skip']
];

/** The input's placeholder for the bot's last message `text`. */
function placeholderFor(text) {
  for (var i = 0; i < PLACEHOLDERS.length; i++) {
    if (PLACEHOLDERS[i][0].test(String(text || ''))) return PLACEHOLDERS[i][1];
  }
  return DEFAULT_PLACEHOLDER;
}

function copyToClipboard(text) {
  if (window.navigator && navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
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

// The widget's rendering of drafts and quick replies (mixed into Widget.prototype by boot.js).
var methods = {};

/** A button labelled `label` that copies `getText()`, shows "Copied" for two seconds and announces `done`. */
function copyButton(self, cls, label, text, done, getText) {
  var btn = dom.el('button', { type: 'button', className: cls, 'aria-label': label, text: text });
  btn.addEventListener('click', function () {
    copyToClipboard(getText()).then(function () {
      btn.textContent = 'Copied';
      btn.setAttribute('data-copied', 'true');
      self.announce(done);
    }, function () {
      btn.textContent = 'Copy failed';
    }).then(function () {
      setTimeout(function () {
        btn.textContent = text;
        btn.removeAttribute('data-copied');
      }, 2000);
    });
  });
  return btn;
}

/**
 * The actions under an email draft: Copy (the body, without the Subject: line), Copy subject,
 * and a mailto: link that opens the person's email app.
 */
methods.renderDraftActions = function (entry) {
  var el = dom.el;
  var actions = [copyButton(this, 'askamy-copy', 'Copy email draft', 'Copy', 'Email draft copied to the clipboard.',
    function () { return draftParts(entry.text).body; })];
  if (draftParts(entry.text).subject) {
    actions.push(copyButton(this, 'askamy-copy-subject', 'Copy subject of the email draft', 'Copy subject',
      'Email subject copied to the clipboard.', function () { return draftParts(entry.text).subject; }));
  }
  actions.push(el('a', { className: 'askamy-mailto', href: mailtoLink(entry.text), text: 'Open in my email app' }));
  return el('div', { className: 'askamy-msg-actions' }, actions);
};

/**
 * A bot message's quick replies: a labelled group of real buttons. Choosing one shows its
 * title as the person's message, sends its payload, and disables the whole row; the choice
 * is kept in the transcript, so the row stays answered after a reload.
 */
methods.renderQuickReplies = function (entry) {
  var self = this;
  var el = dom.el;
  var row = el('div', { className: 'askamy-quick-replies', role: 'group', 'aria-label': 'Reply options' });
  var buttons = entry.buttons.map(function (b, index) {
    var qb = el('button', { type: 'button', className: 'askamy-quick-reply', text: b.title });
    qb.addEventListener('click', function () {
      if (row.getAttribute('data-answered') || !chooseButton(entry, index)) return;
      var hadFocus = document.activeElement === qb;
      markRowChosen(row, buttons, index);
      storage.saveTranscript(self.store, self.transcript);
      self.send(b.title, b.payload);
      if (hadFocus) self.input.focus();
    });
    row.appendChild(qb);
    return qb;
  });
  var chosen = storage.chosenIndex(entry, entry.chosen);
  if (chosen !== null) markRowChosen(row, buttons, chosen);
  return row;
};

/**
 * Retire every unanswered row of quick replies that a message of the person follows: they
 * typed their answer instead of choosing, so the old buttons leave the Tab order.
 */
methods.retireQuickReplies = function () {
  var msgs = this.log.querySelectorAll('.askamy-msg');
  var pending = [];
  for (var i = 0; i < msgs.length; i++) {
    if (msgs[i].getAttribute('data-sender') === 'user') {
      pending.forEach(retireRow);
      pending = [];
    } else {
      var row = msgs[i].querySelector('.askamy-quick-replies');
      if (row && !row.getAttribute('data-answered')) pending.push(row);
    }
  }
};

/** The input's placeholder follows the bot's last question (the default once the person answers). */
methods.updatePlaceholder = function () {
  var last = this.transcript[this.transcript.length - 1];
  this.input.setAttribute('placeholder', placeholderFor(last && last.who === 'bot' ? last.text : ''));
};

exports.DEFAULT_PLACEHOLDER = DEFAULT_PLACEHOLDER;
exports.placeholderFor = placeholderFor;
exports.retireRow = retireRow;
exports.isEmailDraft = isEmailDraft;
exports.draftText = draftText;
exports.draftParts = draftParts;
exports.mailtoLink = mailtoLink;
exports.chooseButton = chooseButton;
exports.markRowChosen = markRowChosen;
exports.copyToClipboard = copyToClipboard;
exports.methods = methods;
