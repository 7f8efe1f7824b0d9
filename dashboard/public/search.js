// Search over what the index drain made searchable (Elasticsearch through `GET api/<id>/search`):
// seconds behind enrich, while the lake's files are still batching. The query is Elasticsearch's
// simple query string (words, "a phrase", a | b, -not, pre*) over all fields.

import { getJson } from './api.js';
import { el, renderTable } from './render.js';

/** Documents indexed and the newest event time of pipeline `id` (`GET api/<id>/live`). */
export const fetchLive = (id, signal) => getJson(`api/${encodeURIComponent(id)}/live`, {}, signal);

/** Runs a search for pipeline `id` and fills `table`, with the totals in `summary`. */
export async function runSearch(id, q, table, summary, signal) {
  summary.textContent = 'Searching…';
  try {
    const body = await getJson(`api/${encodeURIComponent(id)}/search`, { q, limit: 50 }, signal);
    summary.textContent = body.message ?? `${body.total} indexed documents match${q ? ` “${q}”` : ''}; the newest ${body.count} are shown.`;
    renderTable(table, body.hits, { caption: `${id} index: search results, newest first` });
  } catch (err) {
    if (err.name === 'AbortError') return;
    summary.textContent = '';
    table.replaceChildren(el('caption', {}, 'Search failed'), el('tbody', {}, el('tr', {}, el('td', { class: 'error' }, err.message))));
  }
}
