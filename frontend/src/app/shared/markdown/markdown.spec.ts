import { Clipboard } from '@angular/cdk/clipboard';
import { TestBed } from '@angular/core/testing';
import { Markdown } from './markdown';
import { renderMarkdown } from './markdown-renderer';

describe('Markdown', () => {
  beforeEach(() => localStorage.setItem('webox.language', 'en'));
  afterEach(() => localStorage.clear());

  async function render(text: string) {
    const fixture = TestBed.createComponent(Markdown);
    fixture.componentRef.setInput('text', text);
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  it('renders Markdown: headings, emphasis, lists, tables and links that open in a new tab', async () => {
    const { element } = await render('# Title\n\nSome **bold** text.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[Webox](https://example.com)');
    expect(element.querySelector('h1')?.textContent).toBe('Title');
    expect(element.querySelector('strong')?.textContent).toBe('bold');
    expect(element.querySelectorAll('li')).toHaveLength(2);
    expect(element.querySelector('table td')?.textContent).toBe('1');
    const link = element.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://example.com');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
  });

  it('strips scripts, event handlers and javascript: links from raw HTML', async () => {
    const { element } = await render(
      'Hello <script>window.hacked = true</script><img src=x onerror="window.hacked = true"><a href="javascript:alert(1)" onclick="alert(1)">click</a><div onmouseover="x()" style="position:fixed">styled</div><iframe src="https://evil.test"></iframe>',
    );
    const html = element.innerHTML;
    expect(element.querySelector('script')).toBeNull();
    expect(element.querySelector('iframe')).toBeNull();
    expect(element.querySelector('img')).toBeNull();
    expect(html).not.toMatch(/onerror|onclick|onmouseover|javascript:|style=/i);
    expect(element.textContent).toContain('click');
    expect(element.textContent).toContain('styled');
    expect((window as unknown as { hacked?: boolean }).hacked).toBeUndefined();
  });

  it('turns Markdown images into links instead of loading them', () => {
    const html = renderMarkdown('![a cat](https://images.example/cat.png?leak=secret)');
    expect(html).not.toContain('<img');
    expect(html).toContain('href="https://images.example/cat.png?leak=secret"');
    expect(html).toContain('a cat');
  });

  it('keeps fenced code blocks, highlighted, with their text intact and a copy button', async () => {
    const code = 'const answer: number = 42;\nif (a < b && c > d) console.log("<b>not bold</b>");';
    const { element } = await render(`Before\n\n\`\`\`typescript\n${code}\n\`\`\`\n\nand \`inline <code>\`.`);
    const block = element.querySelector('pre code')!;
    expect(block.classList).toContain('language-typescript');
    expect(block.querySelector('.hljs-keyword')?.textContent).toBe('const');
    expect(block.textContent).toBe(code);
    expect(element.querySelector('pre b')).toBeNull();
    expect(element.querySelector('.code-language')?.textContent).toBe('typescript');
    expect(element.querySelector(':not(pre) > code')?.textContent).toBe('inline <code>');

    const copy = vi.spyOn(TestBed.inject(Clipboard), 'copy').mockReturnValue(true);
    const button = element.querySelector<HTMLButtonElement>('.code-block > button.code-copy')!;
    expect(button.getAttribute('aria-label')).toBe('Copy code');
    button.click();
    expect(copy).toHaveBeenCalledWith(code);
  });

  it('escapes code in an unknown language and renders half-written Markdown as it streams', async () => {
    const { fixture, element } = await render('```brainfuck\n<script>alert(1)</script>');
    expect(element.querySelector('script')).toBeNull();
    expect(element.querySelector('pre code')?.textContent).toBe('<script>alert(1)</script>');

    fixture.componentRef.setInput('text', 'Partial **bol');
    await fixture.whenStable();
    expect(element.textContent).toContain('Partial **bol');
  });
});
