/*
 * Privacy: the header menu's "Delete this conversation" (docs/privacy.md).
 * POST {server}/webhooks/privacy/forget {"sender": id} deletes that conversation on the server.
 */
'use strict';

var dom = require('./dom');
var transport = require('./transport');

var DELETED_TEXT = 'Your conversation was deleted from the server. This is a new conversation.';
var DELETE_FAILED_TEXT = "Couldn't delete this conversation right now. Nothing was changed; try again.";

/** POST {server}/webhooks/privacy/forget {"sender": id}: deletes that conversation on the server. */
function forgetUrl(server) {
  return transport.normalizeServer(server) + '/webhooks/privacy/forget';
}

// The widget's privacy menu (mixed into Widget.prototype by boot.js).
var methods = {};

/** The "more" menu next to "New conversation", with its one item. */
methods.buildPrivacyMenu = function () {
  var self = this;
  var el = dom.el;
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

methods.toggleMenu = function (open) {
  if (!this.menu) return;
  var show = open === undefined ? this.menu.hidden : !!open;
  this.menu.hidden = !show;
  this.menuBtn.setAttribute('aria-expanded', show ? 'true' : 'false');
  if (show) this.deleteItem.focus();
};

/** Delete the conversation on the server, then start afresh and say so; on failure keep it all. */
methods.deleteConversation = function () {
  var self = this;
  var el = dom.el;
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

exports.DELETED_TEXT = DELETED_TEXT;
exports.DELETE_FAILED_TEXT = DELETE_FAILED_TEXT;
exports.forgetUrl = forgetUrl;
exports.methods = methods;
