/** The stored-XSS corpus of issue 22, shared by the browser tests that store it (xss.spec.ts, blog.spec.ts). */

/** Every vector, each calling __xss with `<tag>:<vector>` if it ever runs; one per line (and paragraph, for Markdown). */
export function corpus(tag: string): string {
  const call = (vector: string) => `window.__xss('${tag}:${vector}')`;
  return [
    `XSS-${tag} corpus follows.`,
    `<script>${call('script')}</script>`,
    `<img src=x onerror="${call('img')}">`,
    `<svg onload="${call('svg')}"><circle r="1"/></svg>`,
    `<svg><script>${call('svg-script')}</script></svg>`,
    `<svg><a xlink:href="javascript:${call('svg-a')}"><text y="20">svg link</text></a></svg>`,
    `<svg><animate onbegin="${call('animate')}" attributeName="x" dur="1s"/></svg>`,
    `<math><mtext><table><mglyph><style><img src=x onerror="${call('mxss')}">`,
    `<math href="javascript:${call('math')}">math link</math>`,
    `<iframe srcdoc="<script>parent.__xss('${tag}:srcdoc')</script>"></iframe>`,
    `<iframe src="javascript:parent.__xss('${tag}:iframe')"></iframe>`,
    `<object data="javascript:${call('object')}"></object>`,
    `<embed src="javascript:${call('embed')}">`,
    `<a href="javascript:${call('a-js')}">a-js</a>`,
    `<a href="data:text/html,<script>parent.__xss('${tag}:a-data')</script>">a-data</a>`,
    `<a href=" JaVaScRiPt:${call('a-case')}">a-case</a>`,
    `<a href="&#106;avascript:${call('a-entity')}">a-entity</a>`,
    `<details open ontoggle="${call('ontoggle')}"><summary>details</summary></details>`,
    `<input autofocus onfocus="${call('autofocus')}">`,
    `<form action="javascript:${call('form')}"><button>go</button></form>`,
    `<video><source onerror="${call('source')}"></video>`,
    `<body onload="${call('body')}">`,
    `<base href="javascript:${call('base')}//">`,
    `<meta http-equiv="refresh" content="0;url=javascript:${call('meta')}">`,
    `<div style="background:url(javascript:${call('css')})">css</div>`,
    `<noscript><p title="</noscript><img src=x onerror=${call('noscript')}>"></noscript>`,
    `"><img src=x onerror="${call('breakout')}">`,
    `' onmouseover='${call('single-quote')}' x='`,
    `{{constructor.constructor('${call('angular')}')()}}`,
    `[md-link](javascript:${call('md-link')})`,
    `![md-image](javascript:${call('md-image')})`,
    `![md-image-attr](x" onerror="${call('md-image-attr')})`,
    `[md-data](data:text/html;base64,${Buffer.from(`<script>parent.__xss('${tag}:md-data')</script>`).toString('base64')})`,
    `[md-entity](&#x6A;avascript:${call('md-entity')})`,
    `[md-reference][ref-${tag}]\n\n[ref-${tag}]: javascript:${call('md-reference')}`,
    `<javascript:${call('autolink')}>`,
  ].join('\n\n');
}
