/** The output formats of `tributary budget`. */
import type { BudgetReport } from '../types';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { renderTable } from './table';

/** Formats `--format` accepts. */
export const FORMATS = ['table', 'markdown', 'json', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** Renders a report in a format. */
export function render(report: BudgetReport, format: Format): string {
  switch (format) {
    case 'table':
      return renderTable(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'html':
      return renderHtml(report);
  }
}
