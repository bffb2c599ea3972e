/*
 * A small stand-in for the browser's DOM, enough for the widget's modules under `node --test`:
 * elements with attributes, children, events, focus and simple selectors (tag, #id, .class,
 * [attr]). Test-only: it is not part of the bundle.
 */
'use strict';

var webcrypto = require('crypto').webcrypto;

function FakeNode(doc, tagName, isText) {
  this.ownerDocument = doc;
  this.tagName = tagName ? tagName.toUpperCase() : '#text';
  this.isText = !!isText;
  this.attributes = {};
  this.childNodes = [];
  this.parentNode = null;
  this.listeners = {};
  this.style = { setProperty: function (k, v) { this[k] = v; } };
  this.data = '';
  this.value = '';
  this.scrollTop = 0;
  this.scrollHeight = 0;
}

var P = FakeNode.prototype;
P.setAttribute = function (k, v) { this.attributes[k] = String(v); };
P.getAttribute = function (k) { return this.attributes.hasOwnProperty(k) ? this.attributes[k] : null; };
P.hasAttribute = function (k) { return this.attributes.hasOwnProperty(k); };
P.removeAttribute = function (k) { delete this.attributes[k]; };
// Properties that reflect attributes, as in the DOM.
['id', 'href', 'target', 'rel'].forEach(function (name) {
  Object.defineProperty(P, name, {
    get: function () { return this.getAttribute(name) || ''; },
    set: function (v) { this.setAttribute(name, v); }
  });
});
['hidden', 'disabled'].forEach(function (name) {
  Object.defineProperty(P, name, {
    get: function () { return this.hasAttribute(name); },
    set: function (v) { if (v) this.setAttribute(name, ''); else this.removeAttribute(name); }
  });
});
Object.defineProperty(P, 'className', {
  get: function () { return this.getAttribute('class') || ''; },
  set: function (v) { this.setAttribute('class', v); }
});
Object.defineProperty(P, 'classList', {
  get: function () {
    var node = this;
    function list() { return node.className.split(/\s+/).filter(Boolean); }
    return {
      contains: function (c) { return list().indexOf(c) !== -1; },
      add: function (c) { if (list().indexOf(c) === -1) node.className = list().concat([c]).join(' '); },
      remove: function (c) { node.className = list().filter(function (x) { return x !== c; }).join(' '); }
    };
  }
});
Object.defineProperty(P, 'textContent', {
  get: function () {
    if (this.isText) return this.data;
    return this.childNodes.map(function (c) { return c.textContent; }).join('');
  },
  set: function (v) {
    if (this.isText) { this.data = String(v); return; }
    this.childNodes.forEach(function (c) { c.parentNode = null; });
    this.childNodes = [];
    if (v !== '') this.appendChild(this.ownerDocument.createTextNode(String(v)));
  }
});
Object.defineProperty(P, 'firstChild', { get: function () { return this.childNodes[0] || null; } });
Object.defineProperty(P, 'children', {
  get: function () { return this.childNodes.filter(function (c) { return !c.isText; }); }
});
P.appendChild = function (child) { return this.insertBefore(child, null); };
P.insertBefore = function (child, ref) {
  if (child.parentNode) child.parentNode.removeChild(child);
  var i = ref ? this.childNodes.indexOf(ref) : -1;
  if (i === -1) this.childNodes.push(child); else this.childNodes.splice(i, 0, child);
  child.parentNode = this;
  return child;
};
P.removeChild = function (child) {
  var i = this.childNodes.indexOf(child);
  if (i === -1) throw new Error('not a child');
  this.childNodes.splice(i, 1);
  child.parentNode = null;
  return child;
};
P.contains = function (other) {
  for (var n = other; n; n = n.parentNode) if (n === this) return true;
  return false;
};
P.addEventListener = function (type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); };
/** Dispatch an event of `type` here and up through the parents (no capture phase). */
P.dispatch = function (type, props) {
  var stopped = false;
  var ev = Object.assign({
    type: type, target: this, defaultPrevented: false,
    preventDefault: function () { ev.defaultPrevented = true; },
    stopPropagation: function () { stopped = true; }
  }, props || {});
  var top = this;
  for (var n = this; n && !stopped; n = n.parentNode) {
    (n.listeners[type] || []).slice().forEach(function (fn) { fn.call(n, ev); });
    top = n;
  }
  var doc = this.ownerDocument;
  if (!stopped && top === doc.documentElement) {
    (doc.listeners[type] || []).slice().forEach(function (fn) { fn(ev); });
  }
  return ev;
};
P.click = function () { if (!this.disabled) this.dispatch('click'); };
P.focus = function () { this.ownerDocument.activeElement = this; };
P.select = function () {};

