// DOM helpers: elements built with textContent only (API data never becomes markup).

import { flatten } from './api.js';

/** `el('p', { class: 'x' }, 'text', child)`: an element with attributes and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) node.append(c instanceof Node ? c : String(c));
  return node;
}

/** Columns of flattened rows in first-seen order, `first` columns leading. */
export function columnsOf(flatRows, first = []) {
  const cols = new Set(first.filter((c) => flatRows.some((r) => c in r)));
  for (const r of flatRows) for (const k of Object.keys(r)) cols.add(k);
  return [...cols];
}

function cell(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(+v.toFixed(4));
  return String(v);
}

/**
 * Fills `table` with `rows` (objects, nested ones flattened): a caption, a header row with
 * column scopes, at most `max` body rows. Numeric cells are right-aligned by class.
 */
export function renderTable(table, rows, { caption, max = 50, first = ['event_time'] } = {}) {
  const flat = rows.slice(0, max).map((r) => flatten(r));
  const cols = columnsOf(flat, first);
  table.replaceChildren();
  if (caption) table.append(el('caption', {}, caption));
  if (!flat.length) {
    table.append(el('tbody', {}, el('tr', {}, el('td', { class: 'empty' }, 'No rows yet.'))));
    return;
  }
  table.append(el('thead', {}, el('tr', {}, cols.map((c) => el('th', { scope: 'col' }, c)))));
  const body = el('tbody');
  for (const r of flat) body.append(el('tr', {}, cols.map((c) => el('td', { class: typeof r[c] === 'number' ? 'num' : undefined }, cell(r[c])))));
  table.append(body);
}

/** Numeric columns of flattened rows (candidates for the chart). */
export function numericColumns(flatRows) {
  const cols = columnsOf(flatRows);
  return cols.filter((c) => flatRows.some((r) => typeof r[c] === 'number') && flatRows.every((r) => r[c] === undefined || r[c] === null || typeof r[c] === 'number'));
}
