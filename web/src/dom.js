/*
 * DOM helpers and the safe rich text of a message: text nodes and http(s) links, never innerHTML.
 * linkify() and the URL checks are pure (no DOM) and run under Node.
 */
'use strict';

/** Create `tag` with attributes (`className`, `text` for textContent, the rest as attributes) and children. */
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

exports.el = el;
exports.isHttpUrl = isHttpUrl;
exports.trimUrl = trimUrl;
exports.linkify = linkify;
exports.renderRichText = renderRichText;
