import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from '../../../src/renderer/src/components/Markdown.tsx';

const html = (text: string): string => renderToStaticMarkup(createElement(Markdown, { text }));

describe('the guideline Markdown', () => {
  it('renders paragraphs, lists, emphasis, code and safe links', () => {
    expect(html('Tag **what** is *collected*.\n\n- names\n- `e-mail`\n\n1. first\n2. [OPP-115](https://usableprivacy.org)')).toBe(
      '<div class="markdown"><p>Tag <strong>what</strong> is <em>collected</em>.</p><ul><li>names</li><li><code>e-mail</code></li></ul>' +
        '<ol><li>first</li><li><a href="https://usableprivacy.org" target="_blank" rel="noopener noreferrer">OPP-115</a></li></ol></div>',
    );
  });

  it('never produces HTML from the text: tags, scripts and javascript: links stay text', () => {
    const out = html('<img src=x onerror=alert(1)> <script>alert(2)</script> [click](javascript:alert(3)) **<b>x</b>**');
    expect(out).not.toMatch(/<img|<script|<b>|href=/);
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(out).toContain('[click](javascript:alert(3))');
  });

  it('shows headings as bold lines and keeps snake_case words as they are', () => {
    expect(html('## Apply when\nuser_id and *x*')).toBe('<div class="markdown"><p class="markdown-heading"><strong>Apply when</strong></p><p>user_id and <em>x</em></p></div>');
  });
});
