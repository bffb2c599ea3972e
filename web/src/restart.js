/*
 * Restart: the header's New conversation, with an Undo for a few seconds, so one stray tap
 * doesn't lose a conversation (an email draft, say). Undo brings back the transcript and the
 * session id, so Rasa carries on where it stopped.
 */
'use strict';

var dom = require('./dom');
var storage = require('./storage');

var UNDO_MS = 10000;
var UNDO_TEXT = 'Started a new conversation.';
var RESTORED_TEXT = 'The previous conversation is back.';

/** True when `transcript` has more than the greeting (something worth an Undo). */
function worthKeeping(transcript) {
  for (var i = 0; i < transcript.length; i++) if (!transcript[i].greeting) return true;
  return false;
}

// The widget's restart methods (mixed into Widget.prototype by boot.js).
var methods = {};

/** The New conversation button: start afresh, and offer Undo when there was a conversation. */
methods.newConversation = function () {
  var before = { sessionId: this.sessionId, transcript: this.transcript.slice() };
  this.reset();
  if (worthKeeping(before.transcript)) this.offerUndo(before);
};

/** Show the Undo bar (before the input, so Shift+Tab from the input reaches it) for UNDO_MS. */
methods.offerUndo = function (before) {
  var self = this;
  if (!this.undoBar) {
    var el = dom.el;
    this.undoBtn = el('button', {
      type: 'button', id: 'askamy-undo', className: 'askamy-undo-btn',
      'aria-label': 'Undo: bring back the previous conversation', text: 'Undo'
    });
    this.undoBar = el('div', { className: 'askamy-undo', hidden: true }, [
      el('span', { className: 'askamy-undo-text', text: UNDO_TEXT }), this.undoBtn
    ]);
    this.undoBtn.addEventListener('click', function () { self.undoReset(); });
    this.panel.insertBefore(this.undoBar, this.form);
  }
  this.undoStash = before;
  this.undoBar.hidden = false;
  clearTimeout(this.undoTimer);
  this.undoTimer = setTimeout(function () { self.dismissUndo(); }, this.undoMs || UNDO_MS);
  this.announce(UNDO_TEXT + ' Undo is available for a few seconds.');
};

/** Hide the Undo bar and forget what it would bring back. */
methods.dismissUndo = function () {
  clearTimeout(this.undoTimer);
  this.undoTimer = null;
  this.undoStash = null;
  if (!this.undoBar || this.undoBar.hidden) return;
  var hadFocus = document.activeElement === this.undoBtn;
  this.undoBar.hidden = true;
  if (hadFocus) this.input.focus();
};

/** Undo: the conversation and the session id from before New conversation, stored again. */
methods.undoReset = function () {
  var before = this.undoStash;
  if (!before) return;
  this.dismissUndo();
  this.generation++;
  this.queue = [];
  this.busy = false;
  this.setTyping(false);
  this.updateSendState();
  this.sessionId = before.sessionId;
  this.store.set(storage.KEY_SESSION, before.sessionId);
  this.transcript = before.transcript;
  storage.saveTranscript(this.store, this.transcript);
  this.renderAll();
  this.input.focus();
  this.announce(RESTORED_TEXT);
};

exports.UNDO_MS = UNDO_MS;
exports.UNDO_TEXT = UNDO_TEXT;
exports.RESTORED_TEXT = RESTORED_TEXT;
exports.worthKeeping = worthKeeping;
exports.methods = methods;
