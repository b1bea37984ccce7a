// Coding a selection of text on the coding page. Progressive enhancement only: without this file
// every paragraph is still coded through its own "Code this paragraph" form.
//
// The text can be selected with the mouse or, once the text area has focus, with Shift and the
// arrow keys (Ctrl or Alt for whole words). Enter or C, or the "Code selected text" button, opens
// a dialog to choose codes; Escape closes it and focus goes back where it was. Offsets are sent
// as UTF-16 units, as the browser counts them, with the revision of the text they refer to: the
// server converts them to code points.

const source = document.getElementById('coding-source');
if (source) enhance(source);

function enhance(source) {
  const toolbar = document.querySelector('.coding-toolbar');
  const button = document.getElementById('code-selection');
  const status = document.getElementById('coding-status');
  const dialog = document.getElementById('coding-panel');
  const form = document.getElementById('coding-panel-form');
  const preview = document.getElementById('coding-panel-selection');
  const filter = document.getElementById('coding-panel-filter');
  const errorBox = document.getElementById('coding-panel-error');
  const errorText = document.getElementById('coding-panel-error-text');
  if (!toolbar || !button || !status || !dialog || !form || typeof dialog.showModal !== 'function') return;

  toolbar.hidden = false;
  for (const element of document.querySelectorAll('.coding-js-only')) element.hidden = false;
  source.tabIndex = 0;
  source.setAttribute('role', 'region');
  source.setAttribute('aria-label', 'Text to code');
  source.setAttribute('aria-describedby', 'coding-instructions coding-status');

  const caret = document.createElement('span');
  caret.className = 'coding-caret';
  caret.setAttribute('aria-hidden', 'true');
  caret.hidden = true;
  source.append(caret);

  /** The current selection inside the text: UTF-16 offsets into the whole source and the words chosen. */
  let chosen = null;
  /** The selection as it was when the dialog opened, put back when it closes. */
  let savedRange = null;
  let opener = null;
  let announceTimer = 0;

  const paragraphs = () => [...source.querySelectorAll('.coding-text')];
  const start16Of = (p) => Number(p.dataset.start16);
  const length16Of = (p) => Number(p.dataset.end16) - Number(p.dataset.start16);

  /** The text of part of a paragraph, leaving out the numbered brackets that mark codings. */
  function plainText(range) {
    const copy = range.cloneContents();
    for (const marker of copy.querySelectorAll('.coding-marker')) marker.remove();
    return copy.textContent ?? '';
  }

  /** UTF-16 units from the start of a paragraph's text to a point inside it. */
  function unitsBefore(paragraph, node, offset) {
    const range = document.createRange();
    range.setStart(paragraph, 0);
    range.setEnd(node, offset);
    return plainText(range).length;
  }

  function describe(range) {
    const touched = paragraphs().filter((p) => range.intersectsNode(p));
    if (!touched.length) return null;
    const first = touched[0];
    const last = touched[touched.length - 1];
    const start16 = start16Of(first) + (first.contains(range.startContainer) ? unitsBefore(first, range.startContainer, range.startOffset) : 0);
    const end16 = start16Of(last) + (last.contains(range.endContainer) ? unitsBefore(last, range.endContainer, range.endOffset) : length16Of(last));
    const parts = touched.map((p) => {
      const part = document.createRange();
      part.selectNodeContents(p);
      if (p.contains(range.startContainer)) part.setStart(range.startContainer, range.startOffset);
      if (p.contains(range.endContainer)) part.setEnd(range.endContainer, range.endOffset);
      return plainText(part);
    });
    const text = parts.join('\n').trim();
    return end16 > start16 && text ? { start16, end16, text } : null;
  }

  function say(message) {
    status.textContent = message;
  }

  function summary(selection) {
    const words = selection.text.length > 80 ? `${selection.text.slice(0, 77)}…` : selection.text;
    return `Selected: “${words}”`;
  }

  /** The selection now, when it is inside the text and not empty. */
  function currentChoice() {
    const selection = document.getSelection();
    const inside = selection && selection.rangeCount > 0 && source.contains(selection.anchorNode);
    return inside && !selection.isCollapsed ? describe(selection.getRangeAt(0)) : null;
  }

  document.addEventListener('selectionchange', () => {
    if (dialog.open) return;
    chosen = currentChoice();
    button.setAttribute('aria-disabled', chosen ? 'false' : 'true');
    // Announced once the selection settles, not at every key press.
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => say(chosen ? summary(chosen) : 'Nothing selected.'), 400);
    if (document.activeElement === source) showCaret();
  });

  function showCaret() {
    const selection = document.getSelection();
    if (!selection || !selection.rangeCount || !source.contains(selection.focusNode)) {
      caret.hidden = true;
      return;
    }
    const point = document.createRange();
    point.setStart(selection.focusNode, selection.focusOffset);
    point.collapse(true);
    const rect = point.getClientRects()[0] ?? point.getBoundingClientRect();
    if (!rect || (rect.height === 0 && rect.top === 0)) {
      caret.hidden = true;
      return;
    }
    const box = source.getBoundingClientRect();
    caret.style.left = `${rect.left - box.left}px`;
    caret.style.top = `${rect.top - box.top}px`;
    caret.style.height = `${rect.height || 20}px`;
    caret.hidden = false;
    caret.scrollIntoView({ block: 'nearest' });
  }

  /** Puts a caret at the start of the text when the text area gets focus without one. */
  function ensureCaret() {
    const selection = document.getSelection();
    if (selection.rangeCount && source.contains(selection.anchorNode)) return;
    const first = paragraphs()[0];
    if (!first) return;
    selection.collapse(first, 0);
  }

  const moves = {
    ArrowLeft: ['backward', 'character', 'word'],
    ArrowRight: ['forward', 'character', 'word'],
    ArrowUp: ['backward', 'line', 'paragraph'],
    ArrowDown: ['forward', 'line', 'paragraph'],
    Home: ['backward', 'lineboundary', 'documentboundary'],
    End: ['forward', 'lineboundary', 'documentboundary'],
  };

  source.addEventListener('focus', (event) => {
    if (event.target !== source) return;
    ensureCaret();
    showCaret();
  });
  source.addEventListener('blur', () => {
    caret.hidden = true;
  });

  source.addEventListener('keydown', (event) => {
    if (event.target !== source) return;
    const move = moves[event.key];
    if (move) {
      const selection = document.getSelection();
      if (typeof selection.modify !== 'function') return;
      event.preventDefault();
      ensureCaret();
      const [direction, unit, bigUnit] = move;
      selection.modify(event.shiftKey ? 'extend' : 'move', direction, event.ctrlKey || event.altKey || event.metaKey ? bigUnit : unit);
      chosen = currentChoice();
      showCaret();
      return;
    }
    const opens = event.key === 'Enter' || ((event.key === 'c' || event.key === 'C') && !event.ctrlKey && !event.metaKey && !event.altKey);
    if (opens) {
      event.preventDefault();
      openPanel();
    }
  });

  // Pressing the button must not take the selection away before the click.
  button.addEventListener('mousedown', (event) => event.preventDefault());
  button.addEventListener('click', () => openPanel());

  function showError(message) {
    errorText.textContent = message;
    errorBox.hidden = false;
    errorBox.focus();
  }

  function openPanel() {
    // The selection as it is now: the event reporting its last change may not have arrived yet.
    chosen = currentChoice() ?? chosen;
    if (!chosen) {
      say('Select some text first, then code it.');
      return;
    }
    opener = document.activeElement === button ? button : source;
    const selection = document.getSelection();
    savedRange = selection.rangeCount ? selection.getRangeAt(0).cloneRange() : null;
    form.reset();
    errorBox.hidden = true;
    applyFilter('');
    preview.textContent = chosen.text.length > 400 ? `${chosen.text.slice(0, 399)}…` : chosen.text;
    dialog.showModal();
    filter?.focus();
  }

  dialog.addEventListener('close', () => {
    caret.hidden = true;
    (opener ?? source).focus();
    if (savedRange) {
      const selection = document.getSelection();
      selection.removeAllRanges();
      selection.addRange(savedRange);
    }
    opener = null;
  });
  dialog.querySelector('[data-coding-cancel]')?.addEventListener('click', () => dialog.close());

  /** Shows the codes whose name contains the words typed, with the codes above them so the tree still reads. */
  function applyFilter(query) {
    const wanted = query.trim().toLowerCase();
    const items = [...dialog.querySelectorAll('.coding-choices__item')].reverse();
    for (const item of items) {
      const own = (item.dataset.codeName ?? '').includes(wanted);
      const child = [...item.querySelectorAll(':scope > ul > li')].some((li) => !li.hidden);
      item.hidden = wanted !== '' && !own && !child;
    }
  }
  filter?.addEventListener('input', () => applyFilter(filter.value));
  // Enter in the search box filters; it does not send the form.
  filter?.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') event.preventDefault();
  });

  let sending = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending || !chosen) return;
    const data = new FormData(form);
    const body = {
      _csrf: String(data.get('_csrf') ?? ''),
      codeIds: data.getAll('codeIds').map(String),
      newCodeName: String(data.get('newCodeName') ?? ''),
      valence: String(data.get('valence') ?? 'neutral'),
      memo: String(data.get('memo') ?? ''),
      start16: chosen.start16,
      end16: chosen.end16,
      revision: Number(source.dataset.revision),
    };
    sending = true;
    const submit = form.querySelector('button[type="submit"]');
    submit?.setAttribute('aria-disabled', 'true');
    try {
      const response = await fetch(source.dataset.action, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': body._csrf },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) {
        showError(answer.message || 'The coding could not be saved. Reload the page and try again.');
        return;
      }
      const next = new URL(answer.next, location.href);
      if (next.pathname + next.search === location.pathname + location.search) {
        location.hash = next.hash;
        location.reload();
      } else {
        location.assign(next.href);
      }
    } catch {
      showError('The coding could not be saved: the connection failed. Try again.');
    } finally {
      sending = false;
      submit?.removeAttribute('aria-disabled');
    }
  });
}