function matches(node, selector) {
  var m = /^([a-z0-9]*)(#[\w-]+)?((?:\.[\w-]+)*)(?:\[([\w-]+)\])?$/i.exec(selector);
  if (!m) throw new Error('fake-dom: unsupported selector ' + selector);
  if (m[1] && node.tagName !== m[1].toUpperCase()) return false;
  if (m[2] && node.getAttribute('id') !== m[2].slice(1)) return false;
  var classes = m[3] ? m[3].split('.').filter(Boolean) : [];
  for (var i = 0; i < classes.length; i++) if (!node.classList.contains(classes[i])) return false;
  if (m[4] && !node.hasAttribute(m[4])) return false;
  return true;
}
P.querySelectorAll = function (selector) {
  var out = [];
  (function walk(n) {
    n.children.forEach(function (c) {
      if (matches(c, selector)) out.push(c);
      walk(c);
    });
  })(this);
  return out;
};
P.querySelector = function (selector) { return this.querySelectorAll(selector)[0] || null; };
P.getElementsByTagName = function (tag) { return this.querySelectorAll(tag); };

/** A new document with <html>, <head> and <body>. */
function createDocument() {
  var doc = { listeners: {}, readyState: 'complete', currentScript: null, activeElement: null, copied: null };
  doc.createElement = function (tag) { return new FakeNode(doc, tag); };
  doc.createElementNS = function (ns, tag) { var n = new FakeNode(doc, tag); n.namespaceURI = ns; return n; };
  doc.createTextNode = function (text) { var n = new FakeNode(doc, null, true); n.data = String(text); return n; };
  doc.addEventListener = P.addEventListener;
  doc.dispatch = function (type, props) {
    var ev = Object.assign({ type: type }, props || {});
    (doc.listeners[type] || []).slice().forEach(function (fn) { fn(ev); });
  };
  doc.execCommand = function (cmd) {
    var ta = doc.body.querySelector('textarea[readonly]');
    doc.copied = cmd === 'copy' && ta ? ta.value : null;
    return doc.copied !== null;
  };
  doc.documentElement = doc.createElement('html');
  doc.head = doc.documentElement.appendChild(doc.createElement('head'));
  doc.body = doc.documentElement.appendChild(doc.createElement('body'));
  doc.activeElement = doc.body;
  doc.querySelectorAll = function (s) { return doc.documentElement.querySelectorAll(s); };
  doc.querySelector = function (s) { return doc.documentElement.querySelector(s); };
  doc.getElementsByTagName = function (t) { return doc.documentElement.getElementsByTagName(t); };
  return doc;
}

/** A localStorage stand-in; `blocked` makes every call throw, as when storage is disabled. */
function createLocalStorage(blocked) {
  var data = {};
  function check() { if (blocked) throw new Error('SecurityError'); }
  return {
    data: data,
    getItem: function (k) { check(); return data.hasOwnProperty(k) ? data[k] : null; },
    setItem: function (k, v) { check(); data[k] = String(v); },
    removeItem: function (k) { check(); delete data[k]; }
  };
}

/** Install a fresh `document` and `window` as globals; returns the window. */
function installDom(options) {
  options = options || {};
  var doc = createDocument();
  var win = {
    document: doc,
    listeners: {},
    localStorage: createLocalStorage(options.blockedStorage),
    crypto: webcrypto,
    navigator: undefined,
    isSecureContext: false,
    addEventListener: P.addEventListener,
    dispatch: function (type, props) {
      var ev = Object.assign({ type: type }, props || {});
      (win.listeners[type] || []).slice().forEach(function (fn) { fn(ev); });
    }
  };
  global.document = doc;
  global.window = win;
  return win;
}

/** Remove the globals installDom() set. */
function uninstallDom() {
  delete global.document;
  delete global.window;
}

/** Wait for pending promise callbacks and timers of `ms` milliseconds. */
function settle(ms) {
  return new Promise(function (resolve) { setTimeout(resolve, ms || 0); });
}

module.exports = {
  createDocument: createDocument,
  createLocalStorage: createLocalStorage,
  installDom: installDom,
  uninstallDom: uninstallDom,
  settle: settle
};
