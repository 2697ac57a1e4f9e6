import { describe, expect, it } from 'vitest';
import { EMOJI, replaceShortcodes } from './emoji.ts';
import { mrkdwnHtml, plainHtml, textObjectHtml } from './mrkdwn.ts';

const ctx = { userName: (id: string) => (id === 'U0JUSTIN' ? 'Justin <Strackany>' : null) };
const html = (text: string) => mrkdwnHtml(text, ctx);

describe('mrkdwn', () => {
  it.each([
    ['*bold*', '<b>bold</b>'],
    ['_italic_', '<i>italic</i>'],
    ['~strike~', '<s>strike</s>'],
    ['`a *b*`', '<code>a *b*</code>'],
    ['*_both_*', '<b><i>both</i></b>'],
    ['a*b*c and snake_case_name', 'a*b*c and snake_case_name'],
    ['* not bold *', '* not bold *'],
    ['line one\nline two', 'line one<br>line two'],
    ['x ```pre *no*\nline``` y', 'x <pre>pre *no*\nline</pre> y'],
    ['```open', '```open'],
    ['&gt; quoted\n&gt; more\nafter', '<blockquote>quoted<br>more</blockquote>after'],
    ['• one\n- two', '<ul class="mrkdwn-list"><li>one</li><li>two</li></ul>'],
    ['-32% usage', '-32% usage'],
    ['&lt;script&gt; &amp; more', '&lt;script&gt; &amp; more'],
    ['Acme & Sons "quoted"', 'Acme &amp; Sons &quot;quoted&quot;'],
    [':tada: :white_check_mark: :no_such_emoji:', '🎉 ✅ :no_such_emoji:'],
    ['09:00:30', '09:00:30'],
    [
      '<!here> <#C1|general> <#C2>',
      '<span class="mention">@here</span> <span class="mention">#general</span> <span class="mention">#C2</span>',
    ],
  ])('%j → %j', (text, expected) => {
    expect(html(text)).toBe(expected);
  });

  it('links with and without a label open in a new tab, styles may wrap them', () => {
    expect(html('<https://x.test/a?b=1&amp;c=2|the *quote*>')).toBe(
      '<a href="https://x.test/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the *quote*</a>',
    );
    expect(html('*<https://x.test>*')).toBe(
      '<b><a href="https://x.test" target="_blank" rel="noopener noreferrer">https://x.test</a></b>',
    );
    expect(html('<mailto:m@x.test|Marcus>')).toContain('href="mailto:m@x.test"');
  });

  it('keeps a link to a dangerous scheme as text only', () => {
    expect(html('<javascript:alert(1)|click>')).toBe('click');
    expect(html('<data:text/html,x>')).toBe('data:text/html,x');
  });

  it('names a known user, escaped, and shows an unknown one by id', () => {
    expect(html('<@U0JUSTIN> and <@U0NOBODY>')).toBe(
      '<span class="mention">@Justin &lt;Strackany&gt;</span> and <span class="mention">@U0NOBODY</span>',
    );
  });

  it('never lets markup through, whatever the text', () => {
    for (const text of [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '"><b>x',
      '\uE0000\uE001',
    ]) {
      const out = html(text);
      expect(out).not.toMatch(/<(script|img|b>x)/);
    }
  });
});

describe('plain_text and text objects', () => {
  it('escapes, converts shortcodes unless emoji is false, keeps newlines', () => {
    expect(plainHtml('<b> :tada:\nnext')).toBe('&lt;b&gt; 🎉<br>next');
    expect(plainHtml(':tada:', false)).toBe(':tada:');
    expect(textObjectHtml({ type: 'plain_text', text: '*not bold*' }, ctx)).toBe('*not bold*');
    expect(textObjectHtml({ type: 'mrkdwn', text: '*bold*' }, ctx)).toBe('<b>bold</b>');
    expect(textObjectHtml(undefined, ctx)).toBe('');
  });

  it('has a character for every shortcode it knows', () => {
    for (const [name, char] of Object.entries(EMOJI)) {
      expect(replaceShortcodes(`:${name}:`)).toBe(char);
    }
  });
});
