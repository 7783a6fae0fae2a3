/* Praxis: small enhancements. Every page works without this file.
   - Results page: results update as you type (debounced, from /api/search);
     a ticked filter or a new order updates the page in place (the same
     /search page, fetched and swapped in, focus kept on the control), so a
     change of setting never moves the reader to the top of a new page.
   - Keyboard: "/" focuses the search box; ArrowDown/ArrowUp move between
     results (from the search box too); Escape goes back to the box. */
(function () {
  'use strict';

  var body = document.body;
  if (!body || !window.fetch || !window.URLSearchParams || !document.querySelector) return;

  var lang = body.getAttribute('data-lang') || 'el';
  var api = body.getAttribute('data-api') || '/api/search';
  var numbers = window.Intl ? new Intl.NumberFormat(lang === 'el' ? 'el-GR' : 'en-GB') : null;

  function $(selector) { return document.querySelector(selector); }
  function form() { return document.getElementById('search-form'); }
  function box() { return document.getElementById('q'); }
  function isResults() { return body.classList.contains('page-results'); }

  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
  }

  function hitLinks() {
    return Array.prototype.slice.call(document.querySelectorAll('#results .hit-link'));
  }

  function markActive(link) {
    var items = document.querySelectorAll('#results .hit');
    for (var i = 0; i < items.length; i++) items[i].classList.remove('is-active');
    if (link) {
      var li = link.closest('.hit');
      if (li) li.classList.add('is-active');
    }
  }

  // ---- Keyboard.
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var active = document.activeElement;
    var q = box();
    if (e.key === '/' && !typing(active) && q) {
      e.preventDefault();
      q.focus();
      q.select();
      return;
    }
    if (!isResults()) return;
    var links = hitLinks();
    var index = links.indexOf(active);
    if (e.key === 'ArrowDown' && (index >= 0 || active === q) && links.length) {
      e.preventDefault();
      var next = links[Math.min(index + 1, links.length - 1)];
      next.focus();
      markActive(next);
    } else if (e.key === 'ArrowUp' && index >= 0) {
      e.preventDefault();
      if (index === 0 && q) {
        q.focus();
        markActive(null);
      } else {
        links[index - 1].focus();
        markActive(links[index - 1]);
      }
    } else if (e.key === 'Escape' && index >= 0 && q) {
      q.focus();
      markActive(null);
    }
  });

  if (!isResults() || !form() || !box()) return;

  // ---- The page's parameters (the form and every control joined to it with
  // form="search-form"), and the same search for the JSON API: on HTML pages
  // "lang" is the interface language and "doclang" the document-language
  // filter; the API calls them "hl" and "lang".
  function pageParams() {
    var params = new URLSearchParams();
    var elements = form().elements;
    for (var i = 0; i < elements.length; i++) {
      var el = elements[i];
      if (!el.name || el.disabled || el.tagName === 'BUTTON') continue;
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) continue;
      if (el.value === '') continue;
      params.append(el.name, el.value);
    }
    return params;
  }

  function apiParams(page) {
    var params = new URLSearchParams();
    page.forEach(function (value, name) {
      if (name === 'lang') return;
      params.append(name === 'doclang' ? 'lang' : name, value);
    });
    params.set('hl', lang);
    return params;
  }

  function caseUrl(id) {
    var url = '/case/' + encodeURIComponent(id);
    var explicit = new URLSearchParams(window.location.search).get('lang');
    return explicit ? url + '?lang=' + encodeURIComponent(explicit) : url;
  }

  // Live regions announce changes of text, not new elements: set the text
  // after the element is in place.
  function announce(el, text) {
    if (!el) return;
    el.textContent = '';
    window.setTimeout(function () { el.textContent = text; }, 60);
  }

  // ---- Filters and order: fetch the same page and swap <main>'s content.
  var swapping = null;
  function swapPage(params, focusName, focusValue) {
    var url = '/search?' + params.toString();
    if (swapping && swapping.abort) swapping.abort();
    swapping = window.AbortController ? new AbortController() : null;
    fetch(url, { headers: { Accept: 'text/html' }, signal: swapping ? swapping.signal : undefined })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.getElementById('main');
        var main = document.getElementById('main');
        if (!fresh || !main) throw new Error('no <main>');
        main.innerHTML = fresh.innerHTML;
        document.title = doc.title;
        var sw = document.getElementById('lang-switch');
        var freshSwitch = doc.getElementById('lang-switch');
        if (sw && freshSwitch) sw.setAttribute('href', freshSwitch.getAttribute('href'));
        if (window.history && window.history.pushState) window.history.pushState(null, '', url);
        var target = null;
        if (focusName) {
          var candidates = document.querySelectorAll('[name="' + focusName + '"]');
          for (var i = 0; i < candidates.length; i++) {
            if (focusValue === null || candidates[i].value === focusValue) target = candidates[i];
          }
        }
        if (target) {
          var details = target.closest('details');
          if (details) details.open = true;
          target.focus();
        }
        var count = document.getElementById('result-count');
        if (count) announce(count, count.textContent);
        lastQuery = box() ? box().value : '';
      })
      .catch(function (e) {
        if (e && e.name === 'AbortError') return;
        window.location.href = url;  // fall back to a plain page load
      });
  }

  document.addEventListener('change', function (e) {
    var el = e.target;
    if (!el || el.getAttribute('form') !== 'search-form') return;
    if (el.type === 'checkbox' || el.tagName === 'SELECT') {
      var params = pageParams();
      params.delete('page');
      swapPage(params, el.name, el.type === 'checkbox' ? el.value : null);
    }
  });

  window.addEventListener('popstate', function () { window.location.reload(); });

  // ---- Results as you type, from /api/search.
  var timer = 0;
  var pending = null;
  var lastQuery = box().value;

  // The API's snippets are escaped text with <mark>; keep only text and
  // <mark>, whatever else might arrive.
  function appendSnippet(target, html) {
    var tpl = document.createElement('template');
    tpl.innerHTML = html;
    (function walk(node, into) {
      for (var child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) into.appendChild(document.createTextNode(child.nodeValue));
        else if (child.nodeType === 1 && child.tagName === 'MARK') {
          var mark = document.createElement('mark');
          walk(child, mark);
          into.appendChild(mark);
        } else if (child.nodeType === 1) walk(child, into);
      }
    })(tpl.content, target);
  }

  // A facet value's label: from the API's facet counts, else from the
  // filter checkboxes (each input sits in its <label>, before its text).
  function facetLabel(data, name, value) {
    var values = data.facets && data.facets[name];
    for (var v = 0; values && v < values.length; v++) {
      if (values[v].value === value && values[v].label) return values[v].label;
    }
    var inputs = document.querySelectorAll('input[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var text = inputs[i].nextSibling;
      if (inputs[i].value === value && text && text.nodeType === 3) return text.nodeValue.trim();
    }
    return value;
  }

  function renderHits(data) {
    var list = document.getElementById('results');
    if (!list) return;
    while (list.firstChild) list.removeChild(list.firstChild);
    (data.hits || []).forEach(function (hit) {
      var li = document.createElement('li');
      li.className = 'hit';
      var article = document.createElement('article');
      var h = document.createElement('h3');
      h.className = 'hit-title';
      h.lang = hit.lang || lang;
      var a = document.createElement('a');
      a.className = 'hit-link';
      a.href = caseUrl(hit.id);
      a.textContent = hit.title || hit.id;
      h.appendChild(a);
      article.appendChild(h);
      var p = document.createElement('p');
      p.className = 'snippet';
      p.lang = hit.lang || lang;
      if (hit.snippet) appendSnippet(p, hit.snippet);
      else p.textContent = hit.summary || '';
      article.appendChild(p);
      var meta = document.createElement('p');
      meta.className = 'hit-meta';
      if (hit.region) {
        var region = document.createElement('span');
        region.textContent = facetLabel(data, 'region', hit.region);
        meta.appendChild(region);
      }
      if (hit.year) {
        var year = document.createElement('span');
        year.textContent = String(hit.year);
        meta.appendChild(year);
      }
      article.appendChild(meta);
      li.appendChild(article);
      list.appendChild(li);
    });
    var count = document.getElementById('result-count');
    if (count) {
      var total = data.total || 0;
      var pattern = count.getAttribute(total === 1 ? 'data-one' : 'data-other') || '{n}';
      count.textContent = pattern.replace('{n}', numbers ? numbers.format(total) : String(total));
    }
    var noHits = document.getElementById('no-hits');
    if (noHits) noHits.hidden = (data.total || 0) > 0;
    var suggestion = document.getElementById('did-you-mean');
    if (suggestion) {
      var link = suggestion.querySelector('a');
      if (data.suggestion && link) {
        link.textContent = data.suggestion;
        var params = pageParams();
        params.set('q', data.suggestion);
        link.href = '/search?' + params.toString();
        suggestion.hidden = false;
      } else {
        suggestion.hidden = true;
      }
    }
    var pagination = $('.pagination');
    if (pagination) pagination.hidden = true;
  }

  function update() {
    var q = box();
    if (!q) return;
    var value = q.value;
    if (value === lastQuery) return;
    lastQuery = value;
    var page = pageParams();
    page.delete('page');
    if (pending && pending.abort) pending.abort();
    pending = window.AbortController ? new AbortController() : null;
    fetch(api + '?' + apiParams(page).toString(), {
      headers: { Accept: 'application/json' },
      signal: pending ? pending.signal : undefined
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (data) {
      renderHits(data);
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, '', '/search?' + page.toString());
      }
    }).catch(function () {
      // The form still works: Enter submits it.
    });
  }

  document.addEventListener('input', function (e) {
    if (!e.target || e.target.id !== 'q') return;
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 300);
  });
})();
